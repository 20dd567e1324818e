import type { Insertable, Updateable } from 'kysely'
import type { Trx } from '../../db/database.js'
import type { CdopNotificationTable, RecommendationCategory } from './table.js'

export type NewNotification = Insertable<CdopNotificationTable>

export function insertNotification(trx: Trx, values: NewNotification) {
  return trx.insertInto('cdopNotification').values(values).returning('id').executeTakeFirstOrThrow()
}

export function findNotification(trx: Trx, id: string) {
  return trx.selectFrom('cdopNotification').selectAll().where('id', '=', id).executeTakeFirst()
}

export function updateNotification(
  trx: Trx,
  id: string,
  values: Updateable<CdopNotificationTable>,
) {
  return trx.updateTable('cdopNotification').set(values).where('id', '=', id).execute()
}

export async function nextReference(trx: Trx, year: number): Promise<string> {
  const prefix = `CD-${String(year)}-`
  const row = await trx
    .selectFrom('cdopNotification')
    .select(eb => eb.fn.countAll<string>().as('count'))
    .where('reference', 'like', `${prefix}%`)
    .executeTakeFirst()
  return `${prefix}${String(Number(row?.count ?? 0) + 1).padStart(3, '0')}`
}

export interface NotificationFilter {
  status?: 'awaiting-review' | 'reviewed' | undefined
  deathKind?: 'expected' | 'unexpected' | undefined
}

export function listNotifications(trx: Trx, filter: NotificationFilter = {}) {
  let query = trx.selectFrom('cdopNotification').selectAll()
  if (filter.status === 'awaiting-review') query = query.where('reviewCompletedOn', 'is', null)
  if (filter.status === 'reviewed') query = query.where('reviewCompletedOn', 'is not', null)
  if (filter.deathKind) query = query.where('deathKind', '=', filter.deathKind)
  return query.orderBy('notifiedOn', 'desc').orderBy('reference', 'desc').execute()
}

export function listReviewFacts(trx: Trx) {
  return trx
    .selectFrom('cdopNotification')
    .select(['notifiedOn', 'deathKind', 'reviewCompletedOn', 'category', 'modifiableFactors'])
    .execute()
}

export function listInformationRequests(trx: Trx, notificationId: string) {
  return trx
    .selectFrom('cdopInformationRequest')
    .selectAll()
    .where('notificationId', '=', notificationId)
    .orderBy('requestedOn')
    .orderBy('agencyName')
    .execute()
}

export function insertInformationRequest(
  trx: Trx,
  values: {
    partnershipId: string
    notificationId: string
    agencyName: string
    requestedOn: string
    dueOn: string
  },
) {
  return trx
    .insertInto('cdopInformationRequest')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function findInformationRequest(trx: Trx, notificationId: string, id: string) {
  return trx
    .selectFrom('cdopInformationRequest')
    .selectAll()
    .where('notificationId', '=', notificationId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function markInformationReceived(trx: Trx, id: string, receivedOn: string) {
  return trx
    .updateTable('cdopInformationRequest')
    .set({ receivedOn })
    .where('id', '=', id)
    .execute()
}

export function listRecommendations(trx: Trx, notificationId: string) {
  return trx
    .selectFrom('cdopRecommendation')
    .selectAll()
    .where('notificationId', '=', notificationId)
    .orderBy('recordedAt')
    .execute()
}

export function insertRecommendation(
  trx: Trx,
  values: {
    partnershipId: string
    notificationId: string
    category: RecommendationCategory
    text: string
  },
) {
  return trx
    .insertInto('cdopRecommendation')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
}
