/**
 * The census import row of `npm run bench:census` (issue 17: 100,000 children into PostgreSQL in
 * under 10 s): a scratch PostgreSQL database with the demo partnership, then `keepsafe census
 * import FILE` run as a user runs it (its own process, start-up and output included), timed
 * twice: into empty records, then the same file again (every record found unchanged).
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { openDatabase } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { seedDemoPartnership } from '../src/demo/platform-data.js'

export interface ImportRun {
  label: string
  seconds: number
  ok: boolean
  output: string
}

/** Null when no PostgreSQL server answers at `serverUrl`. */
export async function timeCensusImport(
  file: string,
  serverUrl: string,
): Promise<ImportRun[] | null> {
  const admin = new pg.Client({ connectionString: serverUrl })
  try {
    await admin.connect()
  } catch {
    return null
  }
  const name = `keepsafe_census_bench_${String(process.pid)}`
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.query(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  try {
    const database = await openDatabase({ databaseUrl: url.toString() })
    const partnership = await (async () => {
      try {
        await migrateToLatest(database.owner)
        return await seedDemoPartnership(database.owner)
      } finally {
        await database.close()
      }
    })()
    const root = fileURLToPath(new URL('..', import.meta.url))
    const run = (label: string): ImportRun => {
      const started = performance.now()
      const result = spawnSync(
        process.execPath,
        [
          join(root, 'bin/keepsafe.js'),
          'census',
          'import',
          file,
          '--partnership',
          partnership.slug,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'silent' },
          maxBuffer: 1 << 24,
        },
      )
      return {
        label,
        seconds: (performance.now() - started) / 1000,
        ok: result.status === 0,
        output: `${result.stdout}${result.stderr}`.trim().split('\n').slice(-3).join(' / '),
      }
    }
    return [run('census import (new records)'), run('census import (same file again)')]
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}
