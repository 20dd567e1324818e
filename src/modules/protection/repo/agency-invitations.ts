/**
 * Conference invitations as the invited agencies see them, with the conference and the child, for
 * the work tray's invitation pages (offered through `queries.ts`).
 */
import { sql } from 'kysely'
import type { Trx } from '../../../db/database.js'
import { childDisplayName, withChildren } from '../../children/queries.js'

function agencyInvitationQuery(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('conferenceInvitation')
    .innerJoin('conference', 'conference.id', 'conferenceInvitation.conferenceId')
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
      'conference.childId',
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

type InvitationRow = Awaited<
  ReturnType<ReturnType<typeof agencyInvitationQuery>['execute']>
>[number]

/** The invitations with their child's name and dates of birth (read through `children/queries`). */
async function withTheirChildren(trx: Trx, rows: InvitationRow[]) {
  const joined = await withChildren(trx, rows, [
    'givenName',
    'familyName',
    'birthDate',
    'expectedBirthDate',
  ])
  return joined.map(({ givenName, familyName, ...row }) => ({
    ...row,
    childName: childDisplayName({ givenName, familyName }),
  }))
}

/** Invitations of the given agencies (null: every agency), soonest conference first. */
export async function listAgencyInvitations(
  trx: Trx,
  partnershipId: string,
  agencyIds: string[] | null,
) {
  const query = ofAgencies(agencyInvitationQuery(trx, partnershipId), agencyIds)
  if (!query) return []
  const rows = await query
    .orderBy(sql`coalesce(conference.scheduled_at::date, conference.target_date)`, 'desc')
    .limit(500)
    .execute()
  return withTheirChildren(trx, rows)
}

/** One invitation, when it is one of the given agencies' (null: any agency's). */
export async function findAgencyInvitation(
  trx: Trx,
  partnershipId: string,
  id: string,
  agencyIds: string[] | null,
) {
  const query = ofAgencies(agencyInvitationQuery(trx, partnershipId), agencyIds)
  const row = await query?.where('conferenceInvitation.id', '=', id).executeTakeFirst()
  return row ? (await withTheirChildren(trx, [row]))[0] : undefined
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
