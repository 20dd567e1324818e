/**
 * Conference invitations as the invited agencies see them, with the conference and the child, for
 * the work tray's invitation pages (offered through `queries.ts`).
 */
import { sql } from 'kysely'
import type { Trx } from '../../../db/database.js'
import { CHILD_DISPLAY_NAME } from '../../children/queries.js'

function agencyInvitationQuery(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('conferenceInvitation')
    .innerJoin('conference', 'conference.id', 'conferenceInvitation.conferenceId')
    .innerJoin('child', 'child.id', 'conference.childId')
    .innerJoin('agency', 'agency.id', 'conferenceInvitation.agencyId')
    .select([
      'conferenceInvitation.id',
      'conferenceInvitation.agencyId',
      'agency.name as agencyName',
      'conferenceInvitation.inviteeName',
      'conferenceInvitation.reportRequested',
      'conferenceInvitation.reportDueAt',
      'conferenceInvitation.reportText',
      'conferenceInvitation.reportReceivedAt',
      'conference.id as conferenceId',
      'conference.kind',
      'conference.status',
      'conference.targetDate',
      'conference.scheduledAt',
      'conference.venue',
      'child.id as childId',
      CHILD_DISPLAY_NAME.as('childName'),
      'child.birthDate',
      'child.expectedBirthDate',
    ])
    .where('conferenceInvitation.partnershipId', '=', partnershipId)
}

/** The invitations of `agencyIds` only (null: every agency's); null when that is none at all. */
function ofAgencies(
  query: ReturnType<typeof agencyInvitationQuery>,
  agencyIds: string[] | null,
): ReturnType<typeof agencyInvitationQuery> | null {
  if (!agencyIds) return query
  return agencyIds.length === 0
    ? null
    : query.where('conferenceInvitation.agencyId', 'in', agencyIds)
}

/** Invitations of the given agencies (null: every agency), soonest conference first. */
export function listAgencyInvitations(trx: Trx, partnershipId: string, agencyIds: string[] | null) {
  const query = ofAgencies(agencyInvitationQuery(trx, partnershipId), agencyIds)
  if (!query) return Promise.resolve([])
  return query
    .orderBy(sql`coalesce(conference.scheduled_at::date, conference.target_date)`, 'desc')
    .limit(500)
    .execute()
}

/** One invitation, when it is one of the given agencies' (null: any agency's). */
export function findAgencyInvitation(
  trx: Trx,
  partnershipId: string,
  id: string,
  agencyIds: string[] | null,
) {
  const query = ofAgencies(agencyInvitationQuery(trx, partnershipId), agencyIds)
  return (
    query?.where('conferenceInvitation.id', '=', id).executeTakeFirst() ??
    Promise.resolve(undefined)
  )
}

/** The invitation, locked before its agency's report is saved. */
export function lockInvitation(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('conferenceInvitation')
    .select(['id', 'reportReceivedAt'])
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}
