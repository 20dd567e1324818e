/**
 * Read models of the census-aligned children's records (CIN episodes, assessments, Section 47
 * enquiries, child protection plans) offered to the reporting modules (ADR 0005). Both the front
 * door and a census import write these tables, so figures computed from these rows are the same
 * whichever way the records came. Rows carry ids for joining in memory, never names.
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import { SeededRandom } from '../../platform/random.js'
import { addCalendarMonths, type IsoDate } from '../../platform/working-days.js'
import { activeTeams } from '../worktray/queries.js'
import * as repo from './repo.js'

export { childRecord, type TimelineEvent } from './service/record.js'

export interface CinWindow {
  from: IsoDate
  to: IsoDate
}

export interface CinEpisodeRow {
  episodeId: string
  childId: string
  referralDate: IsoDate
  referralSource: string | null
  primaryNeedCode: string | null
  closureDate: IsoDate | null
  reasonForClosure: string | null
  referralNfa: boolean | null
  dateOfInitialCpc: IsoDate | null
  section47Count: number
}

const asDate = (column: string) => sql<IsoDate>`${sql.ref(column)}::text`
const asNullableDate = (column: string) => sql<IsoDate | null>`${sql.ref(column)}::text`

/**
 * Episodes referred from 12 months before the window up to its end (for re-referrals), and
 * episodes open at any time in the window.
 */
export function cinEpisodesFor(trx: Trx, window: CinWindow): Promise<CinEpisodeRow[]> {
  const lookBack = addCalendarMonths(window.from, -12)
  return (
    trx
      .selectFrom('cinEpisode as e')
      // One grouped count of all enquiries joined by hash, not a count per episode (a subplan run
      // 40,000 times for a large authority's year: most of this query's time on PGlite).
      .leftJoin(
        eb =>
          eb
            .selectFrom('section47')
            .select(['episodeId', sql<number>`count(*)::int`.as('enquiries')])
            .groupBy('episodeId')
            .as('s'),
        join => join.onRef('s.episodeId', '=', 'e.id'),
      )
      .select([
        'e.id as episodeId',
        'e.childId',
        asDate('e.referralDate').as('referralDate'),
        'e.referralSource',
        'e.primaryNeedCode',
        asNullableDate('e.closureDate').as('closureDate'),
        'e.reasonForClosure',
        'e.referralNfa',
        asNullableDate('e.dateOfInitialCpc').as('dateOfInitialCpc'),
        sql<number>`coalesce(s.enquiries, 0)`.as('section47Count'),
      ])
      .where('e.referralDate', '<=', window.to)
      .where(eb =>
        eb.or([
          eb('e.referralDate', '>=', lookBack),
          eb('e.closureDate', 'is', null),
          eb('e.closureDate', '>=', window.from),
        ]),
      )
      .execute()
  )
}

export interface AssessmentRow {
  episodeId: string
  childId: string
  referralDate: IsoDate
  startDate: IsoDate
  authorisationDate: IsoDate | null
  factors: string[]
}

/** Assessments authorised in the window. */
export async function assessmentsAuthorisedIn(
  trx: Trx,
  window: CinWindow,
): Promise<AssessmentRow[]> {
  const rows = await trx
    .selectFrom('assessment as a')
    .innerJoin('cinEpisode as e', 'e.id', 'a.episodeId')
    .select([
      'a.episodeId',
      'e.childId',
      asDate('e.referralDate').as('referralDate'),
      asDate('a.startDate').as('startDate'),
      asNullableDate('a.authorisationDate').as('authorisationDate'),
      'a.factors',
    ])
    .where('a.authorisationDate', '>=', window.from)
    .where('a.authorisationDate', '<=', window.to)
    .execute()
  return rows.map(row => ({ ...row, factors: row.factors ?? [] }))
}

export interface Section47Row {
  section47Id: string
  episodeId: string
  childId: string
  startDate: IsoDate
  dateOfInitialCpc: IsoDate | null
  icpcNotRequired: boolean | null
  strategyDiscussionId: string | null
}

/** Section 47 enquiries started in the window or whose initial conference was in it. */
export function section47sFor(trx: Trx, window: CinWindow): Promise<Section47Row[]> {
  return trx
    .selectFrom('section47 as s')
    .innerJoin('cinEpisode as e', 'e.id', 's.episodeId')
    .select([
      's.id as section47Id',
      's.episodeId',
      'e.childId',
      asDate('s.startDate').as('startDate'),
      asNullableDate('s.dateOfInitialCpc').as('dateOfInitialCpc'),
      's.icpcNotRequired',
      's.strategyDiscussionId',
    ])
    .where(eb =>
      eb.or([
        eb.between('s.startDate', window.from, window.to),
        eb.between('s.dateOfInitialCpc', window.from, window.to),
      ]),
    )
    .execute()
}

