/**
 * Page benchmark: `npm run bench`.
 *
 * Starts Keepsafe in this process with the Northbridge demo partnership, gives the partnership
 * administrator a signed-in session (a session row, as the tests do: the role needs no second
 * factor) and loads authenticated pages with autocannon: 50 connections for 10 seconds per page,
 * after a 2-second warm-up, which is what the target is about. A run with 1 connection first gives
 * each page's service time without queueing, to tell a slow page from a saturated server. The load comes from a worker thread, so that the client does not share
 * the server's event loop. It runs on embedded PGlite (a fresh temporary directory), then on
 * PostgreSQL if BENCH_DATABASE_URL answers, in a scratch database dropped at the end. Every request
 * goes to 127.0.0.1. Target: p95 under 50 ms, for `/` (the signed-in home page; signed out, `/` is
 * the public front page) and `/admin/users`; each target row says MET or MISSED.
 *
 * Where the time goes (issue 17; `npx tsx bench/round-trips.ts [--postgres] [--sql] [--repeat N
 * --profile FILE]`, and bench/README.md): not round trips (the session is one statement; a page is
 * 5 or 6) but planning them. With row-level security every statement carries its policies'
 * subqueries, and PostgreSQL planned each one afresh on every request (EXPLAIN: 8 to 35 ms of
 * planning against 0.3 ms of execution on the loaded machine). The app's PostgreSQL pool now
 * prepares each statement once per connection (src/db/prepared-statements.ts). On PGlite the
 * database is 60% of a page's CPU, template rendering about 8%.
 *
 * Options (environment): BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; a
 * local server only), BENCH_DURATION (seconds, default 10), BENCH_CONNECTIONS (default 50),
 * BENCH_PROCESSES (server processes for a second PostgreSQL run; default: one per core).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { openDatabase, type DatabaseHandles } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { seedDemoPartnership } from '../src/demo/platform-data.js'
import { SESSION_ABSOLUTE_MS } from '../src/platform/accounts.js'
import { randomToken, sha256 } from '../src/platform/crypto.js'
import { createMailer } from '../src/platform/mail.js'

const TARGET_P95_MS = 50
const BENCH_SECRET = 'bench-session-secret-that-is-long-enough-0123456789'
const WARM_UP_SECONDS = 2
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** Each page, and a phrase that shows it rendered for a signed-in person (not a redirect). */
const PAGES = [
  // `/` is the public front page for someone signed out: the link only a signed-in home page has
  // shows that the bench loads the home page.
  { path: '/', expect: 'Personal API tokens' },
  { path: '/admin/users', expect: 'People and roles' },
]

// autocannon 8 ships no types: the little of its API used here.
interface AutocannonOptions {
  url: string
  connections: number
  duration: number
  headers: Record<string, string>
}
interface AutocannonResult {
  duration: number
  errors: number
  timeouts: number
  non2xx: number
}
interface AutocannonTracker extends PromiseLike<AutocannonResult> {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, bytes: number, milliseconds: number) => void,
  ): this
}
type Autocannon = (options: AutocannonOptions) => AutocannonTracker

interface LoadJob {
  url: string
  cookie: string
  connections: number
  seconds: number
}

interface LoadResult {
  requests: number
  seconds: number
  failures: number
  /** Every response's latency in milliseconds, in the order they came. */
  latencies: Float64Array
}

/** A load level: the target applies to the main one, the other is a baseline. */
interface Level {
  connections: number
  seconds: number
  isTarget: boolean
}

interface Row {
  database: string
  page: string
  level: Level
  requestsPerSecond: number
  p50: number
  p95: number
  p99: number
  failures: number
}

/** In the worker thread: warm up, then load the page and keep every response time. */
async function generateLoad(job: LoadJob): Promise<LoadResult> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon
  const options = {
    url: job.url,
    connections: job.connections,
    headers: { cookie: job.cookie },
  }
  await autocannon({ ...options, duration: WARM_UP_SECONDS })
  const latencies: number[] = []
  const run = autocannon({ ...options, duration: job.seconds })
  run.on('response', (_client, _statusCode, _bytes, milliseconds) => {
    latencies.push(milliseconds)
  })
  const result = await run
  return {
    // In a worker thread autocannon leaves its histograms encoded, so count the responses here.
    requests: latencies.length,
    seconds: result.duration,
    failures: result.errors + result.timeouts + result.non2xx,
    latencies: Float64Array.from(latencies),
  }
}

