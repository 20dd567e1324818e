import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { sql } from 'kysely'
import type { Db, Trx } from '../db/database.js'

/**
 * Background jobs on a database table, so that several app instances can share the work with no
 * other infrastructure. A runner claims due jobs with `for update skip locked` (two runners never
 * claim the same job) and holds each for a lease; a job whose runner died is claimed again once
 * its lease has run out. A failed job is tried again later, waiting longer each time, until it
 * has used its attempts. Payloads carry ids only, never personal data: the table has no row-level
 * security because one runner serves every partnership.
 */

/** What a handler is given: the job's ids and payload, never anything about a person. */
export interface ClaimedJob {
  id: string
  kind: string
  partnershipId: string | null
  payload: Record<string, unknown>
  /** Attempts so far, this one included. */
  attempts: number
  maxAttempts: number
  runAt: Date
  dedupeKey: string | null
}

export type JobHandler = (job: ClaimedJob) => Promise<void>
export type JobHandlers = Record<string, JobHandler>

export type JobPayload = Record<string, string | number | boolean | null>

export interface EnqueueInput {
  kind: string
  partnershipId?: string | null
  runAt?: Date
  payload?: JobPayload
  /** At most one job ever has this key: enqueueing it again does nothing. */
  dedupeKey?: string
  maxAttempts?: number
}

/** Work that repeats for every partnership: one job per partnership per slot of `everyMs`. */
export interface RecurringJob {
  kind: string
  everyMs: number
}

export interface JobLog {
  info(details: Record<string, unknown>, message: string): void
  error(details: Record<string, unknown>, message: string): void
}

export interface JobRunnerOptions {
  /** Names this runner in `locked_by`; unique per instance by default. */
  name?: string
  leaseMs?: number
  batchSize?: number
  intervalMs?: number
  recurring?: RecurringJob[]
  log?: JobLog
}

export const DEFAULT_JOB_INTERVAL_MS = 60_000
export const DEFAULT_LEASE_MS = 5 * 60_000
const DEFAULT_BATCH_SIZE = 20
const FIRST_RETRY_MS = 30_000
const LONGEST_RETRY_MS = 60 * 60_000
/** Finished jobs are kept this long (their dedupe keys stop a past slot from running twice). */
export const FINISHED_JOB_RETENTION_DAYS = 30
const ERROR_LENGTH = 2000

