import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { APP_ROLE, openDatabase } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { MIGRATED_DUMP_ENV } from './migrated-dump.js'

/**
 * Roles belong to the whole PostgreSQL server: two test files migrating their databases at once
 * could both try to create the app role. Creating it once here, before any file starts, avoids that.
 */
async function createAppRoleOnce(serverUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(`do $$ begin
      if not exists (select from pg_roles where rolname = '${APP_ROLE}') then
        create role ${APP_ROLE} nologin;
      end if;
    end $$`)
  } finally {
    await client.end()
  }
}

/**
 * Once per run, on PGlite: migrate one database and dump it, so that each test file starts from
 * the dump. On PostgreSQL (TEST_DATABASE_URL) each file still creates and migrates its own.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (serverUrl) {
    await createAppRoleOnce(serverUrl)
    return () => Promise.resolve()
  }
  const folder = await mkdtemp(join(tmpdir(), 'keepsafe-test-'))
  const database = await openDatabase({ dataDir: 'memory://' })
  await migrateToLatest(database.owner)
  const dump = await database.dumpPglite?.()
  await database.close()
  if (!dump) return () => rm(folder, { recursive: true, force: true })
  const path = join(folder, 'migrated.tar')
  await writeFile(path, Buffer.from(await dump.arrayBuffer()))
  process.env[MIGRATED_DUMP_ENV] = path
  return () => rm(folder, { recursive: true, force: true })
}
