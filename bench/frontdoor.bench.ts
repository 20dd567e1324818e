/**
 * Front door benchmark: `npm run bench:frontdoor [-- --quick] [-- --database-url URL]`.
 *
 * Seeds one partnership with a busy front door: 5,000 open contacts (undecided referrals with 1 to
 * 3 children each, a spread of RAG ratings and due times, some with checks outstanding or overdue
 * at partner agencies, a few awaiting a manager's authorisation), 2,000 decided ones, and 50
 * signed-in front door practitioners and managers (session rows with the second factor done, as
 * the tests make them). Then, from a worker thread, with up to 50 connections: flat out
 * (autocannon, each connection sending its next request when answered), and paced (people arriving
 * independently at an average rate, bench/arrivals.ts):
 *
 * - the queue page `/front-door` (first page, default sort), after a 1-connection baseline, and a
 *   filtered later page; each request signed in as one of the 50 people in turn. Target: p95
 *   under 100 ms.
 * - the final POST of report-a-concern (check your answers, send): 1,000 reports after 100 to
 *   warm up, each request sending a different complete draft made beforehand through the
 *   service. Every draft must end as exactly one referral (checked in the database afterwards;
 *   the run exits 1 otherwise), flat out (a baseline) and at 20 a second. Target: p95 under 100 ms
 *   at 20 a second (issue 17). Each request comes from its own address
 *   (X-Forwarded-For, with TRUST_PROXY on, as behind a load balancer), as 50 members of the
 *   public would: the per-address limit of 10 reports an hour stays in force.
 *
 * It runs on embedded PGlite (a fresh temporary directory), then on PostgreSQL when the server
 * answers (a scratch database, dropped at the end). It prints figures; it asserts no timing.
 *
 * Options: --quick (1,000 open contacts, shorter runs: a smoke test); --database-url URL (or
 * BENCH_DATABASE_URL; default postgres://postgres@127.0.0.1:5432/test, a local server only);
 * --pglite-only or --postgres-only; --explain (print the queue's query plans); --cpu N (the queue
 * pages' processor time per request, here and in the PostgreSQL server, over N requests; with
 * --cpu-only, nothing else; --profile FILE writes their CPU profiles); BENCH_DURATION
 * (seconds per queue run, default 10), BENCH_CONNECTIONS (default 50). About 2 to 3 minutes.
 * The worker and database helpers follow bench/pages.bench.ts.
 *
 * Where the time goes (issue 17; bench/README.md has the figures): the queue page is 10
 * statements (session, scope, the counts, the settings, bank holidays, decided referrals, the
 * 48-hour figure, the page), each planned afresh on every request before the PostgreSQL pool
 * prepared them (src/db/prepared-statements.ts: a third less server CPU per queue page). A
 * report's submission locks the reference counter and then the audit chain's head until it
 * commits; an audit event now takes two statements instead of four (src/platform/audit.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import type { FastifyInstance } from 'fastify'
import { CompiledQuery, sql } from 'kysely'
import { generateSecret } from 'otplib'
import pg from 'pg'
import { runArrivals, type ArrivingRequest } from './arrivals.js'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import {
  inPartnership,
  openDatabase,
  type DatabaseHandles,
  type OwnerDb,
} from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { seedDemoPartnership, type SeededPartnership } from '../src/demo/platform-data.js'
import {
  NO_QUEUE_FILTERS,
  queueCountsQuery,
  queuePageQuery,
} from '../src/modules/frontdoor/repo.js'
import { firstIncompleteStep, startDraft } from '../src/modules/frontdoor/service.js'
import { londonToday } from '../src/platform/calendar.js'
import type { DraftAnswers } from '../src/modules/frontdoor/table.js'
import { SESSION_ABSOLUTE_MS } from '../src/platform/accounts.js'
import { encryptSecret, randomToken, sha256 } from '../src/platform/crypto.js'
import { createMailer } from '../src/platform/mail.js'
import { SeededRandom } from '../src/platform/random.js'
import { cpuPerRequest, describeCpu, startProfile } from './cpu.js'

const TARGETS_P95_MS = { queue: 100, submit: 100 }
/**
 * Paced runs model the "50 concurrent signed-in users" as people, not a flood: each of 50
 * opens the queue once a second (far busier than a real front door), and reports arrive 20 a
 * second (Birmingham's 1,000 contacts a week is one every 10 minutes in working hours).
 */
