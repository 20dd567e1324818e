import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DatabaseHandles } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import {
  JobRunner,
  enqueueJob,
  enqueueNextSlot,
  ensureRecurringJobs,
  retryDelayMs,
  slotKey,
  slotStart,
  type ClaimedJob,
} from '../../src/platform/jobs.js'
import { runKeepsafe } from '../helpers/cli.js'
import { createTestDatabase } from '../helpers/test-app.js'

let database: DatabaseHandles
let drop: () => Promise<void>
let partnershipId: string

beforeAll(async () => {
  const created = await createTestDatabase()
  database = created.database
  drop = created.drop
  await migrateToLatest(database.owner)
})

afterAll(async () => {
  await drop()
})

beforeEach(async () => {
  await sql`truncate job, partnership restart identity cascade`.execute(database.owner)
  const row = await database.owner
    .insertInto('partnership')
    .values({ slug: 'northbridge', name: 'Northbridge' })
    .returning('id')
    .executeTakeFirstOrThrow()
  partnershipId = row.id as string
})

function jobRows() {
  return database.owner.selectFrom('job').selectAll().orderBy('created_at').execute()
}

describe('the job queue', () => {
  it('enqueues a job once per dedupe key', async () => {
    const first = await enqueueJob(database.db, { kind: 'test', dedupeKey: 'only-once' })
    const second = await enqueueJob(database.db, { kind: 'test', dedupeKey: 'only-once' })
    expect(first).toEqual(expect.any(String))
    expect(second).toBeNull()
    expect(await jobRows()).toHaveLength(1)
  })

  it('runs a due job and marks it finished, leaving future jobs alone', async () => {
    const ran: ClaimedJob[] = []
    await enqueueJob(database.db, { kind: 'test', payload: { referralId: 'r-1' } })
    await enqueueJob(database.db, { kind: 'test', runAt: new Date(Date.now() + 3_600_000) })
    const runner = new JobRunner(database.db, {
      test: job => {
        ran.push(job)
        return Promise.resolve()
      },
    })
    expect(await runner.runDue()).toEqual({ done: 1, retried: 0, gaveUp: 0 })
    expect(ran).toHaveLength(1)
    expect(ran[0]).toMatchObject({ kind: 'test', payload: { referralId: 'r-1' }, attempts: 1 })
    const rows = await jobRows()
    expect(rows[0]).toMatchObject({ finished_at: expect.any(Date), locked_until: null })
    expect(rows[1]).toMatchObject({ finished_at: null, attempts: 0 })
  })

  it('retries a failing job later with the error message, and gives up after its attempts', async () => {
    await enqueueJob(database.db, { kind: 'flaky', maxAttempts: 2 })
    const runner = new JobRunner(database.db, {
      flaky: () => Promise.reject(new Error('mail server down')),
    })
    expect(await runner.runDue()).toEqual({ done: 0, retried: 1, gaveUp: 0 })
    let row = (await jobRows())[0]!
    expect(row).toMatchObject({ attempts: 1, finished_at: null, last_error: 'mail server down' })
    expect(new Date(row.run_at).getTime()).toBeGreaterThan(Date.now() + 20_000)

    // Nothing is due until the wait is over.
    expect(await runner.runDue()).toEqual({ done: 0, retried: 0, gaveUp: 0 })
    await database.owner
      .updateTable('job')
      .set({ run_at: new Date(Date.now() - 1000) })
      .execute()
    expect(await runner.runDue()).toEqual({ done: 0, retried: 0, gaveUp: 1 })
    row = (await jobRows())[0]!
    expect(row).toMatchObject({ attempts: 2, finished_at: expect.any(Date) })
    expect(row.last_error).toBe('mail server down')
  })

  it('waits longer after each failure, up to an hour', () => {
    expect([1, 2, 3, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 3_600_000])
  })

  it('has two runners on one database claim disjoint jobs, each job run exactly once', async () => {
    for (let index = 0; index < 30; index++) {
      await enqueueJob(database.db, { kind: 'count', payload: { index } })
    }
    const runs: { runner: string; id: string }[] = []
    const handler = (runner: string) => async (job: ClaimedJob) => {
      runs.push({ runner, id: job.id })
      await new Promise(resolve => setTimeout(resolve, 2))
    }
    const a = new JobRunner(database.db, { count: handler('a') }, { name: 'a', batchSize: 4 })
    const b = new JobRunner(database.db, { count: handler('b') }, { name: 'b', batchSize: 4 })
    const [fromA, fromB] = await Promise.all([a.runDue(), b.runDue()])
    expect(fromA.done + fromB.done).toBe(30)
    expect(new Set(runs.map(run => run.id)).size).toBe(30)
    expect(runs).toHaveLength(30)
    const rows = await jobRows()
    expect(rows.every(row => row.finished_at !== null && row.attempts === 1)).toBe(true)
  })

  it('claims disjoint jobs when two runners claim at the same moment', async () => {
    for (let index = 0; index < 10; index++) await enqueueJob(database.db, { kind: 'count' })
    const noop = () => Promise.resolve()
    const a = new JobRunner(database.db, { count: noop }, { name: 'a' })
    const b = new JobRunner(database.db, { count: noop }, { name: 'b' })
    const [first, second] = await Promise.all([a.claim(6), b.claim(6)])
    const ids = [...first, ...second].map(job => job.id)
    expect(ids).toHaveLength(10)
    expect(new Set(ids).size).toBe(10)
  })

  it('picks up again a job whose lease ran out, and the first runner cannot finish it', async () => {
    await enqueueJob(database.db, { kind: 'slow' })
    const noop = () => Promise.resolve()
    const dead = new JobRunner(database.db, { slow: noop }, { name: 'dead' })
    const alive = new JobRunner(database.db, { slow: noop }, { name: 'alive' })
    expect(await dead.claim()).toHaveLength(1)
    expect(await alive.claim()).toHaveLength(0)

    await database.owner
      .updateTable('job')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .execute()
    expect(await alive.runDue()).toEqual({ done: 1, retried: 0, gaveUp: 0 })
    const [row] = await jobRows()
    expect(row).toMatchObject({ locked_by: 'alive', attempts: 2, finished_at: expect.any(Date) })
  })

  it('gives a job of a kind it has no handler for to a runner that has one', async () => {
    await enqueueJob(database.db, { kind: 'other' })
    const runner = new JobRunner(database.db, { test: () => Promise.resolve() })
    expect(await runner.runDue()).toEqual({ done: 0, retried: 0, gaveUp: 0 })
    expect((await jobRows())[0]).toMatchObject({ attempts: 0, finished_at: null })
  })

  it('removes jobs finished more than 30 days ago', async () => {
    await enqueueJob(database.db, { kind: 'old' })
    await database.owner
      .updateTable('job')
      .set({ finished_at: new Date(Date.now() - 31 * 86_400_000) })
      .execute()
    await new JobRunner(database.db, {}).runDue()
    expect(await jobRows()).toHaveLength(0)
  })
})

