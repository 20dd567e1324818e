import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { Database, Trx } from '../../../db/database.js'
import { isLikelyDuplicate } from './duplicates.js'

/** A child of a referral as the queue names them: name and age. */
export interface QueueChild {
  givenName: string
  familyName: string | null
  birthDate: string | null
  approximateAge: number | null
}

export type QueueSort = 'due' | 'received'

/** Referrals and their decisions. `referrerUserId` limits them to one referrer's own. */
export function listReferrals(
  trx: Trx,
  partnershipId: string,
  options: { sort: QueueSort; order: 'asc' | 'desc'; referrerUserId?: string; limit: number },
) {
  let query = trx
    .selectFrom('referral')
    .select(['id', 'reference', 'source', 'status', 'receivedAt', 'decisionDueAt', 'decision'])
    .where('partnershipId', '=', partnershipId)
  if (options.referrerUserId) query = query.where('referrerUserId', '=', options.referrerUserId)
  const column = options.sort === 'due' ? 'decisionDueAt' : 'receivedAt'
  return query.orderBy(column, options.order).orderBy('reference').limit(options.limit).execute()
}

// ---- The front door queue -----------------------------------------------------------------

export interface QueueFilters {
  /** open: received or awaiting authorisation, the front door's work still to do. */
  status: 'all' | 'open' | 'received' | 'awaiting-authorisation' | 'decided'
  rag: 'any' | 'red' | 'amber' | 'green' | 'unrated'
  due: 'any' | 'overdue'
  allocation: 'any' | 'allocated' | 'unallocated'
  feedback: 'any' | 'owed'
  duplicate: 'any' | 'likely'
}

/** Every referral: the queue's filters as they start. */
export const NO_QUEUE_FILTERS: QueueFilters = {
  status: 'all',
  rag: 'any',
  due: 'any',
  allocation: 'any',
  feedback: 'any',
  duplicate: 'any',
}

export interface QueueOrder {
  sort: QueueSort
  order: 'asc' | 'desc'
}

const IS_OVERDUE = sql<boolean>`(status <> 'decided' and decision_due_at < now())`
/** A professional who referred is told the outcome; until then it is owed. */
const IS_FEEDBACK_OWED = sql<boolean>`(source = 'professional' and feedback_sent_at is null)`

/** The filters as a condition; the partnership is the caller's to add. */
function matchesQueueFilters(eb: ExpressionBuilder<Database, 'referral'>, filters: QueueFilters) {
  const conditions: Expression<SqlBool>[] = []
  if (filters.status === 'open') conditions.push(eb('referral.status', '<>', 'decided'))
  else if (filters.status !== 'all') conditions.push(eb('referral.status', '=', filters.status))
  if (filters.rag === 'unrated') conditions.push(eb('referral.ragRating', 'is', null))
  else if (filters.rag !== 'any') conditions.push(eb('referral.ragRating', '=', filters.rag))
  if (filters.due === 'overdue') conditions.push(IS_OVERDUE)
  if (filters.allocation !== 'any') {
    conditions.push(
      eb('referral.allocatedTo', filters.allocation === 'allocated' ? 'is not' : 'is', null),
    )
  }
  if (filters.feedback === 'owed') conditions.push(IS_FEEDBACK_OWED)
  if (filters.duplicate === 'likely') conditions.push(isLikelyDuplicate('referral'))
  return eb.and(conditions)
}

/**
 * By due time, the work still to do comes first: among open referrals the overdue ones are due
 * earliest, so they lead; decided referrals follow. By receipt, simply in the order received.
 * Ascending, both orders are read straight from an index (referral_queue_order, referral_received).
 */
function queueOrderBy(table: 'referral' | 'page', { sort, order }: QueueOrder) {
  const column = (name: string) => sql.ref(`${table}.${name}`)
  const direction = sql.raw(order)
  return sort === 'due'
    ? sql`(${column('status')} = 'decided'), ${column('decision_due_at')} ${direction}, ${column('reference')} ${direction}`
    : sql`${column('received_at')} ${direction}, ${column('reference')} ${direction}`
}

/**
 * One page of the queue with, for those rows only, their children, checks and allocation. The
 * page is chosen first and the per-row counts joined to its rows, so a page costs the same
 * whether 50 or 50,000 referrals match.
 */
export function listQueuePage(
  trx: Trx,
  partnershipId: string,
  options: { filters: QueueFilters; order: QueueOrder; limit: number; offset: number },
) {
  return queuePageQuery(trx, partnershipId, options).execute()
}