/** Adds a job; returns its id, or null when a job with the same dedupe key already exists. */
export async function enqueueJob(db: Db | Trx, input: EnqueueInput): Promise<string | null> {
  const row = await db
    .insertInto('job')
    .values({
      kind: input.kind,
      partnershipId: input.partnershipId ?? null,
      runAt: input.runAt ?? new Date(),
      payload: JSON.stringify(input.payload ?? {}),
      dedupeKey: input.dedupeKey ?? null,
      ...(input.maxAttempts ? { maxAttempts: input.maxAttempts } : {}),
    })
    .onConflict(conflict => conflict.column('dedupeKey').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id ?? null
}

/** The start of the slot of `everyMs` that `at` falls in. */
export function slotStart(at: Date, everyMs: number): Date {
  return new Date(Math.floor(at.getTime() / everyMs) * everyMs)
}

/** The dedupe key of a recurring job's slot for one partnership. */
export function slotKey(kind: string, partnershipId: string, slot: Date): string {
  return `${kind}:${partnershipId}:${slot.toISOString()}`
}

/** Enqueues the slot after the one a recurring job ran for (a handler calls this). */
export function enqueueNextSlot(db: Db, job: ClaimedJob, everyMs: number): Promise<string | null> {
  if (!job.partnershipId) return Promise.resolve(null)
  const next = new Date(slotStart(job.runAt, everyMs).getTime() + everyMs)
  return enqueueJob(db, {
    kind: job.kind,
    partnershipId: job.partnershipId,
    runAt: next,
    dedupeKey: slotKey(job.kind, job.partnershipId, next),
  })
}

/** Makes sure every partnership has the current slot of each recurring job (new ones included). */
export async function ensureRecurringJobs(db: Db, recurring: RecurringJob[], now = new Date()) {
  for (const { kind, everyMs } of recurring) {
    const slot = slotStart(now, everyMs)
    await sql`
      insert into job (kind, partnership_id, run_at, dedupe_key)
      select ${kind}, p.id, ${slot}, ${kind} || ':' || p.id || ':' || ${slot.toISOString()}
      from partnership p
      on conflict (dedupe_key) do nothing`.execute(db)
  }
}

/** How long to wait before attempt `attempts + 1`: 30 s, 1 min, 2 min… up to an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS)
}

export interface PassOutcome {
  done: number
  retried: number
  gaveUp: number
}

export class JobRunner {
  readonly name: string
  private readonly leaseMs: number
  private readonly batchSize: number
  private readonly intervalMs: number
  private readonly recurring: RecurringJob[]
  private readonly log: JobLog | undefined
  private timer: NodeJS.Timeout | null = null
  private pass: Promise<PassOutcome> | null = null

  constructor(
    private readonly db: Db,
    private readonly handlers: JobHandlers,
    options: JobRunnerOptions = {},
  ) {
    this.name = options.name ?? `${hostname()}:${String(process.pid)}:${randomUUID().slice(0, 8)}`
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE
    this.intervalMs = options.intervalMs ?? DEFAULT_JOB_INTERVAL_MS
    this.recurring = options.recurring ?? []
    this.log = options.log
  }

  /** Claims up to `limit` due jobs (or just `onlyId`) for this runner, in one short transaction. */
  async claim(limit = this.batchSize, onlyId?: string): Promise<ClaimedJob[]> {
    const kinds = Object.keys(this.handlers)
    if (kinds.length === 0) return []
    return this.db.transaction().execute(async trx => {
      let dueQuery = trx.selectFrom('job').select('id')
      if (onlyId) dueQuery = dueQuery.where('id', '=', onlyId)
      const due = await dueQuery
        .where('finishedAt', 'is', null)
        .where('runAt', '<=', sql<Date>`now()`)
        .where(eb =>
          eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', sql<Date>`now()`)]),
        )
        .where('kind', 'in', kinds)
        .orderBy('runAt')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute()
      if (due.length === 0) return []
      const claimed = await trx
        .updateTable('job')
        .set({
          lockedUntil: sql<Date>`now() + ${`${String(this.leaseMs)} milliseconds`}::interval`,
          lockedBy: this.name,
          attempts: sql<number>`attempts + 1`,
        })
        .where(
          'id',
          'in',
          due.map(job => job.id),
        )
        .returning([
          'id',
          'kind',
          'partnershipId',
          'payload',
          'attempts',
          'maxAttempts',
          'runAt',
          'dedupeKey',
        ])
        .execute()
      return claimed
        .map(job => ({ ...job, runAt: new Date(job.runAt) }))
        .sort((a, b) => a.runAt.getTime() - b.runAt.getTime())
    })
  }

  /** Runs every due job once (batch after batch) and returns what happened. */
  async runDue(): Promise<PassOutcome> {
    const outcome: PassOutcome = { done: 0, retried: 0, gaveUp: 0 }
    if (this.recurring.length) await ensureRecurringJobs(this.db, this.recurring)
    const seen = new Set<string>()
    for (;;) {
      const batch = (await this.claim()).filter(job => !seen.has(job.id))
      if (batch.length === 0) break
      for (const job of batch) {
        seen.add(job.id)
        outcome[await this.runOne(job)] += 1
      }
    }
    await this.db
      .deleteFrom('job')
      .where(
        'finishedAt',
        '<',
        sql<Date>`now() - ${`${String(FINISHED_JOB_RETENTION_DAYS)} days`}::interval`,
      )
      .execute()
    return outcome
  }

  /**
   * Runs one job now in this process, if it is due and no runner holds it: long work a request
   * starts (a census import) begins at once, and any runner takes it over if this process dies.
   */
  async runNow(id: string): Promise<keyof PassOutcome | null> {
    const [job] = await this.claim(1, id)
    return job ? this.runOne(job) : null
  }

  private async runOne(job: ClaimedJob): Promise<keyof PassOutcome> {
    const handler = this.handlers[job.kind]
    // A long job keeps its lease while it runs; once its process dies the lease runs out.
    const heartbeat = setInterval(
      () => void this.renewLease(job).catch(() => undefined),
      this.leaseMs / 3,
    )
    heartbeat.unref()
    try {
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`)
      await handler(job)
      await this.finish(job, null)
      this.log?.info({ event: 'job.done', jobId: job.id, kind: job.kind }, 'job done')
      return 'done'
    } catch (error) {
      // The message only: a stack or a database error's detail could carry a row's values.
      const message = (error instanceof Error ? error.message : String(error)).slice(
        0,
        ERROR_LENGTH,
      )
      const givesUp = job.attempts >= job.maxAttempts
      if (givesUp) await this.finish(job, message)
      else await this.reschedule(job, message)
      this.log?.error(
        { event: givesUp ? 'job.gave-up' : 'job.failed', jobId: job.id, kind: job.kind },
        message,
      )
      return givesUp ? 'gaveUp' : 'retried'
    } finally {
      clearInterval(heartbeat)
    }
  }

  private async renewLease(job: ClaimedJob) {
    await this.db
      .updateTable('job')
      .set({ lockedUntil: sql<Date>`now() + ${`${String(this.leaseMs)} milliseconds`}::interval` })
      .where('id', '=', job.id)
      .where('lockedBy', '=', this.name)
      .where('finishedAt', 'is', null)
      .execute()
  }

  /** Marks the job finished, unless its lease ran out and another runner holds it now. */
  private async finish(job: ClaimedJob, error: string | null) {
    await this.db
      .updateTable('job')
      .set({ finishedAt: sql<Date>`now()`, lockedUntil: null, lastError: error })
      .where('id', '=', job.id)
      .where('lockedBy', '=', this.name)
      .execute()
  }

  private async reschedule(job: ClaimedJob, error: string) {
    await this.db
      .updateTable('job')
      .set({
        runAt: new Date(Date.now() + retryDelayMs(job.attempts)),
        lockedUntil: null,
        lockedBy: null,
        lastError: error,
      })
      .where('id', '=', job.id)
      .where('lockedBy', '=', this.name)
      .execute()
  }

  /** Runs due jobs now and then every interval; a pass never overlaps the one before. */
  start(): void {
    if (this.timer) return
    const tick = () => {
      if (this.pass) return
      this.pass = this.runDue()
        .catch((error: unknown) => {
          this.log?.error(
            { event: 'job.pass-failed' },
            error instanceof Error ? error.message : String(error),
          )
          return { done: 0, retried: 0, gaveUp: 0 }
        })
        .finally(() => {
          this.pass = null
        })
    }
    this.timer = setInterval(tick, this.intervalMs)
    this.timer.unref()
    tick()
  }

  /** Stops the timer and waits for a pass in progress to end. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    if (this.pass) await this.pass
  }
}