function loadFromWorker(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // The worker runs this same file: it registers tsx's loader first, as Node 20 does not pass
    // this thread's TypeScript loader on to workers.
    const entry = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
      .then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}) })`
    const worker = new Worker(entry, { eval: true, workerData: job })
    worker.once('message', message => {
      resolve(message as LoadResult)
    })
    worker.once('error', reject)
    worker.once('exit', code => {
      if (code !== 0) reject(new Error(`the load worker stopped with exit code ${code}`))
    })
  })
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)))
  return sorted[rank - 1] ?? Number.NaN
}

interface Target {
  label: string
  /** Server processes: 1 runs the app in this process; more run `keepsafe serve` with WEB_CONCURRENCY. */
  processes?: number
  open(): Promise<{ database: DatabaseHandles; databaseUrl?: string; dispose(): Promise<void> }>
}

interface RunningServer {
  base: string
  stop(): Promise<void>
}

async function serveInThisProcess(
  database: DatabaseHandles,
  config: Config,
): Promise<RunningServer> {
  const { app } = await buildApp({
    config,
    database,
    mailer: createMailer({ from: config.mailFrom }),
    logger: false,
  })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  return { base, stop: () => app.close() }
}

/** `keepsafe serve` with several processes sharing a port, as production would run it. */
async function serveInChildProcesses(
  databaseUrl: string,
  processes: number,
): Promise<RunningServer> {
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  const child = spawn(
    process.execPath,
    [
      createRequire(import.meta.url).resolve('tsx/cli'),
      join(import.meta.dirname, '../src/cli/main.ts'),
      'serve',
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        WEB_CONCURRENCY: String(processes),
        LOG_LEVEL: 'silent',
        SESSION_SECRET: BENCH_SECRET,
      },
      stdio: 'ignore',
    },
  )
  const exited = new Promise(resolve => child.on('exit', resolve))
  const base = `http://127.0.0.1:${port}`
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break
    } catch {
      if (attempt > 150) throw new Error('keepsafe serve did not start')
      await new Promise(resolve => setTimeout(resolve, 200))
    }
  }
  // Give every process time to listen before the load starts.
  await new Promise(resolve => setTimeout(resolve, 3000))
  return {
    base,
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
}

function pgliteTarget(): Target {
  return {
    label: 'PGlite',
    async open() {
      const dataDir = mkdtempSync(join(tmpdir(), 'keepsafe-bench-'))
      const database = await openDatabase({ dataDir })
      return {
        database,
        async dispose() {
          await database.close()
          rmSync(dataDir, { recursive: true, force: true })
        },
      }
    },
  }
}

/** A scratch database on a local PostgreSQL server, or the reason there is none. */
async function postgresTarget(serverUrl: string, processes = 1): Promise<Target | string> {
  const url = new URL(serverUrl)
  if (!LOCAL_HOSTS.has(url.hostname)) return `skipped: ${url.hostname} is not a local server`
  const probe = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 })
  try {
    await probe.connect()
    await probe.query('select 1')
  } catch (error) {
    return `skipped: ${url.host} does not answer (${error instanceof Error ? error.message : String(error)})`
  } finally {
    await probe.end().catch(() => undefined)
  }

  const name = `keepsafe_bench_${randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')}`
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  return {
    label: processes > 1 ? `PostgreSQL ×${processes}` : 'PostgreSQL',
    processes,
    async open() {
      await admin(`create database ${name}`)
      const scratch = new URL(serverUrl)
      scratch.pathname = `/${name}`
      try {
        const database = await openDatabase({ databaseUrl: scratch.toString() })
        return {
          database,
          databaseUrl: scratch.toString(),
          async dispose() {
            await database.close()
            await admin(`drop database if exists ${name} with (force)`)
          },
        }
      } catch (error) {
        await admin(`drop database if exists ${name} with (force)`)
        throw error
      }
    },
  }
}