describe('recurring jobs', () => {
  const HOUR = 3_600_000

  it('seeds the current slot for every partnership once', async () => {
    const now = new Date('2026-11-23T09:30:00Z')
    await ensureRecurringJobs(database.db, [{ kind: 'reminders', everyMs: HOUR }], now)
    await ensureRecurringJobs(database.db, [{ kind: 'reminders', everyMs: HOUR }], now)
    const rows = await jobRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      kind: 'reminders',
      partnership_id: partnershipId,
      dedupe_key: slotKey('reminders', partnershipId, new Date('2026-11-23T09:00:00Z')),
    })
  })

  it('re-enqueues the next slot from the handler, once', async () => {
    const everyMs = HOUR
    const runner = new JobRunner(
      database.db,
      {
        reminders: async job => {
          await enqueueNextSlot(database.db, job, everyMs)
        },
      },
      { recurring: [{ kind: 'reminders', everyMs }] },
    )
    expect(await runner.runDue()).toEqual({ done: 1, retried: 0, gaveUp: 0 })
    expect(await runner.runDue()).toEqual({ done: 0, retried: 0, gaveUp: 0 })
    const rows = await jobRows()
    expect(rows).toHaveLength(2)
    const next = slotStart(new Date(Date.now() + everyMs), everyMs)
    expect(rows[1]).toMatchObject({
      finished_at: null,
      dedupe_key: slotKey('reminders', partnershipId, next),
    })
  })
})

describe('keepsafe jobs run', () => {
  it('runs the due jobs once and exits', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const path = await import('node:path')
    const { openDatabase } = await import('../../src/db/database.js')
    const dataDir = mkdtempSync(path.join(tmpdir(), 'keepsafe-jobs-'))
    const databaseUrl = process.env.TEST_DATABASE_URL ? await freshDatabaseUrl() : undefined
    try {
      const fresh = await openDatabase({ databaseUrl, dataDir })
      await migrateToLatest(fresh.owner)
      await fresh.owner
        .insertInto('partnership')
        .values({ slug: 'eastbridge', name: 'E' })
        .execute()
      await fresh.close()
      const run = () =>
        runKeepsafe(
          {
            DATA_DIR: dataDir,
            LOG_LEVEL: 'silent',
            NODE_ENV: 'test',
            ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
          },
          'jobs',
          'run',
        )
      const first = await run()
      expect(first.status, first.stderr).toBe(0)
      // The partnership's recurring jobs: work tray reminders, the purge of expired drafts, agency
      // return reminders, assurance reminders and the retention rules.
      expect(first.stdout).toContain('Jobs run: 5 done, 0 to try again later, 0 given up.')
      // The hour's jobs have run: running again finds nothing due.
      expect((await run()).stdout).toContain('Jobs run: 0 done')
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
      await dropFresh?.()
    }
  }, 120_000)
})

let dropFresh: (() => Promise<void>) | undefined

async function freshDatabaseUrl(): Promise<string | undefined> {
  const created = await createTestDatabase()
  await created.database.close()
  dropFresh = created.drop
  return created.databaseUrl
}
