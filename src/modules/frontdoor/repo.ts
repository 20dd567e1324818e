import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { Database, Db, Trx } from '../../db/database.js'
import type {
  CensusOutcome,
  DraftAnswers,
  ReferralCheckTable,
  ReferralChildTable,
  ReferralTable,
} from './table.js'
import type { Insertable, Updateable } from 'kysely'
export { listActiveAgencies } from '../../platform/directory.js'

export function listPartnerships(db: Db) {
  return db.selectFrom('partnership').select(['id', 'slug', 'name']).orderBy('name').execute()
}

export function findPartnershipBySlug(db: Db, slug: string) {
  return db
    .selectFrom('partnership')
    .select(['id', 'slug', 'name', 'outOfHoursPhone'])
    .where('slug', '=', slug)
    .executeTakeFirst()
}

export function findPartnershipById(db: Db | Trx, id: string) {
  return db
    .selectFrom('partnership')
    .select(['id', 'slug', 'name', 'outOfHoursPhone'])
    .where('id', '=', id)
    .executeTakeFirst()
}

export function findAgencyName(trx: Trx, partnershipId: string, agencyId: string) {
  return trx
    .selectFrom('agency')
    .select('name')
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', agencyId)
    .executeTakeFirst()
}

export function insertDraft(
  trx: Trx,
  values: {
    partnershipId: string
    tokenHash: string
    source: 'public' | 'professional'
    userId: string | null
    answers: DraftAnswers
    expiresAt: Date
  },
) {
  return trx
    .insertInto('referralDraft')
    .values({ ...values, answers: JSON.stringify(values.answers) })
    .returning('id')
    .executeTakeFirstOrThrow()
}

/** A draft that has not expired, by the hash of its token. */
export function findLiveDraft(trx: Trx, partnershipId: string, tokenHash: string) {
  return trx
    .selectFrom('referralDraft')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('tokenHash', '=', tokenHash)
    .where('expiresAt', '>', sql<Date>`now()`)
    .executeTakeFirst()
}

export function lockDraft(trx: Trx, partnershipId: string, draftId: string) {
  return trx
    .selectFrom('referralDraft')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', draftId)
    .forUpdate()
    .executeTakeFirst()
}

export function updateDraftAnswers(
  trx: Trx,
  partnershipId: string,
  draftId: string,
  answers: DraftAnswers,
  expiresAt?: Date,
) {
  return trx
    .updateTable('referralDraft')
    .set({
      answers: JSON.stringify(answers),
      updatedAt: new Date(),
      ...(expiresAt ? { expiresAt } : {}),
    })
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', draftId)
    .where('submittedReferralId', 'is', null)
    .execute()
}

export function markDraftSubmitted(
  trx: Trx,
  partnershipId: string,
  draftId: string,
  referralId: string,
) {
  // The answers are now in the referral: the draft keeps only the link, for a repeated submit.
  return trx
    .updateTable('referralDraft')
    .set({ answers: '{}', submittedReferralId: referralId, updatedAt: new Date() })
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', draftId)
    .execute()
}

export function rotateDraftToken(
  trx: Trx,
  partnershipId: string,
  draftId: string,
  userId: string,
  tokenHash: string,
) {
  return trx
    .updateTable('referralDraft')
    .set({ tokenHash })
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', draftId)
    .where('userId', '=', userId)
    .where('submittedReferralId', 'is', null)
    .where('expiresAt', '>', sql<Date>`now()`)
    .returning('id')
    .executeTakeFirst()
}

export function deleteExpiredDrafts(trx: Trx, partnershipId: string) {
  return trx
    .deleteFrom('referralDraft')
    .where('partnershipId', '=', partnershipId)
    .where('expiresAt', '<=', sql<Date>`now()`)
    .execute()
}

export function listOwnDrafts(trx: Trx, partnershipId: string, userId: string) {
  return trx
    .selectFrom('referralDraft')
    .select(['id', 'answers', 'createdAt', 'updatedAt', 'expiresAt'])
    .where('partnershipId', '=', partnershipId)
    .where('userId', '=', userId)
    .where('submittedReferralId', 'is', null)
    .where('expiresAt', '>', sql<Date>`now()`)
    .orderBy('updatedAt', 'desc')
    .execute()
}

/** The next reference number of the partnership's year: one row lock, so never given twice. */
export async function nextReferenceNumber(trx: Trx, partnershipId: string, year: number) {
  const row = await trx
    .insertInto('referralCounter')
    .values({ partnershipId, year, lastNumber: 1 })
    .onConflict(conflict =>
      conflict
        .columns(['partnershipId', 'year'])
        .doUpdateSet({ lastNumber: sql<number>`referral_counter.last_number + 1` }),
    )
    .returning('lastNumber')
    .executeTakeFirstOrThrow()
  return row.lastNumber
}