const PACED_QUEUE_RATE = 50
const PACED_SUBMIT_RATE = 20
const BENCH_SECRET = 'bench-session-secret-that-is-long-enough-0123456789'
const WARM_UP_SECONDS = 2
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])
const HOUR = 3_600_000
const SUBMIT_PATH = '/report-a-concern/check-answers'

interface Scale {
  open: number
  decided: number
  users: number
  queueSeconds: number
  baselineSeconds: number
  submissions: number
  warmUpSubmissions: number
  /** Reports sent at PACED_SUBMIT_RATE after the flat-out run. */
  pacedSubmissions: number
}

function scaleFor(quick: boolean): Scale {
  const users = 50
  return quick
    ? {
        open: 1000,
        decided: 400,
        users,
        queueSeconds: 3,
        baselineSeconds: 2,
        submissions: 300,
        warmUpSubmissions: 50,
        pacedSubmissions: 50,
      }
    : {
        open: 5000,
        decided: 2000,
        users,
        queueSeconds: Number(process.env.BENCH_DURATION ?? 10),
        baselineSeconds: 3,
        submissions: 1000,
        warmUpSubmissions: 100,
        pacedSubmissions: 200,
      }
}

// ---- Load generation, in a worker thread ------------------------------------------------------

// autocannon 8 ships no types: the little of its API used here.
interface AutocannonRequest {
  method: string
  path: string
  headers?: Record<string, string>
  body?: string
}
interface AutocannonOptions {
  url: string
  connections: number
  /** Seconds before a request counts as timed out. */
  timeout: number
  duration?: number
  amount?: number
  requests: {
    method: string
    path: string
    setupRequest: (request: AutocannonRequest) => AutocannonRequest
  }[]
}
interface AutocannonResult {
  duration: number
  errors: number
  timeouts: number
}
interface AutocannonTracker extends PromiseLike<AutocannonResult> {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, bytes: number, milliseconds: number) => void,
  ): this
}
type Autocannon = (options: AutocannonOptions) => AutocannonTracker

/** Pages: GETs for `seconds`, each with the next signed-in person's cookie. */
interface PageJob {
  kind: 'page'
  base: string
  path: string
  cookies: string[]
  connections: number
  seconds: number
  warmUpSeconds: number
  ratePerSecond?: number
}

/** Submissions: one POST per draft cookie, each from its own address, then stop. */
interface SubmitJob {
  kind: 'submit'
  base: string
  csrfCookie: string
  csrfToken: string
  warmUpDrafts: string[]
  drafts: string[]
  connections: number
  ratePerSecond?: number
}

type LoadJob = PageJob | SubmitJob

interface LoadResult {
  requests: number
  seconds: number
  /** Connection errors, timeouts and answers other than the expected status. */
  failures: number
  latencies: Float64Array
}

function run(
  autocannon: Autocannon,
  options: AutocannonOptions,
  expectedStatus: number,
  latencies?: number[],
): Promise<{ result: AutocannonResult; unexpected: number }> {
  let unexpected = 0
  const tracker = autocannon(options)
  tracker.on('response', (_client, statusCode, _bytes, milliseconds) => {
    if (statusCode !== expectedStatus) unexpected += 1
    latencies?.push(milliseconds)
  })
  return Promise.resolve(tracker).then(result => ({ result, unexpected }))
}

async function generateLoad(job: LoadJob): Promise<LoadResult> {
  if (job.ratePerSecond) return arrivingLoad(job, job.ratePerSecond)
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon
  const latencies: number[] = []
  if (job.kind === 'page') {
    let next = 0
    const options = (duration: number): AutocannonOptions => ({
      url: job.base,
      connections: job.connections,
      duration,
      timeout: 60,
      requests: [
        {
          method: 'GET',
          path: job.path,
          setupRequest: request => ({
            ...request,
            headers: { ...request.headers, cookie: job.cookies[next++ % job.cookies.length] ?? '' },
          }),
        },
      ],
    })
    if (job.warmUpSeconds > 0) await run(autocannon, options(job.warmUpSeconds), 200)
    const { result, unexpected } = await run(autocannon, options(job.seconds), 200, latencies)
    return {
      requests: latencies.length,
      seconds: result.duration,
      failures: result.errors + result.timeouts + unexpected,
      latencies: Float64Array.from(latencies),
    }
  }

  let address = 0
  const options = (drafts: string[]): AutocannonOptions => {
    let next = 0
    return {
      url: job.base,
      connections: Math.min(job.connections, drafts.length),
      amount: drafts.length,
      // Every report is answered, however long the wait: its time is what is measured.
      timeout: 60,
      requests: [
        {
          method: 'POST',
          path: SUBMIT_PATH,
          setupRequest: request => {
            const draft = drafts[next++] ?? ''
            address += 1
            return {
              ...request,
              headers: {
                cookie: `${job.csrfCookie}; keepsafe_concern=${draft}`,
                'content-type': 'application/x-www-form-urlencoded',
                'x-forwarded-for': addressOf(address),
              },
              body: new URLSearchParams({ _csrf: job.csrfToken }).toString(),
            }
          },
        },
      ],
    }
  }
  if (job.warmUpDrafts.length) await run(autocannon, options(job.warmUpDrafts), 303)
  const { result, unexpected } = await run(autocannon, options(job.drafts), 303, latencies)
  return {
    requests: latencies.length,
    seconds: result.duration,
    failures: result.errors + result.timeouts + unexpected,
    latencies: Float64Array.from(latencies),
  }
}

