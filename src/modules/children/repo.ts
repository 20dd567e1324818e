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
 * Column names are the database's (snake_case); every row carries `partnership_id`.
 *
 * The rows go as one array parameter a column, read back with `unnest` and each array typed as
 * the table's column (array columns go as their array literals, cast back a row at a time): one
 * statement whatever the number of rows. Bench (issue 17): 20,000 rows read back from one JSON
 * parameter (`json_populate_recordset`) took 410-485 ms of the server, as much as inserting them;
 * from arrays, 36-63 ms. Rows held exactly as given are left out before the insert: `on conflict
 * do update` would lock each of them (a write per row) even when its `where` then skips the
 * update. The test is a subquery a row, one probe of the key's unique index each: as
 * `not exists`, PostgreSQL made it a hash join reading the whole table for every batch.
 */
export async function upsertRows(
  trx: Trx,
  table: string,
  keys: readonly string[],
  columns: readonly string[],
  rows: readonly Row[],
): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 }
  const all = ['partnership_id', ...keys, ...columns]
  const types = await columnTypes(trx, table)
  const ref = (name: string) => sql.ref(name)
  const typeOf = (name: string) => {
    const type = types.get(name)
    if (type === undefined) throw new Error(`${table} has no column ${name}`)
    return type
  }
  const arrays = all.map(name => {
    const type = typeOf(name)
    const values = rows.map(row => row[name] ?? null)
    if (!type.endsWith('[]')) return sql`${values}::${sql.raw(type)}[]`
    return sql`${values.map(value => (value === null ? null : arrayLiteral(value)))}::text[]`
  })
  const typed = all.map(name => {
    const type = typeOf(name)
    return type.endsWith('[]') ? sql`${ref(name)}::${sql.raw(type)} as ${ref(name)}` : ref(name)
  })
  const set: RawBuilder<unknown>[] = columns.map(name => sql`${ref(name)} = excluded.${ref(name)}`)
  if (table === 'child' || table === 'cin_episode') set.push(sql`updated_at = now()`)
  const current = sql.join(columns.map(name => sql`${sql.table(table)}.${ref(name)}`))
  const incoming = sql.join(columns.map(name => sql`excluded.${ref(name)}`))
  const conflictKeys = table === 'child' ? ['partnership_id', ...keys] : keys
  const result = await sql<{ inserted: number; updated: number }>`
    with given as (
      select ${sql.join(typed)}
        from unnest(${sql.join(arrays)}) as given(${sql.join(all.map(ref))})
    ), saved as (
      insert into ${sql.table(table)} (${sql.join(all.map(ref))})
      select ${sql.join(all.map(name => sql`given.${ref(name)}`))}
        from given
        where (
          select (${sql.join(columns.map(name => sql`held.${ref(name)}`))})
            is not distinct from (${sql.join(columns.map(name => sql`given.${ref(name)}`))})
          from ${sql.table(table)} held
          where ${sql.join(
            conflictKeys.map(name => sql`held.${ref(name)} = given.${ref(name)}`),
            sql` and `,
          )}
        ) is not true
      on conflict (${sql.join(conflictKeys.map(ref))}) do update set ${sql.join(set)}
        where (${current}) is distinct from (${incoming})
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as inserted,
      count(*) filter (where not inserted)::int as updated
    from saved`.execute(trx)
  const { inserted, updated } = result.rows[0] ?? { inserted: 0, updated: 0 }
  return { inserted, updated, unchanged: rows.length - inserted - updated }
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
