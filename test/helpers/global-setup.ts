import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { MIGRATED_DUMP_ENV } from './migrated-dump.js'

/**
 * Once per run, on PGlite: migrate one database and dump it, so that each test file starts from
 * the dump. On PostgreSQL (TEST_DATABASE_URL) each file still creates and migrates its own.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL) return () => Promise.resolve()
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