/** Each report from its own client address, as behind a load balancer. */
function addressOf(n: number): string {
  return `10.${String((n >> 16) & 255)}.${String((n >> 8) & 255)}.${String(n & 255)}`
}

/** People arriving independently at `rate` a second on average (bench/arrivals.ts). */
async function arrivingLoad(job: LoadJob, rate: number): Promise<LoadResult> {
  if (job.kind === 'page') {
    const requestFor = (index: number): ArrivingRequest => ({
      method: 'GET',
      path: job.path,
      headers: { cookie: job.cookies[index % job.cookies.length] ?? '' },
    })
    const common = { base: job.base, ratePerSecond: rate, connections: job.connections }
    await runArrivals({ ...common, seconds: job.warmUpSeconds, expectedStatus: 200, requestFor })
    return runArrivals({ ...common, seconds: job.seconds, expectedStatus: 200, requestFor })
  }
  const drafts = [...job.warmUpDrafts, ...job.drafts]
  const requestFor = (index: number): ArrivingRequest => ({
    method: 'POST',
    path: SUBMIT_PATH,
    headers: {
      cookie: `${job.csrfCookie}; keepsafe_concern=${drafts[index] ?? ''}`,
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': addressOf(1_000_000 + index),
    },
    body: new URLSearchParams({ _csrf: job.csrfToken }).toString(),
  })
  const common = { base: job.base, ratePerSecond: rate, connections: job.connections }
  const warm = job.warmUpDrafts.length
  if (warm) await runArrivals({ ...common, count: warm, expectedStatus: 303, requestFor })
  return runArrivals({
    ...common,
    count: job.drafts.length,
    expectedStatus: 303,
    requestFor: index => requestFor(warm + index),
  })
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
      if (code !== 0) reject(new Error(`the load worker stopped with exit code ${String(code)}`))
    })
  })
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)))
  return sorted[rank - 1] ?? Number.NaN
}

// ---- Databases --------------------------------------------------------------------------------

interface Target {
  label: string
  open(): Promise<{ database: DatabaseHandles; dispose(): Promise<void> }>
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
async function postgresTarget(serverUrl: string): Promise<Target | string> {
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
  // A closed pool's connections finish closing just after it says so: forcing the drop then
  // would kill them, and an idle connection's error event would stop the benchmark.
  const dropWhenIdle = async () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      try {
        await admin(`drop database if exists ${name}`)
        return
      } catch {
        await new Promise(resolve => setTimeout(resolve, 250))
      }
    }
    await admin(`drop database if exists ${name} with (force)`)
  }
  return {
    label: 'PostgreSQL',
    async open() {
      await admin(`create database ${name}`)
      const scratch = new URL(serverUrl)
      scratch.pathname = `/${name}`
      try {
        const database = await openDatabase({ databaseUrl: scratch.toString() })
        return {
          database,
          async dispose() {
            await database.close()
            await dropWhenIdle()
          },
        }
      } catch (error) {
        await admin(`drop database if exists ${name} with (force)`)
        throw error
      }
    },
  }
}

// ---- Seeding ----------------------------------------------------------------------------------

const RAG_SPREAD = ['red', 'amber', 'amber', 'green', 'green', null] as const
const DECISIONS = ['no-further-action', 'information-and-advice', 'early-help', 'assessment']
const GIVEN_NAMES = ['Amira', 'Yusuf', 'Olivia', 'Noah', 'Leah', 'Jack', 'Maya', 'Oscar']

