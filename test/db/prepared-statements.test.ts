import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { inPartnership, openDatabase } from '../../src/db/database.js'
import { MOST_VALUES_PREPARED, statementName } from '../../src/db/prepared-statements.js'
import { seedPartnership } from '../../src/demo/platform-data.js'
import { createTestDatabase } from '../helpers/test-app.js'

const serverUrl = process.env.TEST_DATABASE_URL

describe('statement names', () => {
  it('gives one text one name, and different texts different names', () => {
    const text = 'select "name" from "agency" where "id" = $1'
    expect(statementName(text)).toBe(statementName(text))
    expect(statementName(text)).not.toBe(statementName(`${text} limit $2`))
    expect(statementName(text)).toMatch(/^ks_[\w-]{40}$/)
  })
})

// PostgreSQL only: PGlite's driver sends every query unprepared.
describe.skipIf(!serverUrl)('prepared statements on PostgreSQL', { timeout: 120_000 }, () => {
  it('plans a query once per connection and still shows each partnership only its own rows', async () => {
    const created = await createTestDatabase({ migrated: true })
    const seed = (slug: string) =>
      seedPartnership(created.database.owner, {
        slug,
        name: `${slug} partnership`,
        passwordHash: 'x',
      })
    const north = await seed('northbridge')
    const south = await seed('southbridge')
    // One connection, so that every run below reuses the same prepared statement and, after five
    // runs, PostgreSQL's generic plan for it.
    const database = await openDatabase({ databaseUrl: created.databaseUrl, poolSize: 1 })
    try {
      for (let run = 0; run < 8; run++) {
        for (const partnership of [north, south]) {
          const rows = await inPartnership(database.db, { partnershipId: partnership.id }, trx =>
            trx.selectFrom('agency').select('partnershipId').execute(),
          )
          expect(rows).toHaveLength(partnership.agencyIds.length)
          expect(new Set(rows.map(row => row.partnershipId))).toEqual(new Set([partnership.id]))
        }
      }
      const prepared = await sql<{ statement: string; genericPlans: string }>`
        select statement, generic_plans as "genericPlans" from pg_prepared_statements
        where statement like '%from "agency"%' and statement not like '%pg_prepared_statements%'`.execute(
        database.db,
      )
      expect(prepared.rows).toHaveLength(1)
      expect(Number(prepared.rows[0]?.genericPlans)).toBeGreaterThan(0)
      // Outside a partnership the same prepared statement shows nothing.
      expect(await database.db.selectFrom('agency').select('partnershipId').execute()).toEqual([])
    } finally {
      await database.close()
      await created.drop()
    }
  })

  it('runs transaction control and multi-statement scripts unprepared', async () => {
    const created = await createTestDatabase({ migrated: true })
    const database = await openDatabase({ databaseUrl: created.databaseUrl, poolSize: 1 })
    try {
      await database.db.transaction().execute(trx => sql`select 1`.execute(trx))
      const names = await sql<{ statement: string }>`
        select statement from pg_prepared_statements`.execute(database.db)
      const statements = names.rows.map(row => row.statement)
      expect(statements).toContain('select 1')
      expect(statements.some(text => /^(begin|commit)/i.test(text))).toBe(false)

      // A bulk statement (more values than MOST_VALUES_PREPARED) is planned for its own values.
      const few = Array.from({ length: MOST_VALUES_PREPARED }, (_, index) => String(index))
      const many = [...few, 'one more']
      for (const values of [few, many]) {
        await database.db.selectFrom('agency').select('id').where('name', 'in', values).execute()
      }
      const bulk = await sql<{ parameters: number }>`
        select cardinality(parameter_types) as parameters from pg_prepared_statements
        where statement like '%from "agency" where "name" in%'
          and statement not like '%pg_prepared_statements%'`.execute(database.db)
      expect(bulk.rows.map(row => row.parameters)).toEqual([MOST_VALUES_PREPARED])

      // So is one whose array parameter holds more: a census import's batch of ids or column.
      const preparedWithArray = async (names: string[]) => {
        await database.db
          .selectFrom('agency')
          .select('id')
          .where(sql<boolean>`name = any(${names}::text[]) and 'array' = 'array'`)
          .execute()
        const arrays = await sql<{ statement: string }>`
          select statement from pg_prepared_statements
          where statement like '%''array'' = ''array''%'
            and statement not like '%pg_prepared_statements%'`.execute(database.db)
        return arrays.rows.length
      }
      expect(await preparedWithArray(many)).toBe(0)
      expect(await preparedWithArray(few)).toBe(1)
    } finally {
      await database.close()
      await created.drop()
    }
  })
})
