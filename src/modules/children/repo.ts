import { sql, type RawBuilder } from 'kysely'
import type { Db, Trx } from '../../db/database.js'
import { writtenDate } from '../../platform/date-input.js'

export type Row = Record<string, unknown>

export interface UpsertCounts {
  inserted: number
  updated: number
  unchanged: number
}

/**
 * Inserts rows, or updates the row with the same natural key when anything differs. A row that
 * is already exactly as given is left alone, so importing the same data twice changes nothing.
 * Column names are the database's (snake_case); every row carries `partnership_id`. When rows
 * share a key, the last one given is the one kept.
 *
 * The rows go as one array parameter a column, read back with `unnest` and each array typed as
 * the table's column (array columns go as their array literals, cast back a row at a time).
 * Bench (issue 17): 20,000 rows read back from one JSON parameter (`json_populate_recordset`)
 * took 410-485 ms of the server, as much as inserting them; from arrays, 36-63 ms.
 *
 * One statement of two parts, each planned only one way: new keys are inserted (`on conflict do
 * nothing`, which checks the key's unique index and locks nothing) and, beside it, the rows whose
 * key was already held are updated where anything differs, so an unchanged row is neither locked
 * nor written. Both parts see the table as it was before the statement, so the update never
 * meets a row the insert has just written. `insert ... on conflict do update` alone would lock
 * every held row; leaving held rows out with a subquery a row made the planner, without
 * statistics of the rows the import had just written, sometimes probe another index that
 * walked every row of the partnership (issue 17).
 */
export async function upsertRows(
  trx: Trx,
  table: string,
  keys: readonly string[],
  columns: readonly string[],
  rows: readonly Row[],
): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 }
  const shape = await rowShape(trx, table, keys, columns)
  const given = lastOfEachKey(rows, shape.conflictKeys)
  const { inserted, updated } = await saveRows(trx, shape, given)
  return { inserted, updated, unchanged: rows.length - inserted - updated }
}

interface RowShape {
  table: string
  /** `partnership_id`, the keys, then the columns. */
  all: readonly string[]
  columns: readonly string[]
  /** The natural key's unique constraint. */
  conflictKeys: readonly string[]
  /** The key's first column other than the partnership: the one its unique index narrows on. */
  leadKey: string
  types: Map<string, string>
}

async function rowShape(
  trx: Trx,
  table: string,
  keys: readonly string[],
  columns: readonly string[],
): Promise<RowShape> {
  const types = await columnTypes(trx, table)
  const all = ['partnership_id', ...keys, ...columns]
  for (const name of all) {
    if (!types.has(name)) throw new Error(`${table} has no column ${name}`)
  }
  const conflictKeys = table === 'child' ? ['partnership_id', ...keys] : keys
  const leadKey = keys[0]
  if (leadKey === undefined) throw new Error(`${table} needs a key`)
  return { table, all, columns, conflictKeys, leadKey, types }
}

function lastOfEachKey(rows: readonly Row[], keys: readonly string[]): Row[] {
  const byKey = new Map<string, Row>()
  for (const row of rows) {
    // Keys are text, dates as text, and ids: never objects.
    const key = keys.map(name => row[name] as string).join('\u0000')
    byKey.delete(key)
    byKey.set(key, row)
  }
  return [...byKey.values()]
}

/** The rows as a `given` relation: one array a column, each typed as the table's column. */
function givenRows(shape: RowShape, rows: readonly Row[]): RawBuilder<unknown> {
  const ref = (name: string) => sql.ref(name)
  const arrays = shape.all.map(name => {
    const type = shape.types.get(name) ?? ''
    const values = rows.map(row => row[name] ?? null)
    if (!type.endsWith('[]')) return sql`${values}::${sql.raw(type)}[]`
    return sql`${values.map(value => (value === null ? null : arrayLiteral(value)))}::text[]`
  })
  const typed = shape.all.map(name => {
    const type = shape.types.get(name) ?? ''
    return type.endsWith('[]') ? sql`${ref(name)}::${sql.raw(type)} as ${ref(name)}` : ref(name)
  })
  return sql`select ${sql.join(typed)}
    from unnest(${sql.join(arrays)}) as given(${sql.join(shape.all.map(ref))})`
}

