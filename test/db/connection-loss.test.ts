import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandles } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createTestDatabase } from '../helpers/test-app.js'

let database: DatabaseHandles
let drop: () => Promise<void>

beforeAll(async () => {
  const created = await createTestDatabase()
  database = created.database
  drop = created.drop
  await migrateToLatest(database.owner)
})

afterAll(async () => {
  await drop()
})

describe('a PostgreSQL connection ended by the server', () => {
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'is replaced on next use, and the process carries on',
    async () => {
      const before = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)
      const pid = before.rows[0]?.pid
      await sql`select pg_terminate_backend(${pid})`.execute(database.owner)
      // Give the idle client time to hear of its end: an unheard error would crash the process.
      await new Promise(resolve => setTimeout(resolve, 200))
      const after = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)
      expect(after.rows[0]?.pid).not.toBe(pid)
    },
  )
})