async function insertInBatches(owner: OwnerDb, table: string, rows: Record<string, unknown>[]) {
  for (let start = 0; start < rows.length; start += 500) {
    await owner
      .insertInto(table)
      .values(rows.slice(start, start + 500))
      .execute()
  }
}

/** The front door's people: practitioners and one manager in five, each signed in. */
async function seedPeople(
  owner: OwnerDb,
  partnership: SeededPartnership,
  count: number,
): Promise<{ cookies: string[]; managerId: string }> {
  const cookies: string[] = []
  let managerId = ''
  const agencyId = partnership.agencyIds[0] ?? null
  for (let index = 0; index < count; index++) {
    const role = index % 5 === 0 ? 'front-door-manager' : 'front-door-practitioner'
    const user = await owner
      .insertInto('app_user')
      .values({
        email: `front-door-${String(index)}@bench.example`,
        display_name: `Front Door Worker ${String(index + 1)}`,
        password_hash: 'not-used',
        // Two-factor authentication set up, as the front door roles require.
        totp_secret: encryptSecret(generateSecret(), BENCH_SECRET, 'totp-secret'),
        totp_enabled_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const userId = user.id as string
    if (!managerId && role === 'front-door-manager') managerId = userId
    await owner
      .insertInto('role_grant')
      .values({ partnership_id: partnership.id, user_id: userId, role, agency_id: agencyId })
      .execute()
    const sessionId = randomToken()
    await owner
      .insertInto('user_session')
      .values({
        id_hash: sha256(sessionId),
        user_id: userId,
        partnership_id: partnership.id,
        mfa_passed: true,
        expires_at: new Date(Date.now() + SESSION_ABSOLUTE_MS),
      })
      .execute()
    cookies.push(`keepsafe_session=${sessionId}`)
  }
  return { cookies, managerId }
}

/**
 * Open referrals due from three days ago to three days ahead (about one in ten overdue), with
 * children, checks and a few awaiting authorisation; then decided ones from the weeks before.
 */
async function seedReferrals(
  owner: OwnerDb,
  partnership: SeededPartnership,
  scale: Scale,
  people: { managerId: string },
) {
  const random = new SeededRandom(2026)
  const now = Date.now()
  const referrer = partnership.users.find(user => user.role === 'referrer')?.id ?? null
  const referrals: Record<string, unknown>[] = []
  const total = scale.open + scale.decided
  for (let index = 0; index < total; index++) {
    const isOpen = index < scale.open
    const dueAt = isOpen
      ? new Date(now + random.int(-8, 64) * HOUR + random.int(0, 59) * 60_000)
      : new Date(now - random.int(4, 60) * 24 * HOUR)
    const receivedAt = new Date(dueAt.getTime() - 24 * HOUR)
    const status = isOpen
      ? random.chance(0.03)
        ? 'awaiting-authorisation'
        : 'received'
      : 'decided'
    const decided = status !== 'received'
    const professional = random.chance(0.6)
    referrals.push({
      id: crypto.randomUUID(),
      partnership_id: partnership.id,
      reference: `NSCP-SEED-${String(index + 1).padStart(6, '0')}`,
      draft_id: crypto.randomUUID(),
      source: professional ? 'professional' : 'public',
      status,
      rag_rating: random.pick(RAG_SPREAD),
      received_at: receivedAt,
      decision_due_at: dueAt,
      household: 'Mother, stepfather and a brother aged 3',
      parents_carers: 'Sara Khan',
      concern: 'Bruises on both arms, seen at the park on several days.',
      child_says: 'She said she is scared to go home.',
      child_feels: 'Quiet and withdrawn',
      consent: 'given',
      reporter_anonymous: !professional,
      reporter_name: professional ? 'Demo Referrer' : null,
      referrer_user_id: professional ? referrer : null,
      decision: decided ? random.pick(DECISIONS) : null,
      decision_reasons: decided ? 'Reasons recorded' : null,
      decided_by: decided ? people.managerId : null,
      decided_at: decided ? new Date(receivedAt.getTime() + 2 * HOUR) : null,
      authorised_by: status === 'decided' ? people.managerId : null,
      authorised_at: status === 'decided' ? new Date(receivedAt.getTime() + 3 * HOUR) : null,
      feedback_sent_at:
        status === 'decided' && professional ? new Date(receivedAt.getTime() + 3 * HOUR) : null,
      allocated_to: status === 'decided' && random.chance(0.5) ? people.managerId : null,
    })
  }
  await insertInBatches(owner, 'referral', referrals)

  const children: Record<string, unknown>[] = []
  const checks: Record<string, unknown>[] = []
  for (const referral of referrals) {
    const count = random.int(1, 3)
    for (let position = 1; position <= count; position++) {
      children.push({
        partnership_id: partnership.id,
        referral_id: referral.id,
        position,
        given_name: random.pick(GIVEN_NAMES),
        family_name: 'Khan',
        approximate_age: random.int(0, 17),
      })
    }
    if (referral.status !== 'decided' && random.chance(0.25)) {
      for (let n = random.int(1, 3); n > 0; n--) {
        const answered = random.chance(0.3)
        checks.push({
          partnership_id: partnership.id,
          referral_id: referral.id,
          agency_id: random.pick(partnership.agencyIds),
          requested_by: people.managerId,
          due_at: new Date(now + random.int(-12, 24) * HOUR),
          answer: answered ? 'Known to us: no current concerns' : null,
          answered_by: answered ? people.managerId : null,
          answered_at: answered ? new Date(now - HOUR) : null,
        })
      }
    }
  }
  await insertInBatches(owner, 'referral_child', children)
  await insertInBatches(owner, 'referral_check', checks)
  // A live database is analysed and vacuumed by autovacuum; a freshly loaded one is not yet.
  await sql`vacuum analyze`.execute(owner)
  return { referrals: referrals.length, children: children.length, checks: checks.length }
}

/** A complete report from a member of the public, as the question pages would have saved it. */
const COMPLETE_ANSWERS: DraftAnswers = {
  children: [
    {
      givenName: 'Amira',
      familyName: 'Khan',
      birthDate: '2018-04-03',
      approximateAge: null,
      address: '12 Mill Lane, Northbridge',
      postcode: 'NB1 2AB',
    },
  ],
  family: { household: 'Mother, stepfather and a brother aged 3', parentsCarers: 'Sara Khan' },
  concern: { concern: 'Bruises on both arms, seen at the park on several days.', startedOn: null },
  voice: { childSays: 'She said she is scared to go home.', childFeels: 'Quiet and withdrawn' },
  consent: { consent: 'refused', reason: 'Her mother said it is nobody’s business' },
  reporter: {
    anonymous: false,
    name: 'Pat Jones',
    relationship: 'Neighbour',
    email: 'pat.jones@example.com',
    phone: '01632 960 001',
  },
}

async function createDrafts(database: DatabaseHandles, partnershipId: string, count: number) {
  const step = firstIncompleteStep(COMPLETE_ANSWERS, 'public', {
    today: londonToday(),
    agencies: [],
  })
  if (step) throw new Error(`The bench's report is incomplete at ${step}`)
  const cookies: string[] = []
  // A few at a time: PostgreSQL takes them in parallel, PGlite queues them.
  for (let start = 0; start < count; start += 10) {
    const batch = Array.from({ length: Math.min(10, count - start) }, () =>
      startDraft(database.db, {
        partnershipId,
        source: 'public',
        userId: null,
        answers: COMPLETE_ANSWERS,
        requestId: 'bench',
      }),
    )
    cookies.push(...(await Promise.all(batch)))
  }
  return cookies
}

/** Every draft sent became exactly one referral. */
async function checkSubmissions(owner: OwnerDb, partnershipId: string, drafts: number) {
  const row = await owner
    .selectFrom('referral_draft')
    .leftJoin('referral', 'referral.draft_id', 'referral_draft.id')
    .select([
      sql<string>`count(*)`.as('drafts'),
      sql<string>`count(referral.id)`.as('referrals'),
      sql<string>`count(distinct referral.id)`.as('distinctReferrals'),
      sql<string>`count(*) filter (where referral_draft.submitted_referral_id is distinct from referral.id)`.as(
        'mismatched',
      ),
    ])
    .where('referral_draft.partnership_id', '=', partnershipId)
    .executeTakeFirstOrThrow()
  const counts = {
    drafts: Number(row.drafts),
    referrals: Number(row.referrals),
    distinct: Number(row.distinctReferrals),
    mismatched: Number(row.mismatched),
  }
  const ok =
    counts.drafts === drafts &&
    counts.referrals === drafts &&
    counts.distinct === drafts &&
    counts.mismatched === 0
  return { ok, ...counts }
}

// ---- Query plans ------------------------------------------------------------------------------

/** EXPLAIN ANALYZE of the queue's statements, as the app runs them (app role, partnership bound). */
async function explainQueue(database: DatabaseHandles, partnershipId: string, userId: string) {
  const page = { order: { sort: 'due', order: 'asc' }, limit: 50 } as const
  const statements = {
    counts: (trx: Parameters<typeof queueCountsQuery>[0]) =>
      queueCountsQuery(trx, partnershipId, NO_QUEUE_FILTERS),
    'first page': (trx: Parameters<typeof queueCountsQuery>[0]) =>
      queuePageQuery(trx, partnershipId, { ...page, filters: NO_QUEUE_FILTERS, offset: 0 }),
    'open amber, page 5': (trx: Parameters<typeof queueCountsQuery>[0]) =>
      queuePageQuery(trx, partnershipId, {
        ...page,
        filters: { ...NO_QUEUE_FILTERS, status: 'open', rag: 'amber' },
        offset: 200,
      }),
  }
  for (const [name, build] of Object.entries(statements)) {
    const explain = () =>
      inPartnership(database.db, { partnershipId, userId }, async trx => {
        const compiled = build(trx).compile()
        const result = await trx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [...compiled.parameters]),
        )
        return result.rows.map(row => row['QUERY PLAN']).join('\n')
      })
    // The first runs warm the caches; the last is shown.
    await explain()
    await explain()
    const plan = await explain()
    console.log(`\n  EXPLAIN ANALYZE, ${name}:\n${plan.replace(/^/gm, '    ')}`)
  }
}