async function saveRows(trx: Trx, shape: RowShape, rows: readonly Row[]) {
  const ref = (name: string) => sql.ref(name)
  const all = sql.join(shape.all.map(ref))
  const set: RawBuilder<unknown>[] = shape.columns.map(
    name => sql`${ref(name)} = given.${ref(name)}`,
  )
  if (shape.table === 'child' || shape.table === 'cin_episode') set.push(sql`updated_at = now()`)
  // The key's first column named again as an array, so that the held rows are found through the
  // key's index: joined on the key alone, the planner read the whole table into a hash for every
  // batch (issue 17).
  const leadKeys = rows.map(row => row[shape.leadKey])
  const leadType = shape.types.get(shape.leadKey) ?? ''
  const heldRowOfGiven = sql`held.${ref(shape.leadKey)} = any(${leadKeys}::${sql.raw(leadType)}[])
    and ${sql.join(
      shape.conflictKeys.map(name => sql`held.${ref(name)} = given.${ref(name)}`),
      sql` and `,
    )}`
  const result = await sql<{ inserted: number; updated: number; held: number }>`
    with given as (${givenRows(shape, rows)}), added as (
      insert into ${sql.table(shape.table)} (${all}) select ${all} from given
      on conflict (${sql.join(shape.conflictKeys.map(ref))}) do nothing
      returning 1
    ), changed as (
      update ${sql.table(shape.table)} held set ${sql.join(set)}
        from given
       where ${heldRowOfGiven}
         and (${sql.join(shape.columns.map(name => sql`held.${ref(name)}`))})
           is distinct from (${sql.join(shape.columns.map(name => sql`given.${ref(name)}`))})
      returning 1
    ), held as (
      select count(*) as count from given join ${sql.table(shape.table)} held
        on ${heldRowOfGiven}
    )
    select (select count(*) from added)::int as inserted,
      (select count(*) from changed)::int as updated,
      (select count from held)::int as held`.execute(trx)
  const { inserted, updated, held } = result.rows[0] ?? { inserted: 0, updated: 0, held: 0 }
  // A key neither inserted nor held as this statement saw the table was written by another
  // transaction meanwhile: its row was neither saved nor compared, so nothing may be kept.
  if (inserted + held < rows.length) throw new ConcurrentWriteError(shape.table)
  return { inserted, updated }
}

export class ConcurrentWriteError extends Error {
  constructor(table: string) {
    super(
      `Another change to the ${table.replaceAll('_', ' ')} records was saved while these were ` +
        'being saved, so none of them was kept. Try again.',
    )
  }
}

/** Each column's type as SQL writes it (`date`, `text[]`), read once a table per process. */
const COLUMN_TYPES = new Map<string, Map<string, string>>()

async function columnTypes(trx: Trx, table: string): Promise<Map<string, string>> {
  const known = COLUMN_TYPES.get(table)
  if (known) return known
  const result = await sql<{ name: string; type: string }>`
    select attname as name, format_type(atttypid, null) as type
      from pg_attribute
     where attrelid = ${table}::regclass and attnum > 0 and not attisdropped`.execute(trx)
  const types = new Map<string, string>()
  for (const { name, type } of result.rows) {
    // Only plain type names are written into the statement.
    if (!/^[a-z][a-z ]*(\[\])?$/.test(type)) throw new Error(`Unexpected type ${type}`)
    types.set(name, type)
  }
  COLUMN_TYPES.set(table, types)
  return types
}

/** A JavaScript array as PostgreSQL's array literal: each element quoted, `null` as NULL. */
function arrayLiteral(value: unknown): string {
  if (!Array.isArray(value)) throw new Error('An array column was given something else')
  const items = value.map((item: unknown) => {
    if (item === null || item === undefined) return 'NULL'
    if (typeof item !== 'string') throw new Error('Array columns hold text')
    return `"${item.replace(/[\\"]/g, c => `\\${c}`)}"`
  })
  return `{${items.join(',')}}`
}

/**
 * Record ids by LA child ID. A merged duplicate answers with the record it was merged into, so
 * that a later census still carrying the duplicate's ID adds its episodes to the record kept.
 * The ids go as one array parameter (a census batch holds thousands).
 */
export async function findChildIds(trx: Trx, partnershipId: string, laChildIds: string[]) {
  if (laChildIds.length === 0) return new Map<string, string>()
  const rows = await trx
    .selectFrom('child')
    .select(['id', 'laChildId', 'mergedIntoId'])
    .where('partnershipId', '=', partnershipId)
    .where(sql<boolean>`la_child_id = any(${laChildIds}::text[])`)
    .execute()
  return new Map(rows.map(row => [row.laChildId, row.mergedIntoId ?? row.id]))
}