export interface ProtectionPlanRow {
  planId: string
  childId: string
  startDate: IsoDate
  endDate: IsoDate | null
  initialCategory: string | null
  latestCategory: string | null
  /** What a census said the child had before (NumberOfPreviousCPP), when it said. */
  numberOfPreviousPlans: number | null
  /** Plans of the same child that started earlier, as the records hold them. */
  earlierPlansInRecord: number
  reviewDates: IsoDate[]
  endReason: string | null
  birthDate: IsoDate | null
  sex: string | null
  ethnicity: string | null
}

/**
 * Plans open at any time in the window (started by its end, not ended before its start), with
 * how many plans of the same child started earlier (a window over all the child's plans, not a
 * correlated count per plan).
 */
export function protectionPlansFor(trx: Trx, window: CinWindow): Promise<ProtectionPlanRow[]> {
  return trx
    .selectFrom(eb =>
      eb
        .selectFrom('childProtectionPlan as plan')
        .innerJoin('cinEpisode as episode', 'episode.id', 'plan.episodeId')
        .selectAll('plan')
        .select([
          'episode.childId',
          sql<number>`(rank() over (partition by episode.child_id order by plan.start_date) - 1)::int`.as(
            'earlier',
          ),
        ])
        .as('p'),
    )
    .innerJoin('child as c', 'c.id', 'p.childId')
    .select([
      'p.id as planId',
      'p.childId',
      asDate('p.startDate').as('startDate'),
      asNullableDate('p.endDate').as('endDate'),
      'p.initialCategory',
      'p.latestCategory',
      'p.numberOfPreviousPlans',
      'p.earlier as earlierPlansInRecord',
      sql<IsoDate[]>`p.review_dates::text[]`.as('reviewDates'),
      sql<string | null>`p.end_reason`.as('endReason'),
      asNullableDate('c.birthDate').as('birthDate'),
      sql<string | null>`coalesce(c.gender_current, c.sex)`.as('sex'),
      'c.ethnicity',
    ])
    .where('p.startDate', '<=', window.to)
    .where(eb => eb.or([eb('p.endDate', 'is', null), eb('p.endDate', '>=', window.from)]))
    .execute()
}

// ---- The child a record of another module is about (registers, early help, protection) ------

/** What a register shows of a child: enough to recognise them, nothing more. */
export interface RegisterChild {
  id: string
  laChildId: string
  givenName: string | null
  familyName: string | null
  birthDate: string | null
}

/** The child with this LA child ID (letters and digits, as the census holds it), if any. */
export function findRegisterChildByLaId(
  trx: Trx,
  laChildId: string,
): Promise<RegisterChild | undefined> {
  return trx
    .selectFrom('child')
    .select(['id', 'laChildId', 'givenName', 'familyName', 'birthDate'])
    .where('laChildId', '=', laChildId)
    .where('mergedIntoId', 'is', null)
    .executeTakeFirst()
}

/** A child as another module's list shows them (ADR 0005: joined in memory by `childId`). */
export interface ListedChild extends RegisterChild {
  expectedBirthDate: string | null
  deathDate: string | null
  /** Set when the record was a duplicate merged into another: lists of current work leave it out. */
  mergedIntoId: string | null
}

/** The children with these ids, by family name then given name as the database sorts them. */
export function listedChildren(trx: Trx, ids: readonly string[]): Promise<ListedChild[]> {
  return repo.listChildrenForLists(trx, ids)
}

/** The child's name for a list: the known parts with a space between, null when neither is known. */
export function childDisplayName(child: {
  givenName: string | null
  familyName: string | null
}): string | null {
  return [child.givenName, child.familyName].filter(part => part !== null).join(' ') || null
}

/** A field of the child that a reading module joins to its rows. */
export type ChildField = keyof ListedChild

/** A reading module's row with the fields of its child. */
export type WithChild<R, F extends ChildField> = R & Pick<ListedChild, F>

function pick<F extends ChildField>(child: ListedChild, fields: readonly F[]) {
  return Object.fromEntries(fields.map(field => [field, child[field]])) as Pick<ListedChild, F>
}

/**
 * The rows, each with its child's fields (a row whose child is not found is left out): in their
 * order, or with `byName` ordered by the child's family name then given name as the database sorts
 * them (a row keeps its place among rows of the same child).
 */
