import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { generateSecret } from 'otplib'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { openDatabase, type DatabaseHandles } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { seedPartnership, type SeededPartnership } from '../../src/demo/platform-data.js'
import { SESSION_ABSOLUTE_MS } from '../../src/platform/accounts.js'
import { encryptSecret, randomToken, sha256 } from '../../src/platform/crypto.js'
import type { RegisteredRoute } from '../../src/platform/http/access.js'
import { createMailer } from '../../src/platform/mail.js'
import { hashPassword } from '../../src/platform/passwords.js'
import type { Role } from '../../src/platform/permissions.js'

import { resetTables, tablesReachedFrom, type TableReset } from './reset-tables.js'
import { MIGRATED_DUMP_ENV, MIGRATED_TEMPLATE_ENV } from './migrated-dump.js'

export const TEST_PASSWORD = 'correct-horse-battery-staple'

/**
 * A test database: in-memory PGlite by default; with TEST_DATABASE_URL, a fresh PostgreSQL
 * database for this test file, dropped at the end. `migrated` starts it from the run's migrated
 * copy (see global-setup.ts) rather than empty.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<{
  database: DatabaseHandles
  databaseUrl: string | undefined
  drop(): Promise<void>
}> {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (!serverUrl) {
    const database = await openDatabase({
      dataDir: 'memory://',
      ...(options.migrated ? { loadDataDir: await migratedPgliteDump() } : {}),
    })
    return { database, databaseUrl: undefined, drop: () => database.close() }
  }
  const name = `keepsafe_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  const template = options.migrated ? process.env[MIGRATED_TEMPLATE_ENV] : undefined
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const databaseUrl = url.toString()
  const database = await openDatabase({ databaseUrl, poolSize: 5 })
  return {
    database,
    databaseUrl,
    async drop() {
      await database.close()
      const cleanup = new pg.Client({ connectionString: serverUrl })
      await cleanup.connect()
      await cleanup.query(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    },
  }
}

/**
 * A dump of a migrated PGlite database, made once per test run by `global-setup.ts`: starting a
 * test file's database from it skips PGlite's initdb and the migrations (about 3 s a file).
 */
async function migratedPgliteDump(): Promise<Blob | undefined> {
  const path = process.env[MIGRATED_DUMP_ENV]
  if (!path) return undefined
  return new Blob([await readFile(path)])
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'test-session-secret-that-is-long-enough',
    LOG_LEVEL: 'silent',
    SIGN_IN_ATTEMPTS_PER_MINUTE: '10000',
    ...overrides,
  })
}

const PLATFORM_TABLES = [
  'audit_event',
  'audit_chain_head',
  'audit_chain_seal',
  'outbox_message',
  'bank_holiday',
  'api_token',
  'action_token',
  'user_session',
  'role_grant',
  'recovery_code',
  'app_user',
  'agency',
  'partnership',
]

export interface TestApp {
  app: FastifyInstance
  routes: RegisteredRoute[]
  database: DatabaseHandles
  config: Config
  /** Two partnerships, so that every test can check the other one's rows stay out of sight. */
  northbridge: SeededPartnership
  southbridge: SeededPartnership
  userId(role: Role, partnership?: SeededPartnership): string
  /** A signed-in session (second factor done) for the demo user of a role; returns its cookie. */
  signInAs(role: Role, partnership?: SeededPartnership): Promise<string>
  /** A CSRF token and the cookie it belongs with, added to an existing cookie header. */
  csrf(cookie?: string): Promise<{ cookie: string; token: string }>
  /** POSTs a form with a valid CSRF token. */
  postForm(
    url: string,
    fields: Record<string, string>,
    cookie?: string,
  ): Promise<LightMyRequestResponse>
  inject(options: InjectOptions): Promise<LightMyRequestResponse>
}

/** One migrated database and app per test file; every table emptied and re-seeded before each test. */
export function useTestApp(overrides: Record<string, string> = {}): TestApp {
  let drop: () => Promise<void> = () => Promise.resolve()
  let passwordHash = ''
  let reset: TableReset = { tables: [], sequences: [] }
  const t = {} as TestApp

  beforeAll(async () => {
    const created = await createTestDatabase({ migrated: true })
    drop = created.drop
    t.database = created.database
    t.config = testConfig(overrides)
    await migrateToLatest(t.database.owner)
    passwordHash = await hashPassword(TEST_PASSWORD)
    reset = await tablesReachedFrom(t.database.owner, PLATFORM_TABLES)
    const built = await buildApp({
      config: t.config,
      database: t.database,
      mailer: createMailer({
        smtpUrl: t.config.smtpUrl,
        notify: t.config.notify,
        from: t.config.mailFrom,
      }),
      logger: false,
    })
    t.app = built.app
    t.routes = built.routes
    await t.app.ready()
  })

  afterAll(async () => {
    await t.app.close()
    await drop()
  })

  beforeEach(async () => {
    await resetTables(t.database.owner, reset)
    t.northbridge = await seedPartnership(t.database.owner, {
      slug: 'northbridge',
      name: 'Northbridge Safeguarding Children Partnership',
      passwordHash,
    })
    t.southbridge = await seedPartnership(t.database.owner, {
      slug: 'southbridge',
      name: 'Southbridge Safeguarding Children Partnership',
      passwordHash,
    })
  })

  t.userId = (role, partnership = t.northbridge) => {
    const user = partnership.users.find(candidate => candidate.role === role)
    if (!user) throw new Error(`No seeded ${role}`)
    return user.id
  }

  t.signInAs = async (role, partnership = t.northbridge) => {
    const sessionId = randomToken()
    // As if the person had set up two-factor authentication and used it at this sign-in.
    await t.database.owner
      .updateTable('app_user')
      .set({
        totp_secret: encryptSecret(generateSecret(), t.config.sessionSecret, 'totp-secret'),
        totp_enabled_at: new Date(),
      })
      .where('id', '=', t.userId(role, partnership))
      .execute()
    await t.database.owner
      .insertInto('user_session')
      .values({
        id_hash: sha256(sessionId),
        user_id: t.userId(role, partnership),
        partnership_id: partnership.id,
        mfa_passed: true,
        expires_at: new Date(Date.now() + SESSION_ABSOLUTE_MS),
      })
      .execute()
    return `keepsafe_session=${sessionId}`
  }

  t.csrf = async (cookie = '') => {
    const page = await t.app.inject({
      method: 'GET',
      url: '/forgot-password',
      headers: cookie ? { cookie } : {},
    })
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
    const jar = withCookies(page, cookie)
    if (!token || !jar.includes('keepsafe_csrf=')) throw new Error('No CSRF token on the page')
    return { cookie: jar, token }
  }

  t.postForm = async (url, fields, cookie = '') => {
    const { cookie: jar, token } = await t.csrf(cookie)
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, _csrf: token }).toString(),
    })
  }

  t.inject = options => t.app.inject(options)
  return t
}

/** The cookie header for the cookies a response set, merged over an existing header. */
export function withCookies(response: LightMyRequestResponse, cookie = ''): string {
  const jar = new Map(
    cookie
      .split('; ')
      .filter(Boolean)
      .map(part => part.split('=', 2) as [string, string]),
  )
  for (const set of response.cookies) jar.set(set.name, set.value)
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
}