/** Episode ids keyed by `${childId} ${referralDate}`. */
export async function findEpisodeIds(trx: Trx, childIds: string[]) {
  if (childIds.length === 0) return new Map<string, string>()
  const rows = await trx
    .selectFrom('cinEpisode')
    .select(['id', 'childId', 'referralDate'])
    .where(sql<boolean>`child_id = any(${childIds}::uuid[])`)
    .execute()
  return new Map(rows.map(row => [`${row.childId} ${row.referralDate}`, row.id]))
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface ChildSearch {
  query: string
  limit: number
  offset: number
}

export function searchChildren(db: Db | Trx, partnershipId: string, search: ChildSearch) {
  return childSearchQuery(db, partnershipId, search.query)
    .select([
      'id',
      'laChildId',
      'upn',
      'givenName',
      'familyName',
      'birthDate',
      'expectedBirthDate',
      'sex',
    ])
    .orderBy(sql`lower(family_name)`)
    .orderBy(sql`lower(given_name)`)
    .orderBy('laChildId')
    .limit(search.limit)
    .offset(search.offset)
    .execute()
}

export async function countChildren(db: Db | Trx, partnershipId: string, query: string) {
  const row = await childSearchQuery(db, partnershipId, query)
    .select(eb => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Merged records are left out: their episodes and referrals are on the record kept. */
function childSearchQuery(db: Db | Trx, partnershipId: string, query: string) {
  let select = db
    .selectFrom('child')
    .where('partnershipId', '=', partnershipId)
    .where('mergedIntoId', 'is', null)
  const words = query.trim().split(/\s+/).filter(Boolean).slice(0, 5)
  for (const word of words) {
    const like = `%${word.replace(/[\\%_]/g, c => `\\${c}`)}%`
    const asDate = writtenDate(word)
    select = select.where(eb =>
      eb.or([
        eb('givenName', 'ilike', like),
        eb('familyName', 'ilike', like),
        eb('laChildId', 'ilike', like),
        eb('upn', 'ilike', like),
        eb('formerUpn', 'ilike', like),
        ...(asDate ? [eb('birthDate', '=', asDate)] : []),
      ]),
    )
  }
  return select
}

export function findChild(db: Db | Trx, partnershipId: string, id: string) {
  return db
    .selectFrom('child')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listEpisodes(
  db: Db | Trx,
  childIds: string[],
  open?: { from: string; to: string },
) {
  let select = db.selectFrom('cinEpisode').selectAll().where('childId', 'in', childIds)
  if (open) {
    select = select
      .where('referralDate', '<=', open.to)
      .where(eb => eb.or([eb('closureDate', 'is', null), eb('closureDate', '>=', open.from)]))
  }
  return select.orderBy('childId').orderBy('referralDate').execute()
}

export function listAssessments(db: Db | Trx, episodeIds: string[]) {
  return db
    .selectFrom('assessment')
    .selectAll()
    .where('episodeId', 'in', episodeIds)
    .orderBy('startDate')
    .execute()
}

export function listCinPlans(db: Db | Trx, episodeIds: string[]) {
  return db
    .selectFrom('cinPlan')
    .selectAll()
    .where('episodeId', 'in', episodeIds)
    .orderBy('startDate')
    .execute()
}

export function listSection47s(db: Db | Trx, episodeIds: string[]) {
  return db
    .selectFrom('section47')
    .selectAll()
    .where('episodeId', 'in', episodeIds)
    .orderBy('startDate')
    .execute()
}

export function listProtectionPlans(db: Db | Trx, episodeIds: string[]) {
  return db
    .selectFrom('childProtectionPlan')
    .select([
      'id',
      'episodeId',
      'startDate',
      'endDate',
      'initialCategory',
      'latestCategory',
      'numberOfPreviousPlans',
      // PGlite would turn date[] into Date objects; text keeps 'YYYY-MM-DD'.
      sql<string[]>`review_dates::text[]`.as('reviewDates'),
    ])
    .where('episodeId', 'in', episodeIds)
    .orderBy('startDate')
    .execute()
}

export function listPreProceedings(db: Db | Trx, episodeIds: string[]) {
  return db
    .selectFrom('preProceedings')
    .selectAll()
    .where('episodeId', 'in', episodeIds)
    .orderBy('startDate')
    .execute()
}

/**
 * Children with an episode open at some time between `from` and `to`, in LA child ID order;
 * never a merged record (the census return carries each child once).
 */
export function listChildrenWithOpenEpisodes(
  db: Db | Trx,
  partnershipId: string,
  open: { from: string; to: string },
  after: string | null,
  limit: number,
) {
  let select = db
    .selectFrom('child')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('mergedIntoId', 'is', null)
    .where(eb =>
      eb.exists(
        eb
          .selectFrom('cinEpisode')
          .select(sql.lit(1).as('one'))
          .whereRef('cinEpisode.childId', '=', 'child.id')
          .where('cinEpisode.referralDate', '<=', open.to)
          .where(inner =>
            inner.or([
              inner('cinEpisode.closureDate', 'is', null),
              inner('cinEpisode.closureDate', '>=', open.from),
            ]),
          ),
      ),
    )
  if (after !== null) select = select.where('laChildId', '>', after)
  return select.orderBy('laChildId').limit(limit).execute()
}

export function updateChildNames(
  trx: Trx,
  partnershipId: string,
  names: { laChildId: string; givenName: string; familyName: string }[],
) {
  if (names.length === 0) return Promise.resolve()
  const values = sql.join(names.map(n => sql`(${n.laChildId}, ${n.givenName}, ${n.familyName})`))
  return sql`
    update child set given_name = v.given_name, family_name = v.family_name
    from (values ${values}) as v(la_child_id, given_name, family_name)
    where child.partnership_id = ${partnershipId} and child.la_child_id = v.la_child_id`.execute(
    trx,
  )
}

/** The merges into a record, for its timeline: the duplicate's LA child ID, when, and why. */
export function listMergesInto(db: Db | Trx, partnershipId: string, keptId: string) {
  return db
    .selectFrom('childMerge')
    .innerJoin('child', 'child.id', 'childMerge.mergedChildId')
    .select(['childMerge.mergedAt', 'childMerge.reason', 'child.laChildId as mergedLaChildId'])
    .where('childMerge.partnershipId', '=', partnershipId)
    .where('childMerge.keptChildId', '=', keptId)
    .orderBy('childMerge.mergedAt')
    .execute()
}

// --- Case file audit samples (assurance module) --------------------------------------------------

export interface CaseSampleSearch {
  /** Child protection plan category (latest): NEG, PHY, EMO, SAB, MUL. */
  category: string | null
  teamId: string | null
  /** Plans open at any time in the period. */
  from: string
  to: string
}

/** Children with a protection plan open in the period that match the criteria, one row a plan. */
export function listCaseSampleCandidates(
  trx: Trx,
  partnershipId: string,
  search: CaseSampleSearch,
) {
  let query = trx
    .selectFrom('childProtectionPlan as p')
    .innerJoin('cinEpisode as e', 'e.id', 'p.episodeId')
    .innerJoin('child as c', 'c.id', 'e.childId')
    .select(['c.id as childId', 'c.birthDate', 'p.latestCategory', 'p.teamId', 'p.startDate'])
    .where('c.partnershipId', '=', partnershipId)
    .where('c.mergedIntoId', 'is', null)
    .where('p.startDate', '<=', search.to)
    .where(eb => eb.or([eb('p.endDate', 'is', null), eb('p.endDate', '>=', search.from)]))
  if (search.category) query = query.where('p.latestCategory', '=', search.category)
  if (search.teamId) query = query.where('p.teamId', '=', search.teamId)
  return query.orderBy('c.id').execute()
}

export function listChildrenByIds(trx: Trx, partnershipId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([])
  return trx
    .selectFrom('child')
    .select(['id', 'laChildId', 'givenName', 'familyName', 'birthDate'])
    .where('partnershipId', '=', partnershipId)
    .where('id', 'in', ids)
    .execute()
}

export function findChildByLaId(trx: Trx, partnershipId: string, laChildId: string) {
  return trx
    .selectFrom('child')
    .select(['id'])
    .where('partnershipId', '=', partnershipId)
    .where('laChildId', '=', laChildId)
    .where('mergedIntoId', 'is', null)
    .executeTakeFirst()
}

// --- Children other modules list (ADR 0005) ------------------------------------------------------

/**
 * The children with these ids, as other modules' lists show them, sorted by family name then given
 * name as the database sorts them (a list ordered by name keeps the order it had when it joined
 * `child`).
 */
export function listChildrenForLists(trx: Trx, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return trx
    .selectFrom('child')
    .select([
      'id',
      'laChildId',
      'givenName',
      'familyName',
      'birthDate',
      'expectedBirthDate',
      'deathDate',
      'mergedIntoId',
    ])
    .where('id', 'in', [...new Set(ids)])
    .orderBy('familyName')
    .orderBy('givenName')
    .orderBy('id')
    .execute()
}
