import { sql } from 'kysely'
import type { Trx } from '../../../db/database.js'

export function listIssues(trx: Trx, onlyPublished = false) {
  let query = trx.selectFrom('engBulletinIssue').selectAll().orderBy('number', 'desc')
  if (onlyPublished) query = query.where('status', '=', 'published')
  return query.execute()
}

export function findIssue(trx: Trx, id: string) {
  return trx.selectFrom('engBulletinIssue').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findPublishedIssue(trx: Trx, number: number) {
  return trx
    .selectFrom('engBulletinIssue')
    .selectAll()
    .where('number', '=', number)
    .where('status', '=', 'published')
    .executeTakeFirst()
}

export async function nextIssueNumber(trx: Trx): Promise<number> {
  const row = await trx
    .selectFrom('engBulletinIssue')
    .select(sql<number>`coalesce(max(number), 0)::int + 1`.as('next'))
    .executeTakeFirstOrThrow()
  return row.next
}

export function findSubscriberByEmail(trx: Trx, email: string) {
  return trx
    .selectFrom('engSubscriber')
    .selectAll()
    .where(sql<boolean>`lower(email) = lower(${email})`)
    .forUpdate()
    .executeTakeFirst()
}

export function findSubscriber(trx: Trx, id: string) {
  return trx
    .selectFrom('engSubscriber')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export function findSubscriberByToken(trx: Trx, tokenHash: string) {
  return trx
    .selectFrom('engSubscriber')
    .selectAll()
    .where('confirmTokenHash', '=', tokenHash)
    .where('confirmExpiresAt', '>', sql<Date>`now()`)
    .where('status', '=', 'pending')
    .forUpdate()
    .executeTakeFirst()
}

/** Confirmed subscribers the issue has not yet been sent to. */
export function subscribersToSend(trx: Trx, issueId: string) {
  return trx
    .selectFrom('engSubscriber')
    .select(['id', 'email'])
    .where('status', '=', 'confirmed')
    .where(eb =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('engBulletinDelivery')
            .select('id')
            .whereRef('engBulletinDelivery.subscriberId', '=', 'engSubscriber.id')
            .where('engBulletinDelivery.issueId', '=', issueId),
        ),
      ),
    )
    .orderBy('id')
    .execute()
}

export async function subscriberCounts(trx: Trx) {
  const rows = await trx
    .selectFrom('engSubscriber')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.map(r => [r.status, r.n])) as Record<string, number | undefined>
}

export async function deliveryCounts(trx: Trx, issueId: string) {
  const rows = await trx
    .selectFrom('engBulletinDelivery')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('issueId', '=', issueId)
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.map(r => [r.status, r.n])) as Record<string, number | undefined>
}
