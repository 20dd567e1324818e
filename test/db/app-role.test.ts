import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/database.js'
import { createTestDatabase } from '../helpers/test-app.js'

const serverUrl = process.env.TEST_DATABASE_URL

async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

// PostgreSQL only: PGlite has no login roles to get wrong.
describe.skipIf(!serverUrl)('the application role on PostgreSQL', { timeout: 120_000 }, () => {
  it('fails closed: a login that cannot switch to the app role runs no query at all', async () => {
    const created = await createTestDatabase({ migrated: true })
    await created.database.close()
    const login = `keepsafe_outsider_${randomBytes(4).toString('hex')}`
    await onServer(serverUrl ?? '', `create role ${login} login`)
    try {
      const url = new URL(created.databaseUrl ?? '')
      url.username = login
      const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 })
      try {
        await expect(sql`select current_user`.execute(database.db)).rejects.toThrow(
          /permission denied to set role/,
        )
      } finally {
        await database.close()
      }
    } finally {
      await created.drop()
      await onServer(serverUrl ?? '', `drop role if exists ${login}`)
    }
  })
})
