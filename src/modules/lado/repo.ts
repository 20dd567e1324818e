import type { Insertable, Updateable } from 'kysely'
import type { Trx } from '../../db/database.js'
import type { ActionKind, LadoReferralTable, MeetingKind } from './table.js'
import type { ListFilter } from './schema.js'

export function insertReferral(trx: Trx, values: Insertable<LadoReferralTable>) {
  return trx.insertInto('ladoReferral').values(values).returning('id').executeTakeFirstOrThrow()
}

export function insertReferrals(trx: Trx, values: Insertable<LadoReferralTable>[]) {
  return trx.insertInto('ladoReferral').values(values).execute()
}

export function findReferral(trx: Trx, id: string) {
  return trx.selectFrom('ladoReferral').selectAll().where('id', '=', id).executeTakeFirst()
}

export function updateReferral(trx: Trx, id: string, values: Updateable<LadoReferralTable>) {
  return trx.updateTable('ladoReferral').set(values).where('id', '=', id).execute()
}

export async function nextReference(trx: Trx, year: number): Promise<string> {
  const prefix = `LA-${String(year)}-`
  const row = await trx
    .selectFrom('ladoReferral')
    .select(eb => eb.fn.countAll<string>().as('count'))
    .where('reference', 'like', `${prefix}%`)
    .executeTakeFirst()
  return `${prefix}${String(Number(row?.count ?? 0) + 1).padStart(4, '0')}`
}

export function listReferrals(trx: Trx, filter: ListFilter) {
  let query = trx.selectFrom('ladoReferral').selectAll()
  if (filter.sector) query = query.where('sector', '=', filter.sector)
  if (filter.status === 'open') query = query.where('closedOn', 'is', null)
  if (filter.status === 'closed') query = query.where('closedOn', 'is not', null)
  return query.orderBy('receivedOn', 'desc').orderBy('reference', 'desc').limit(1000).execute()
}

/** Other referrals about the same adult, earlier and later. */
export function listReferralsAboutAdult(trx: Trx, adultKey: string, exceptId: string) {
  return trx
    .selectFrom('ladoReferral')
    .select(['id', 'reference', 'receivedOn', 'employer', 'outcome', 'closedOn'])
    .where('adultKey', '=', adultKey)
    .where('id', '!=', exceptId)
    .orderBy('receivedOn')
    .execute()
}

export function listReferralFacts(trx: Trx) {
  return trx
    .selectFrom('ladoReferral')
    .select([
      'id',
      'receivedOn',
      'sector',
      'adultKey',
      'initialConsiderationDueOn',
      'initialConsiderationOn',
      'outcome',
      'closedOn',
    ])
    .execute()
}

export function listMeetings(trx: Trx, referralId: string) {
  return trx
    .selectFrom('ladoMeeting')
    .selectAll()
    .where('referralId', '=', referralId)
    .orderBy('heldOn')
    .execute()
}

export function insertMeeting(
  trx: Trx,
  values: {
    partnershipId: string
    referralId: string
    kind: MeetingKind
    heldOn: string
    attendees: string
    notes: string | null
  },
) {
  return trx.insertInto('ladoMeeting').values(values).returning('id').executeTakeFirstOrThrow()
}

export function listActions(trx: Trx, referralId: string) {
  return trx
    .selectFrom('ladoAction')
    .selectAll()
    .where('referralId', '=', referralId)
    .orderBy('takenOn')
    .execute()
}

export function insertAction(
  trx: Trx,
  values: {
    partnershipId: string
    referralId: string
    kind: ActionKind
    takenOn: string
    notes: string | null
  },
) {
  return trx.insertInto('ladoAction').values(values).returning('id').executeTakeFirstOrThrow()
}