// ---- The benchmark ----------------------------------------------------------------------------

interface Row {
  database: string
  what: string
  connections: number
  requests: number
  requestsPerSecond: number
  p50: number
  p95: number
  p99: number
  failures: number
  target?: number
}

function toRow(
  database: string,
  what: string,
  connections: number,
  load: LoadResult,
  target?: number,
): Row {
  const sorted = load.latencies.slice().sort()
  return {
    database,
    what,
    connections,
    requests: load.requests,
    requestsPerSecond: load.requests / load.seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    failures: load.failures,
    ...(target ? { target } : {}),
  }
}

interface Options {
  explain: boolean
  /** Requests for the processor-time-per-request figures (0: none). */
  cpu: number
  /** Only those figures, no load runs. */
  cpuOnly: boolean
  /** With cpu: where to write a CPU profile of those requests. */
  profile: string | undefined
}

async function benchmark(target: Target, scale: Scale, connections: number, options: Options) {
  const notes: string[] = []
  const { database, dispose } = await target.open()
  const started = performance.now()
  try {
    await migrateToLatest(database.owner)
    const partnership = await seedDemoPartnership(database.owner)
    const people = await seedPeople(database.owner, partnership, scale.users)
    const seeded = await seedReferrals(database.owner, partnership, scale, people)
    if (options.explain) await explainQueue(database, partnership.id, people.managerId)
    const drafts = await createDrafts(
      database,
      partnership.id,
      scale.warmUpSubmissions + scale.submissions + scale.pacedSubmissions,
    )
    console.log(
      `  ${target.label}: seeded ${String(seeded.referrals)} referrals (${String(scale.open)} open), ` +
        `${String(seeded.children)} children, ${String(seeded.checks)} checks, ` +
        `${String(people.cookies.length)} sessions and ${String(drafts.length)} drafts in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    )

    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      SESSION_SECRET: BENCH_SECRET,
      LOG_LEVEL: 'silent',
      TRUST_PROXY: 'true',
    })
    const { app } = await buildApp({
      config,
      database,
      mailer: createMailer({ from: config.mailFrom }),
      logger: false,
    })
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const cookie = people.cookies[0] ?? ''
      const check = await fetch(`${base}/front-door`, { headers: { cookie }, redirect: 'manual' })
      const body = await check.text()
      if (check.status !== 200 || !body.includes('Referrals 1 to 50 of')) {
        throw new Error(`/front-door answered ${String(check.status)} instead of the queue`)
      }

      if (options.cpu > 0)
        await printCpuPerRequest(
          app,
          database,
          // Reports only with --cpu-only: the load runs send every draft.
          { cookies: people.cookies, drafts: options.cpuOnly ? drafts : [] },
          options.cpu,
          options.profile,
        )
      if (options.cpuOnly) return { rows: [], notes }
      const rows: Row[] = []
      const page = async (
        path: string,
        conns: number,
        seconds: number,
        targetMs?: number,
        ratePerSecond?: number,
      ) => {
        const label = ratePerSecond ? `GET ${path} at ${String(ratePerSecond)}/s` : `GET ${path}`
        process.stdout.write(`  ${label}, ${String(conns)} × ${String(seconds)} s… `)
        const load = await loadFromWorker({
          kind: 'page',
          base,
          path,
          cookies: people.cookies,
          connections: conns,
          seconds,
          warmUpSeconds: targetMs ? WARM_UP_SECONDS : 1,
          ...(ratePerSecond ? { ratePerSecond } : {}),
        })
        const row = toRow(target.label, label, conns, load, targetMs)
        console.log(`${row.requestsPerSecond.toFixed(0)} req/s`)
        rows.push(row)
      }
      await page('/front-door', 1, scale.baselineSeconds)
      await page(
        '/front-door',
        connections,
        scale.queueSeconds,
        TARGETS_P95_MS.queue,
        PACED_QUEUE_RATE,
      )
      await page('/front-door', connections, scale.queueSeconds, TARGETS_P95_MS.queue)
      await page(
        '/front-door?status=open&rag=amber&page=5',
        connections,
        Math.ceil(scale.queueSeconds / 2),
        TARGETS_P95_MS.queue,
      )

      // One CSRF secret and token for every report, as one browser tab would carry.
      const start = await fetch(`${base}/report-a-concern`)
      const csrfToken = /name="_csrf" value="([^"]+)"/.exec(await start.text())?.[1]
      const csrfCookie = start.headers
        .getSetCookie()
        .map(header => header.split(';')[0] ?? '')
        .find(pair => pair.startsWith('keepsafe_csrf='))
      if (!csrfToken || !csrfCookie) throw new Error('No CSRF token on /report-a-concern')
      process.stdout.write(
        `  POST ${SUBMIT_PATH}, ${String(connections)} connections, ${String(scale.submissions)} reports… `,
      )
      const submitted = await loadFromWorker({
        kind: 'submit',
        base,
        csrfCookie,
        csrfToken,
        warmUpDrafts: drafts.slice(0, scale.warmUpSubmissions),
        drafts: drafts.slice(scale.warmUpSubmissions, scale.warmUpSubmissions + scale.submissions),
        connections,
      })
      // Flat out is a baseline: the target is about reports arriving 20 a second.
      const submitRow = toRow(target.label, `POST ${SUBMIT_PATH}`, connections, submitted)
      console.log(`${submitRow.requestsPerSecond.toFixed(0)} req/s`)
      rows.push(submitRow)
      process.stdout.write(
        `  POST ${SUBMIT_PATH} at ${String(PACED_SUBMIT_RATE)}/s, ${String(scale.pacedSubmissions)} reports… `,
      )
      const paced = await loadFromWorker({
        kind: 'submit',
        base,
        csrfCookie,
        csrfToken,
        warmUpDrafts: [],
        drafts: drafts.slice(scale.warmUpSubmissions + scale.submissions),
        connections,
        ratePerSecond: PACED_SUBMIT_RATE,
      })
      const pacedRow = toRow(
        target.label,
        `POST ${SUBMIT_PATH} at ${String(PACED_SUBMIT_RATE)}/s`,
        connections,
        paced,
        TARGETS_P95_MS.submit,
      )
      console.log(`${pacedRow.requestsPerSecond.toFixed(0)} req/s`)
      rows.push(pacedRow)
      const verdict = await checkSubmissions(database.owner, partnership.id, drafts.length)
      notes.push(
        `${target.label}: ${String(verdict.drafts)} drafts sent, ${String(verdict.referrals)} referrals made ` +
          `(${String(verdict.distinct)} distinct, ${String(verdict.mismatched)} not linked back): ` +
          (verdict.ok ? 'one referral per draft' : 'MISMATCH'),
      )
      if (!verdict.ok) process.exitCode = 1
      return { rows, notes }
    } finally {
      await app.close()
    }
  } finally {
    await dispose()
  }
}

/** --cpu N: the queue pages' processor time per request, N requests each, 50 at once. */
async function printCpuPerRequest(
  app: FastifyInstance,
  database: DatabaseHandles,
  load: { cookies: string[]; drafts: string[] },
  count: number,
  profileTo: string | undefined,
) {
  const measure = async (
    label: string,
    request: () => Promise<unknown>,
    times: number,
    concurrency = 50,
  ) => {
    const profiler = profileTo ? await startProfile() : null
    console.log(
      `  ${describeCpu(label, await cpuPerRequest(database, request, times, concurrency))}`,
    )
    if (profiler && profileTo) {
      const file = `${profileTo}-${database.kind}-${label.replace(/\W+/g, '_')}.cpuprofile`
      writeFileSync(file, JSON.stringify(await profiler.stop()))
      console.log(`  profile: ${file}`)
    }
  }
  for (const path of ['/front-door', '/front-door?status=open&rag=amber&page=5']) {
    let turn = 0
    const request = () =>
      app.inject({
        url: path,
        headers: { cookie: load.cookies[turn++ % load.cookies.length] ?? '' },
      })
    await cpuPerRequest(database, request, 50)
    await measure(`GET ${path}`, request, count)
  }
  if (load.drafts.length === 0) return
  // Reports one at a time: a submission's own cost.
  const start = await app.inject({ url: '/report-a-concern' })
  const csrfToken = /name="_csrf" value="([^"]+)"/.exec(start.body)?.[1] ?? ''
  const csrf = start.cookies.find(cookie => cookie.name === 'keepsafe_csrf')
  const drafts = load.drafts.slice(-Math.min(count, 200))
  let address = 0
  const submit = () => {
    address += 1
    return app.inject({
      method: 'POST',
      url: SUBMIT_PATH,
      headers: {
        cookie: `keepsafe_csrf=${csrf?.value ?? ''}; keepsafe_concern=${drafts.pop() ?? ''}`,
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': `10.9.${String(address >> 8)}.${String(address & 255)}`,
      },
      payload: new URLSearchParams({ _csrf: csrfToken }).toString(),
    })
  }
  await measure(`POST ${SUBMIT_PATH}, one at a time`, submit, drafts.length, 1)
}

function printTable(rows: Row[], notes: string[]): void {
  const header = [
    'database',
    'request',
    'conns',
    'requests',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'failed',
    'target p95',
  ]
  const lines = rows.map(row => [
    row.database,
    row.what,
    String(row.connections),
    String(row.requests),
    row.requestsPerSecond.toFixed(0),
    row.p50.toFixed(1),
    row.p95.toFixed(1),
    row.p99.toFixed(1),
    String(row.failures),
    row.target === undefined
      ? '(baseline)'
      : `< ${String(row.target)} ms: ${row.p95 < row.target ? 'MET' : 'MISSED'}`,
  ])
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map(line => line[column]?.length ?? 0)),
  )
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0
        return column < 2 || column === 9 ? cell.padEnd(width) : cell.padStart(width)
      })
      .join('  ')
  console.log(`\n${format(header)}\n${widths.map(width => '-'.repeat(width)).join('  ')}`)
  for (const line of lines) console.log(format(line))
  for (const note of notes) console.log(note)
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      'pglite-only': { type: 'boolean', default: false },
      'postgres-only': { type: 'boolean', default: false },
      explain: { type: 'boolean', default: false },
      cpu: { type: 'string', default: '0' },
      'cpu-only': { type: 'boolean', default: false },
      profile: { type: 'string' },
    },
  })
  const scale = scaleFor(values.quick)
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50)
  const serverUrl =
    values['database-url'] ??
    process.env.BENCH_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/test'
  const cpu = cpus()
  console.log(
    `Keepsafe front door benchmark${values.quick ? ' (quick)' : ''}: ${String(scale.open)} open contacts, ` +
      `${String(connections)} connections, ${String(scale.queueSeconds)} s per queue run after a ` +
      `${String(WARM_UP_SECONDS)} s warm-up, ${String(scale.submissions)} reports sent; ` +
      `Node ${process.version}, ${String(cpu.length)} × ${cpu[0]?.model ?? 'unknown CPU'}`,
  )
  const started = performance.now()
  const rows: Row[] = []
  const notes: string[] = []
  const targets: Target[] = values['postgres-only'] ? [] : [pgliteTarget()]
  if (!values['pglite-only']) {
    const postgres = await postgresTarget(serverUrl)
    if (typeof postgres === 'string') notes.push(`PostgreSQL: ${postgres}`)
    else targets.push(postgres)
  }
  for (const target of targets) {
    const result = await benchmark(target, scale, connections, {
      explain: values.explain,
      cpu: Number(values.cpu),
      cpuOnly: values['cpu-only'],
      profile: values.profile,
    })
    rows.push(...result.rows)
    notes.push(...result.notes)
  }
  printTable(rows, notes)
  console.log(`Finished in ${((performance.now() - started) / 1000).toFixed(0)} s.`)
}

if (isMainThread) {
  await main()
} else {
  parentPort?.postMessage(await generateLoad(workerData as LoadJob))
}
