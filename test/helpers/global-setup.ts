import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { APP_ROLE, openDatabase } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { MIGRATED_DUMP_ENV, MIGRATED_TEMPLATE_ENV } from './migrated-dump.js'

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

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/**
 * On PostgreSQL: migrate one database, which each test file then copies with CREATE DATABASE
 * ... TEMPLATE (a file copy on the server) instead of running every migration again.
 */
async function migrateTemplateOnce(serverUrl: string): Promise<() => Promise<void>> {
  const name = `keepsafe_template_${randomBytes(6).toString('hex')}`
  await onServer(serverUrl, `create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 })
  try {
    await migrateToLatest(database.owner)
  } finally {
    await database.close()
  }
  process.env[MIGRATED_TEMPLATE_ENV] = name
  return () => onServer(serverUrl, `drop database if exists ${name} with (force)`)
}

/**
 * Once per run: migrate one database, so that each test file starts from a copy of it (a PGlite
 * dump, or a PostgreSQL template database with TEST_DATABASE_URL).
 */
export default async function setup(): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (serverUrl) {
    await createAppRoleOnce(serverUrl)
    return migrateTemplateOnce(serverUrl)
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
