/**
 * Round trips per request: `npx tsx bench/round-trips.ts [--postgres] [--sql]`.
 *
 * Builds Keepsafe on the demo partnership (PGlite, or a scratch PostgreSQL database with
 * --postgres), signs in the partnership administrator and a front door manager, and asks for each
 * benched page a few times with app.inject, counting the statements each request sends to the
 * database (and printing them with --sql). The benches' notes (bench/README.md) come from this.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import { generateSecret } from 'otplib'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { openDatabase, type DatabaseHandles } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { seedDemoPartnership } from '../src/demo/platform-data.js'
import { SESSION_ABSOLUTE_MS } from '../src/platform/accounts.js'
import { encryptSecret, randomToken, sha256 } from '../src/platform/crypto.js'
import { createMailer } from '../src/platform/mail.js'
import { databaseServerCpuMs, startProfile } from './cpu.js'

const SECRET = 'bench-session-secret-that-is-long-enough-0123456789'
const statements: string[] = []

/** Every statement either driver sends is noted, whoever sends it. */
function countStatements(): void {
  const pgQuery = pg.Client.prototype.query
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0]
    statements.push(typeof first === 'string' ? first : String((first as { text?: string }).text))
    return (pgQuery as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof pgQuery
  for (const method of ['query', 'exec'] as const) {
    const original = PGlite.prototype[method] as (...a: unknown[]) => unknown
    ;(PGlite.prototype as unknown as Record<string, unknown>)[method] = async function (
      this: PGlite,
      ...args: unknown[]
    ) {
      // CPU, not wall time: PGlite runs in this process, and the machine is shared.
      const started = process.cpuUsage()
      const result: unknown = await original.apply(this, args)
      const used = process.cpuUsage(started)
      statements.push(`${((used.user + used.system) / 1000).toFixed(2)} ms: ${String(args[0])}`)
      return result
    }
  }
}

async function open(
  postgres: boolean,
): Promise<{ database: DatabaseHandles; dispose(): Promise<void> }> {
  if (!postgres) {
    const dataDir = mkdtempSync(join(tmpdir(), 'keepsafe-trips-'))
    const database = await openDatabase({ dataDir })
    return {
      database,
      dispose: async () => {
        await database.close()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  }
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const name = `keepsafe_trips_${randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')}`
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const url = new URL(server)
  url.pathname = `/${name}`
  const database = await openDatabase({ databaseUrl: url.toString() })
  return {
    database,
    dispose: async () => {
      await database.close()
      await admin.query(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      postgres: { type: 'boolean', default: false },
      sql: { type: 'boolean', default: false },
      repeat: { type: 'string', default: '0' },
      profile: { type: 'string' },
    },
  })
  const { database, dispose } = await open(values.postgres)
  try {
    await migrateToLatest(database.owner)
    const partnership = await seedDemoPartnership(database.owner)
    const cookieFor = async (role: string) => {
      const user = partnership.users.find(candidate => candidate.role === role)
      if (!user) throw new Error(`The demo partnership has no ${role}`)
      // Two-factor authentication set up, as the front door roles require.
      await database.owner
        .updateTable('app_user')
        .set({
          totp_secret: encryptSecret(generateSecret(), SECRET, 'totp-secret'),
          totp_enabled_at: new Date(),
        })
        .where('id', '=', user.id)
        .execute()
      const sessionId = randomToken()
      await database.owner
        .insertInto('user_session')
        .values({
          id_hash: sha256(sessionId),
          user_id: user.id,
          partnership_id: partnership.id,
          mfa_passed: true,
          expires_at: new Date(Date.now() + SESSION_ABSOLUTE_MS),
        })
        .execute()
      return `keepsafe_session=${sessionId}`
    }
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      SESSION_SECRET: SECRET,
      LOG_LEVEL: 'silent',
    })
    const { app } = await buildApp({
      config,
      database,
      mailer: createMailer({ from: config.mailFrom }),
      logger: false,
    })
    const admin = await cookieFor('partnership-admin')
    const manager = await cookieFor('front-door-manager')
    countStatements()
    const pages = [
      { path: '/', cookie: admin },
      { path: '/admin/users', cookie: admin },
      { path: '/front-door', cookie: manager },
    ]
    for (const page of pages) {
      // The median of 20 tries, statement by statement (CPU ms on PGlite; 0 on PostgreSQL, whose
      // time is spent in the server): the machine is shared and noisy.
      const tries: string[][] = []
      for (let attempt = 1; attempt <= 21; attempt++) {
        statements.length = 0
        const response = await app.inject({ url: page.path, headers: { cookie: page.cookie } })
        if (attempt === 1) continue
        if (response.statusCode !== 200)
          throw new Error(`${page.path}: ${String(response.statusCode)}`)
        tries.push([...statements])
      }
      const count = tries[0]?.length ?? 0
      console.log(`${page.path}: ${String(count)} statements`)
      for (let index = 0; values.sql && index < count; index++) {
        const times = tries.map(row => parseFloat(row[index] ?? 'NaN')).sort((a, b) => a - b)
        const text = (tries[0]?.[index] ?? '').replace(/^[\d.]+ ms: /, '')
        const median = times[Math.floor(times.length / 2)] ?? Number.NaN
        console.log(
          `  ${median.toFixed(2).padStart(7)} ms  ${text.replace(/\s+/g, ' ').slice(0, 150)}`,
        )
      }
    }
    // --repeat N: N more requests of each page, 50 at a time, for a CPU profile (node --cpu-prof).
    const repeat = Number(values.repeat)
    for (const page of repeat > 0 ? pages : []) {
      const profiler = values.profile ? await startProfile() : null
      const started = performance.now()
      const cpu = process.cpuUsage()
      const serverBefore = await databaseServerCpuMs(database)
      for (let sent = 0; sent < repeat; sent += 50) {
        await Promise.all(
          Array.from({ length: 50 }, () =>
            app.inject({ url: page.path, headers: { cookie: page.cookie } }),
          ),
        )
      }
      // CPU time is what a loaded, shared machine measures fairly; wall time is shown too.
      const used = process.cpuUsage(cpu)
      const serverEach = ((await databaseServerCpuMs(database)) - serverBefore) / repeat
      const cpuEach = (used.user + used.system) / 1000 / repeat
      const each = (performance.now() - started) / repeat
      console.log(
        `${page.path}: ${String(repeat)} requests, ${cpuEach.toFixed(2)} ms CPU ` +
          `(this process${values.postgres ? `, and ${serverEach.toFixed(2)} ms in PostgreSQL` : ', PGlite included'}), ` +
          `${each.toFixed(2)} ms wall each`,
      )
      if (profiler && values.profile) {
        const file = `${values.profile}-${page.path.replace(/\W+/g, '_')}.cpuprofile`
        writeFileSync(file, JSON.stringify(await profiler.stop()))
        console.log(`  profile: ${file}`)
      }
    }
    await app.close()
  } finally {
    await dispose()
  }
}

await main()