export function insertReferral(trx: Trx, values: Insertable<ReferralTable>) {
  return trx
    .insertInto('referral')
    .values(values)
    .returning(['id', 'reference'])
    .executeTakeFirstOrThrow()
}

export async function insertReferralChildren(
  trx: Trx,
  children: Insertable<ReferralChildTable>[],
): Promise<void> {
  if (children.length) await trx.insertInto('referralChild').values(children).execute()
}

export function findReferralReference(trx: Trx, partnershipId: string, referralId: string) {
  return trx
    .selectFrom('referral')
    .select(['id', 'reference', 'source'])
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', referralId)
    .executeTakeFirst()
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
      IS_OVERDUE.as('isOverdue'),
      IS_FEEDBACK_OWED.as('isFeedbackOwed'),
    ])
    .where('partnershipId', '=', partnershipId)
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
      sql<number>`coalesce(checks.requested, 0)`.as('checkCount'),
      sql<number>`coalesce(checks.outstanding, 0)`.as('openCheckCount'),
      sql<number>`coalesce(checks.overdue, 0)`.as('overdueCheckCount'),
    ])
    .orderBy(queueOrderBy('page', options.order))
}

/**
 * The queue at a glance, in one pass over the partnership's referrals: open, overdue, awaiting
 * authorisation, feedback owed, how many match the filters; and the checks with partner agencies
 * outstanding and overdue.
 */
export function queueCounts(trx: Trx, partnershipId: string, filters: QueueFilters) {
  return queueCountsQuery(trx, partnershipId, filters).executeTakeFirstOrThrow()
}

/** The statement behind `queueCounts`, for the benchmark to explain. */
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
}

export function findReferral(trx: Trx, partnershipId: string, id: string, referrerUserId?: string) {
  let query = trx
    .selectFrom('referral')
    .leftJoin('agency', 'agency.id', 'referral.referrerAgencyId')
    .selectAll('referral')
    .select([
      'agency.name as referrerAgencyName',
      'agency.sector as referrerAgencySector',
      sql<boolean>`referral.status <> 'decided' and referral.decision_due_at < now()`.as(
        'isOverdue',
      ),
      sql<string | null>`(select display_name from app_user u where u.id = referral.decided_by)`.as(
        'decidedByName',
      ),
      sql<string | null>`(select display_name from app_user u
        where u.id = referral.authorised_by)`.as('authorisedByName'),
    ])
    .where('referral.partnershipId', '=', partnershipId)
    .where('referral.id', '=', id)
  if (referrerUserId) query = query.where('referral.referrerUserId', '=', referrerUserId)
  return query.executeTakeFirst()
}

export function listReferralChildren(trx: Trx, partnershipId: string, referralId: string) {
  return trx
    .selectFrom('referralChild')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('referralId', '=', referralId)
    .orderBy('position')
    .execute()
}

