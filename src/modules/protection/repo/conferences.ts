/** Conferences and invitations. */
import { sql, type Insertable, type Updateable } from 'kysely'
import type { Trx } from '../../../db/database.js'
import { withChild, withChildren } from '../../children/queries.js'
import type { ConferenceInvitationTable, ConferenceTable } from '../table.js'

export function insertConference(trx: Trx, values: Insertable<ConferenceTable>) {
  return trx.insertInto('conference').values(values).returning('id').executeTakeFirstOrThrow()
}

const CHILD = ['givenName', 'familyName', 'laChildId'] as const

export async function findConference(trx: Trx, partnershipId: string, id: string, lock = false) {
  const query = trx
    .selectFrom('conference')
    .leftJoin('appUser as chair', 'chair.id', 'conference.chairId')
    .selectAll('conference')
    .select('chair.displayName as chairName')
    .where('conference.partnershipId', '=', partnershipId)
    .where('conference.id', '=', id)
  const row = await (lock ? query.forUpdate(['conference']) : query).executeTakeFirst()
  return withChild(trx, row, CHILD)
}

export function updateConference(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: Updateable<ConferenceTable>,
) {
  return trx
    .updateTable('conference')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

/** Open conferences (to schedule or scheduled) of an enquiry or a plan. */
export function listOpenConferences(
  trx: Trx,
  partnershipId: string,
  of: { section47Id: string } | { planId: string },
) {
  let query = trx
    .selectFrom('conference')
    .select(['id', 'status', 'targetDate'])
    .where('partnershipId', '=', partnershipId)
    .where('status', 'in', ['to-schedule', 'scheduled'])
  query =
    'section47Id' in of
      ? query.where('section47Id', '=', of.section47Id)
      : query.where('planId', '=', of.planId)
  return query.execute()
}

export function listConferencesOfChild(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('conference')
    .select([
      'id',
      'kind',
      'status',
      'targetDate',
      'scheduledAt',
      'heldOn',
      'outcome',
      'category',
      'section47Id',
      'planId',
    ])
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', childId)
    .orderBy('targetDate')
    .execute()
}

export function listConferencesOfPlan(trx: Trx, partnershipId: string, planId: string) {
  return trx
    .selectFrom('conference')
    .select(['id', 'kind', 'status', 'targetDate', 'scheduledAt', 'heldOn', 'outcome'])
    .where('partnershipId', '=', partnershipId)
    .where('planId', '=', planId)
    .orderBy('targetDate')
    .execute()
}

export async function listConferences(
  trx: Trx,
  partnershipId: string,
  filter: { show: string; today: string; limit: number },
) {
  let query = trx
    .selectFrom('conference')
    .leftJoin('appUser as chair', 'chair.id', 'conference.chairId')
    .select([
      'conference.id',
      'conference.kind',
      'conference.status',
      'conference.targetDate',
      'conference.scheduledAt',
      'conference.heldOn',
      'conference.outcome',
      'conference.category',
      'conference.venue',
      'conference.preBirth',
      'conference.childId',
      'chair.displayName as chairName',
    ])
    .where('conference.partnershipId', '=', partnershipId)
  switch (filter.show) {
    case 'to-schedule':
      query = query.where('conference.status', '=', 'to-schedule')
      break
    case 'upcoming':
      query = query.where('conference.status', '=', 'scheduled')
      break
    case 'held':
      query = query.where('conference.status', '=', 'held')
      break
    case 'overdue':
      // Not held by its target: still open after the target date, or held after it.
      query = query.where(eb =>
        eb.or([
          eb.and([
            eb('conference.status', 'in', ['to-schedule', 'scheduled']),
            eb('conference.targetDate', '<', filter.today),
          ]),
          eb.and([
            eb('conference.status', '=', 'held'),
            eb('conference.heldOn', '>', eb.ref('conference.targetDate')),
          ]),
        ]),
      )
      break
  }
  const rows = await query
    .orderBy(sql`case conference.status when 'held' then 1 when 'cancelled' then 2 else 0 end`)
    .orderBy('conference.targetDate')
    .orderBy('conference.id')
    .limit(filter.limit)
    .execute()
  return withChildren(trx, rows, CHILD)
}

export function insertInvitations(trx: Trx, rows: Insertable<ConferenceInvitationTable>[]) {
  return trx.insertInto('conferenceInvitation').values(rows).returning(['id', 'agencyId']).execute()
}

export function listInvitations(trx: Trx, partnershipId: string, conferenceId: string) {
  return trx
    .selectFrom('conferenceInvitation')
    .innerJoin('agency', 'agency.id', 'conferenceInvitation.agencyId')
    .selectAll('conferenceInvitation')
    .select('agency.name as agencyName')
    .where('conferenceInvitation.partnershipId', '=', partnershipId)
    .where('conferenceInvitation.conferenceId', '=', conferenceId)
    .orderBy('agency.name')
    .orderBy('conferenceInvitation.createdAt')
    .execute()
}

export function updateInvitation(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: Updateable<ConferenceInvitationTable>,
) {
  return trx
    .updateTable('conferenceInvitation')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

export function setReportsDue(
  trx: Trx,
  partnershipId: string,
  conferenceId: string,
  reportDueAt: Date,
) {
  return trx
    .updateTable('conferenceInvitation')
    .set({ reportDueAt })
    .where('partnershipId', '=', partnershipId)
    .where('conferenceId', '=', conferenceId)
    .where('reportRequested', '=', true)
    .execute()
}