export async function withChildren<R extends { childId: string }, F extends ChildField>(
  trx: Trx,
  rows: readonly R[],
  fields: readonly F[],
  { byName = false } = {},
): Promise<WithChild<R, F>[]> {
  const children = await listedChildren(
    trx,
    rows.map(row => row.childId),
  )
  const place = new Map(children.map((child, index) => [child.id, index]))
  const found = rows.filter(row => place.has(row.childId))
  if (byName) found.sort((a, b) => (place.get(a.childId) ?? 0) - (place.get(b.childId) ?? 0))
  return found.map(row => ({
    ...row,
    ...pick(children[place.get(row.childId) ?? 0] as ListedChild, fields),
  }))
}

/** One row with its child's fields; undefined when there is no row (or no such child). */
export async function withChild<R extends { childId: string }, F extends ChildField>(
  trx: Trx,
  row: R | undefined,
  fields: readonly F[],
): Promise<WithChild<R, F> | undefined> {
  return row ? (await withChildren(trx, [row], fields))[0] : undefined
}

// ---- end of the children of other modules' records ---------------------------------------------

// --- Case file audit samples (assurance module) --------------------------------------------------

export interface CaseSampleCriteria {
  category: string | null
  teamId: string | null
  /** Age in whole years on the period's last day, inclusive bounds. */
  minAge: number | null
  maxAge: number | null
  from: string
  to: string
}

function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number]
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}

/** Every child matching the criteria, once each, in a stable order. */
export async function caseSampleCandidates(
  trx: Trx,
  partnershipId: string,
  criteria: CaseSampleCriteria,
): Promise<string[]> {
  const rows = await repo.listCaseSampleCandidates(trx, partnershipId, criteria)
  const ids: string[] = []
  for (const row of rows) {
    if (ids.includes(row.childId)) continue
    if (criteria.minAge !== null || criteria.maxAge !== null) {
      if (!row.birthDate) continue
      const age = ageOn(row.birthDate, criteria.to)
      if (criteria.minAge !== null && age < criteria.minAge) continue
      if (criteria.maxAge !== null && age > criteria.maxAge) continue
    }
    ids.push(row.childId)
  }
  return ids
}

/** Up to `size` of the matching children, drawn at random with a seed so a draw can be repeated. */
export async function drawCaseSample(
  trx: Trx,
  partnershipId: string,
  criteria: CaseSampleCriteria,
  size: number,
  seed: number,
): Promise<string[]> {
  const pool = await caseSampleCandidates(trx, partnershipId, criteria)
  const random = new SeededRandom(seed)
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i)
    const swap = pool[i] as string
    pool[i] = pool[j] as string
    pool[j] = swap
  }
  return pool.slice(0, size)
}

/** Teams a sample can be drawn from (the criterion 'team'): the work tray's active teams. */
export function caseSampleTeams(trx: Trx, partnershipId: string) {
  return activeTeams(trx, partnershipId)
}

export interface SampledChild {
  childId: string
  laChildId: string
  name: string
  birthDate: string | null
}

export async function sampledChildren(
  trx: Trx,
  partnershipId: string,
  ids: string[],
): Promise<SampledChild[]> {
  const rows = await repo.listChildrenByIds(trx, partnershipId, ids)
  return rows.map(r => ({
    childId: r.id,
    laChildId: r.laChildId,
    name: [r.givenName, r.familyName].filter(Boolean).join(' ') || 'Name not recorded',
    birthDate: r.birthDate,
  }))
}

/** The child's record (identifiers, name, date of birth) without its timeline; undefined if none. */
export function childById(trx: Trx, partnershipId: string, id: string) {
  return repo.findChild(trx, partnershipId, id)
}

export async function childIdByLaId(
  trx: Trx,
  partnershipId: string,
  laChildId: string,
): Promise<string | null> {
  return (await repo.findChildByLaId(trx, partnershipId, laChildId))?.id ?? null
}

/** The census demo: children imported without names, to be given made-up ones. */
export function unnamedChildren(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('child')
    .select('laChildId')
    .where('partnershipId', '=', partnershipId)
    .where('familyName', 'is', null)
    .orderBy('laChildId')
    .execute()
}

/** Whether the partnership holds any child record yet (the census demo seeds only an empty one). */
export async function hasChildRecords(trx: Trx, partnershipId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('child')
    .select('id')
    .where('partnershipId', '=', partnershipId)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}
// Counts for the multi-agency dataset (issue 9).
export * from './figures.js'

// The journey's vocabularies, for the module that records assessments and CIN plans.
export type { AssessmentOutcome, CinPlanEndReason } from './table.js'