/** The referral, locked for a change of its triage or decision. */
export function lockReferral(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('referral')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export function updateReferral(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: Updateable<ReferralTable>,
) {
  return trx
    .updateTable('referral')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

export function findReferralChild(
  trx: Trx,
  partnershipId: string,
  referralId: string,
  referralChildId: string,
) {
  return trx
    .selectFrom('referralChild')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('referralId', '=', referralId)
    .where('id', '=', referralChildId)
    .forUpdate()
    .executeTakeFirst()
}

export function linkReferralChild(
  trx: Trx,
  partnershipId: string,
  referralChildId: string,
  values: { childId: string; previousReferralOn: string | null; linkedBy: string },
) {
  return trx
    .updateTable('referralChild')
    .set({ ...values, linkedAt: new Date() })
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', referralChildId)
    .execute()
}

/** What a final decision wrote to the referred child's census record. */
export function setReferralChildCensusOutcome(
  trx: Trx,
  partnershipId: string,
  referralChildId: string,
  censusOutcome: CensusOutcome,
) {
  return trx
    .updateTable('referralChild')
    .set({ censusOutcome })
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', referralChildId)
    .execute()
}

/** When other referrals of the child were received before `before` (London dates are made later). */
export async function listEarlierReferralsOfChild(
  trx: Trx,
  partnershipId: string,
  childId: string,
  referralId: string,
  before: Date,
): Promise<Date[]> {
  const rows = await trx
    .selectFrom('referralChild')
    .innerJoin('referral', 'referral.id', 'referralChild.referralId')
    .select('referral.receivedAt')
    .where('referralChild.partnershipId', '=', partnershipId)
    .where('referralChild.childId', '=', childId)
    .where('referral.id', '<>', referralId)
    .where('referral.receivedAt', '<', before)
    .orderBy('referral.receivedAt', 'desc')
    .execute()
  return rows.map(row => new Date(row.receivedAt))
}

export async function findFrontDoorSettings(trx: Trx, partnershipId: string) {
  const row = await trx
    .selectFrom('frontDoorSetting')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .executeTakeFirst()
  return (
    row ?? {
      partnershipId,
      redHours: 4,
      amberWorkingDays: 1,
      greenWorkingDays: 1,
      requiresAuthorisation: true,
      updatedAt: null,
    }
  )
}

export function upsertFrontDoorSettings(
  trx: Trx,
  values: {
    partnershipId: string
    redHours: number
    amberWorkingDays: number
    greenWorkingDays: number
    requiresAuthorisation: boolean
  },
) {
  const { partnershipId, ...changes } = values
  return trx
    .insertInto('frontDoorSetting')
    .values({ ...values, updatedAt: new Date() })
    .onConflict(conflict =>
      conflict.column('partnershipId').doUpdateSet({ ...changes, updatedAt: new Date() }),
    )
    .execute()
    .then(() => partnershipId)
}

// ---- Checks with partner agencies -------------------------------------------------------------

const CHECK_STATUS = sql<'requested' | 'answered' | 'overdue'>`case
  when referral_check.answered_at is not null then 'answered'
  when referral_check.due_at < now() then 'overdue'
  else 'requested' end`

export function insertReferralChecks(trx: Trx, values: Insertable<ReferralCheckTable>[]) {
  return trx.insertInto('referralCheck').values(values).returning(['id', 'agencyId']).execute()
}

/** The checks asked about one referral, for the front door. */
export function listChecksOfReferral(trx: Trx, partnershipId: string, referralId: string) {
  return trx
    .selectFrom('referralCheck')
    .innerJoin('agency', 'agency.id', 'referralCheck.agencyId')
    .select([
      'referralCheck.id',
      'agency.name as agencyName',
      'referralCheck.question',
      'referralCheck.requestedAt',
      'referralCheck.dueAt',
      'referralCheck.answer',
      'referralCheck.answeredAt',
      CHECK_STATUS.as('status'),
      sql<string | null>`(select display_name from app_user u
        where u.id = referral_check.answered_by)`.as('answeredByName'),
    ])
    .where('referralCheck.partnershipId', '=', partnershipId)
    .where('referralCheck.referralId', '=', referralId)
    .orderBy('referralCheck.requestedAt')
    .orderBy('agency.name')
    .execute()
}

/**
 * The checks asked of the given agencies, with only what an agency needs to answer: the referral
 * reference, each child's name and date of birth, and the question.
 */
export function listChecksForAgencies(trx: Trx, partnershipId: string, agencyIds: string[]) {
  if (agencyIds.length === 0) return Promise.resolve([])
  return trx
    .selectFrom('referralCheck')
    .innerJoin('agency', 'agency.id', 'referralCheck.agencyId')
    .innerJoin('referral', 'referral.id', 'referralCheck.referralId')
    .select([
      'referralCheck.id',
      'referralCheck.referralId',
      'referral.reference',
      'agency.name as agencyName',
      'referralCheck.question',
      'referralCheck.requestedAt',
      'referralCheck.dueAt',
      'referralCheck.answer',
      'referralCheck.answeredAt',
      CHECK_STATUS.as('status'),
      sql<{ name: string; birthDate: string | null; approximateAge: number | null }[]>`(
        select coalesce(json_agg(json_build_object(
          'name', trim(c.given_name || ' ' || coalesce(c.family_name, '')),
          'birthDate', c.birth_date, 'approximateAge', c.approximate_age) order by c.position),
          '[]'::json)
        from referral_child c where c.referral_id = referral_check.referral_id)`.as('children'),
    ])
    .where('referralCheck.partnershipId', '=', partnershipId)
    .where('referralCheck.agencyId', 'in', agencyIds)
    .orderBy(sql`referral_check.answered_at is not null`)
    .orderBy('referralCheck.dueAt')
    .limit(500)
    .execute()
}

/** An unanswered or answered check of one of the agencies, locked; others' checks are not found. */
export function lockCheckForAgencies(
  trx: Trx,
  partnershipId: string,
  checkId: string,
  agencyIds: string[],
) {
  if (agencyIds.length === 0) return Promise.resolve(undefined)
  return trx
    .selectFrom('referralCheck')
    .select(['id', 'referralId', 'agencyId', 'answeredAt'])
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', checkId)
    .where('agencyId', 'in', agencyIds)
    .forUpdate()
    .executeTakeFirst()
}

export function answerReferralCheck(
  trx: Trx,
  checkId: string,
  values: { answer: string; answeredBy: string; answeredAt: Date },
) {
  return trx.updateTable('referralCheck').set(values).where('id', '=', checkId).execute()
}
