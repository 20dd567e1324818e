import { sql } from 'kysely'
import type { Trx } from '../../../db/database.js'
export { findAgency } from '../../../platform/directory.js'

/** Every query for agency returns; each runs in a transaction bound to the partnership. */

export function listIndicators(
  trx: Trx,
  partnershipId: string,
  filter: { agencyId?: string | undefined; activeOnly?: boolean } = {},
) {
  let query = trx
    .selectFrom('returnIndicator')
    .innerJoin('agency', 'agency.id', 'returnIndicator.agencyId')
    .selectAll('returnIndicator')
    .select('agency.name as agencyName')
    .where('returnIndicator.partnershipId', '=', partnershipId)
    .orderBy('agency.name')
    .orderBy('returnIndicator.name')
  if (filter.agencyId) query = query.where('returnIndicator.agencyId', '=', filter.agencyId)
  if (filter.activeOnly) query = query.where('returnIndicator.isActive', '=', true)
  return query.execute()
}

export function findIndicator(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('returnIndicator')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function findIndicatorClash(
  trx: Trx,
  partnershipId: string,
  values: { key: string; name: string },
  exceptId: string | null,
) {
  let query = trx
    .selectFrom('returnIndicator')
    .select(['id', 'key', 'name'])
    .where('partnershipId', '=', partnershipId)
    .where(eb => eb.or([eb('key', '=', values.key), eb('name', '=', values.name)]))
  if (exceptId) query = query.where('id', '<>', exceptId)
  return query.executeTakeFirst()
}

export interface IndicatorValues {
  key: string
  name: string
  definition: string
  agencyId: string
  frequency: string
  polarity: string
  unit: string
  isActive: boolean
}

export async function insertIndicator(trx: Trx, partnershipId: string, values: IndicatorValues) {
  const row = await trx
    .insertInto('returnIndicator')
    .values({ partnershipId, ...values })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export function updateIndicator(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: IndicatorValues,
) {
  return trx
    .updateTable('returnIndicator')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

/** The agency's safeguarding leads who can still sign in: they are sent the reminders. */
export function listAgencyLeads(trx: Trx, partnershipId: string, agencyId: string) {
  return trx
    .selectFrom('roleGrant')
    .innerJoin('appUser', 'appUser.id', 'roleGrant.userId')
    .select(['appUser.id', 'appUser.email', 'appUser.displayName'])
    .where('roleGrant.partnershipId', '=', partnershipId)
    .where('roleGrant.role', '=', 'agency-lead')
    .where('roleGrant.agencyId', '=', agencyId)
    .where('appUser.disabledAt', 'is', null)
    .orderBy('appUser.displayName')
    .execute()
}

export function findReturnFor(trx: Trx, partnershipId: string, agencyId: string, start: string) {
  return trx
    .selectFrom('agencyReturn')
    .select('id')
    .where('partnershipId', '=', partnershipId)
    .where('agencyId', '=', agencyId)
    .where('periodStart', '=', start)
    .executeTakeFirst()
}

export async function insertReturn(
  trx: Trx,
  values: {
    partnershipId: string
    agencyId: string
    periodStart: string
    periodEnd: string
    dueOn: string
    requestedBy: string
  },
) {
  const row = await trx
    .insertInto('agencyReturn')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

function returnsWithCounts(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('agencyReturn')
    .innerJoin('agency', 'agency.id', 'agencyReturn.agencyId')
    .leftJoin('appUser as signer', 'signer.id', 'agencyReturn.signedOffBy')
    .selectAll('agencyReturn')
    .select(['agency.name as agencyName', 'signer.displayName as signedOffByName'])
    .select(eb =>
      eb
        .selectFrom('agencyReturnValue')
        .select(sql<number>`count(distinct indicator_id)::int`.as('n'))
        .whereRef('agencyReturnValue.returnId', '=', 'agencyReturn.id')
        .as('valuesGiven'),
    )
    .select(eb =>
      eb
        .selectFrom('reminderSent')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('reminderSent.partnershipId', '=', partnershipId)
        .whereRef(
          'reminderSent.itemKey',
          'like',
          sql<string>`'agency-return:' || agency_return.id || '%'`,
        )
        .as('remindersSent'),
    )
    .select(eb =>
      eb
        .selectFrom('reminderSent')
        .select(eb2 => eb2.fn.max('reminderSent.sentAt').as('at'))
        .where('reminderSent.partnershipId', '=', partnershipId)
        .whereRef(
          'reminderSent.itemKey',
          'like',
          sql<string>`'agency-return:' || agency_return.id || '%'`,
        )
        .as('lastReminderAt'),
    )
    .where('agencyReturn.partnershipId', '=', partnershipId)
}

export function listReturns(
  trx: Trx,
  partnershipId: string,
  filter: { periodStart?: string | undefined; agencyIds?: string[] | undefined },
) {
  let query = returnsWithCounts(trx, partnershipId)
    .orderBy('agencyReturn.periodStart', 'desc')
    .orderBy('agency.name')
  if (filter.periodStart) query = query.where('agencyReturn.periodStart', '=', filter.periodStart)
  if (filter.agencyIds) {
    if (filter.agencyIds.length === 0) return Promise.resolve([])
    query = query.where('agencyReturn.agencyId', 'in', filter.agencyIds)
  }
  return query.execute()
}

export function findReturn(trx: Trx, partnershipId: string, id: string) {
  return returnsWithCounts(trx, partnershipId).where('agencyReturn.id', '=', id).executeTakeFirst()
}

/** Every revision of every figure of a return, newest first, with who entered it. */
export function listValues(trx: Trx, returnId: string) {
  return trx
    .selectFrom('agencyReturnValue')
    .leftJoin('appUser', 'appUser.id', 'agencyReturnValue.enteredBy')
    .selectAll('agencyReturnValue')
    .select('appUser.displayName as enteredByName')
    .where('agencyReturnValue.returnId', '=', returnId)
    .orderBy('agencyReturnValue.indicatorId')
    .orderBy('agencyReturnValue.revision', 'desc')
    .execute()
}

export function insertValue(
  trx: Trx,
  values: {
    partnershipId: string
    returnId: string
    indicatorId: string
    revision: number
    value: number
    source: 'form' | 'upload'
    enteredBy: string
  },
) {
  return trx.insertInto('agencyReturnValue').values(values).execute()
}

export function setSignOff(
  trx: Trx,
  partnershipId: string,
  id: string,
  signedOff: { by: string; at: Date } | null,
) {
  return trx
    .updateTable('agencyReturn')
    .set({ signedOffBy: signedOff?.by ?? null, signedOffAt: signedOff?.at ?? null })
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

/** Returns not yet signed off, for the reminders. */
export function listOpenReturns(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('agencyReturn')
    .innerJoin('agency', 'agency.id', 'agencyReturn.agencyId')
    .select([
      'agencyReturn.id',
      'agencyReturn.agencyId',
      'agencyReturn.periodStart',
      'agencyReturn.dueOn',
      'agency.name as agencyName',
    ])
    .where('agencyReturn.partnershipId', '=', partnershipId)
    .where('agencyReturn.signedOffAt', 'is', null)
    .execute()
}

/** The signed-off value of each quarter for the indicators asked for, oldest first. */
export function listSignedOffValues(trx: Trx, partnershipId: string, indicatorIds: string[]) {
  if (indicatorIds.length === 0) return Promise.resolve([])
  return trx
    .selectFrom('agencyReturnValue as v')
    .innerJoin('agencyReturn as r', 'r.id', 'v.returnId')
    .select(['v.indicatorId', 'r.periodStart', 'v.value', 'v.revision'])
    .where('v.partnershipId', '=', partnershipId)
    .where('r.signedOffAt', 'is not', null)
    .where('v.indicatorId', 'in', indicatorIds)
    .orderBy('r.periodStart')
    .orderBy('v.revision', 'desc')
    .execute()
}

export function findIndicatorsByKeys(trx: Trx, partnershipId: string, keys: string[]) {
  if (keys.length === 0) return Promise.resolve([])
  return trx
    .selectFrom('returnIndicator')
    .innerJoin('agency', 'agency.id', 'returnIndicator.agencyId')
    .selectAll('returnIndicator')
    .select('agency.name as agencyName')
    .where('returnIndicator.partnershipId', '=', partnershipId)
    .where('returnIndicator.key', 'in', keys)
    .execute()
}