/** The statement behind `listQueuePage`, for the benchmark to explain. */
export function queuePageQuery(
  trx: Trx,
  partnershipId: string,
  options: { filters: QueueFilters; order: QueueOrder; limit: number; offset: number },
) {
  const page = trx
    .selectFrom('referral')
    .select([
      'id',
      'reference',
      'source',
      'status',
      'ragRating',
      'receivedAt',
      'decisionDueAt',
      'decision',
      'decidedAt',
      'authorisedAt',
      'feedbackSentAt',
      'allocatedTo',
      'partnershipId',
      'duplicateOfId',
      IS_OVERDUE.as('isOverdue'),
      IS_FEEDBACK_OWED.as('isFeedbackOwed'),
    ])
    .where('partnershipId', '=', partnershipId)
    // A contact joined to the first about the child is decided with it, not in the queue.
    .where('duplicateOfId', 'is', null)
    .where(eb => matchesQueueFilters(eb, options.filters))
    .orderBy(queueOrderBy('referral', options.order))
    .limit(options.limit)
    .offset(options.offset)
  return trx
    .selectFrom(page.as('page'))
    .leftJoin('appUser as allocatedUser', 'allocatedUser.id', 'page.allocatedTo')
    .leftJoinLateral(
      eb =>
        eb
          .selectFrom('referralChild as c')
          .select([
            sql<number>`count(*)::int`.as('count'),
            sql<boolean>`coalesce(bool_or(c.previous_referral_on is not null), false)`.as(
              'isReReferral',
            ),
            sql<QueueChild[]>`coalesce(jsonb_agg(jsonb_build_object('givenName', c.given_name,
              'familyName', c.family_name, 'birthDate', c.birth_date,
              'approximateAge', c.approximate_age) order by c.position), '[]'::jsonb)`.as('people'),
          ])
          .whereRef('c.referralId', '=', 'page.id')
          .as('children'),
      join => join.onTrue(),
    )
    .leftJoinLateral(
      eb =>
        eb
          .selectFrom('referralCheck as k')
          .select([
            sql<number>`count(*)::int`.as('requested'),
            sql<number>`(count(*) filter (where k.answered_at is null))::int`.as('outstanding'),
            sql<number>`(count(*) filter (where k.answered_at is null
              and k.due_at < now()))::int`.as('overdue'),
          ])
          .whereRef('k.referralId', '=', 'page.id')
          .as('checks'),
      join => join.onTrue(),
    )
    .selectAll('page')
    .select([
      'allocatedUser.displayName as allocatedToName',
      'children.count as childCount',
      'children.isReReferral',
      'children.people as children',
      isLikelyDuplicate('page').as('isLikelyDuplicate'),
      sql<number>`coalesce(checks.requested, 0)`.as('checkCount'),
      sql<number>`coalesce(checks.outstanding, 0)`.as('openCheckCount'),
      sql<number>`coalesce(checks.overdue, 0)`.as('overdueCheckCount'),
    ])
    .orderBy(queueOrderBy('page', options.order))
}

/**
 * The queue at a glance, in one pass over the partnership's referrals: open, overdue, awaiting
 * authorisation, feedback owed, how many match the filters; and the checks with partner agencies
 * outstanding and overdue. The queue page reads it with its other figures in one statement; the
 * benchmark explains it.
 */
export function queueCountsQuery(trx: Trx, partnershipId: string, filters: QueueFilters) {
  const count = (condition: Expression<SqlBool>) =>
    sql<number>`(count(*) filter (where ${condition}))::int`
  return trx
    .selectFrom('referral')
    .select(eb => [
      count(eb('status', '<>', 'decided')).as('open'),
      count(IS_OVERDUE).as('overdue'),
      count(eb('status', '=', 'awaiting-authorisation')).as('awaitingAuthorisation'),
      count(IS_FEEDBACK_OWED).as('feedbackOwed'),
      count(matchesQueueFilters(eb, filters)).as('matching'),
      sql<number>`(select count(*) from referral_check k where k.partnership_id = ${partnershipId}
        and k.answered_at is null)::int`.as('checksOutstanding'),
      sql<number>`(select count(*) from referral_check k where k.partnership_id = ${partnershipId}
        and k.answered_at is null and k.due_at < now())::int`.as('checksOverdue'),
    ])
    .where('partnershipId', '=', partnershipId)
    .where('duplicateOfId', 'is', null)
}