async function benchmark(target: Target, levels: Level[]): Promise<Row[]> {
  const { database, databaseUrl, dispose } = await target.open()
  try {
    await migrateToLatest(database.owner)
    const partnership = await seedDemoPartnership(database.owner)
    const admin = partnership.users.find(user => user.role === 'partnership-admin')
    if (!admin) throw new Error('The demo partnership has no administrator')

    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      SESSION_SECRET: BENCH_SECRET,
      LOG_LEVEL: 'silent',
    })
    const processes = target.processes ?? 1
    const server =
      processes > 1 && databaseUrl
        ? await serveInChildProcesses(databaseUrl, processes)
        : await serveInThisProcess(database, config)
    const base = server.base
    try {
      // Signed in as if through the sign-in page (the role needs no second factor).
      const sessionId = randomToken()
      await database.owner
        .insertInto('user_session')
        .values({
          id_hash: sha256(sessionId),
          user_id: admin.id,
          partnership_id: partnership.id,
          mfa_passed: true,
          expires_at: new Date(Date.now() + SESSION_ABSOLUTE_MS),
        })
        .execute()
      const cookie = `keepsafe_session=${sessionId}`

      const rows: Row[] = []
      for (const page of PAGES) {
        const url = `${base}${page.path}`
        const check = await fetch(url, { headers: { cookie }, redirect: 'manual' })
        const body = await check.text()
        if (check.status !== 200 || !body.includes(page.expect)) {
          throw new Error(`${page.path} answered ${check.status} instead of the signed-in page`)
        }
        for (const level of levels) {
          const { connections, seconds } = level
          process.stdout.write(`  ${target.label} ${page.path}, ${connections} × ${seconds} s… `)
          const load = await loadFromWorker({ url, cookie, connections, seconds })
          const sorted = load.latencies.slice().sort()
          const row = {
            database: target.label,
            page: page.path,
            level,
            requestsPerSecond: load.requests / load.seconds,
            p50: percentile(sorted, 0.5),
            p95: percentile(sorted, 0.95),
            p99: percentile(sorted, 0.99),
            failures: load.failures,
          }
          console.log(`${Math.round(row.requestsPerSecond)} req/s`)
          rows.push(row)
        }
      }
      return rows
    } finally {
      await server.stop()
    }
  } finally {
    await dispose()
  }
}

function printTable(rows: Row[], skipped: string[]): void {
  const header = [
    'database',
    'page',
    'connections',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'failed',
  ]
  header.push(`p95 < ${TARGET_P95_MS} ms`)
  const lines = rows.map(row => [
    row.database,
    row.page,
    String(row.level.connections),
    row.requestsPerSecond.toFixed(0),
    row.p50.toFixed(1),
    row.p95.toFixed(1),
    row.p99.toFixed(1),
    String(row.failures),
    row.level.isTarget ? (row.p95 < TARGET_P95_MS ? 'MET' : 'MISSED') : '(baseline)',
  ])
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map(line => line[column]?.length ?? 0)),
  )
  // Names to the left, figures to the right.
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0
        return column < 2 ? cell.padEnd(width) : cell.padStart(width)
      })
      .join('  ')
  console.log(`\n${format(header)}\n${widths.map(width => '-'.repeat(width)).join('  ')}`)
  for (const line of lines) console.log(format(line))
  for (const reason of skipped) console.log(`PostgreSQL: ${reason}`)
}

async function main(): Promise<void> {
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50)
  const seconds = Number(process.env.BENCH_DURATION ?? 10)
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const cpu = cpus()
  console.log(
    `Keepsafe page benchmark: ${connections} connections, ${seconds} s per page after a ${WARM_UP_SECONDS} s warm-up; ` +
      `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}`,
  )

  const rows: Row[] = []
  const skipped: string[] = []
  const levels: Level[] = [
    { connections: 1, seconds: Math.min(seconds, 3), isTarget: false },
    { connections, seconds, isTarget: true },
  ]
  rows.push(...(await benchmark(pgliteTarget(), levels)))
  const processes = Number(process.env.BENCH_PROCESSES ?? cpus().length)
  for (const count of processes > 1 ? [1, processes] : [1]) {
    const postgres = await postgresTarget(serverUrl, count)
    if (typeof postgres === 'string') skipped.push(postgres)
    else rows.push(...(await benchmark(postgres, levels)))
  }
  printTable(rows, skipped)
}

if (isMainThread) {
  await main()
} else {
  parentPort?.postMessage(await generateLoad(workerData as LoadJob))
}
