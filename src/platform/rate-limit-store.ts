/**
 * A store for @fastify/rate-limit on the app's database (PGlite or PostgreSQL), so that every
 * server process and instance counts against one limit. One statement per request: an upsert that
 * starts a new window when the old one has ended. Keys are hashed, so no address is stored.
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { sha256 } from './crypto.js'

interface Counted {
  current: number
  ttl: number
}
type Callback = (error: Error | null, result?: Counted) => void

interface StoreParams {
  groupId?: string
  routeInfo?: { method?: string; url?: string }
}

/** Expired counters are deleted now and then by whichever process happens to be counting. */
const SWEEP_EVERY = 1000

export function databaseRateLimitStore(db: Db) {
  let sinceSweep = 0

  async function increment(key: string, timeWindowMs: number): Promise<Counted> {
    const window = `${String(timeWindowMs)} milliseconds`
    const { rows } = await sql<{ hits: number; ttl: number }>`
      insert into rate_limit_counter as counter (key, hits, expires_at)
      values (${key}, 1, now() + ${window}::interval)
      on conflict (key) do update set
        hits = case when counter.expires_at <= now() then 1 else counter.hits + 1 end,
        expires_at = case when counter.expires_at <= now()
          then now() + ${window}::interval else counter.expires_at end
      returning hits, greatest(0, extract(epoch from expires_at - now()) * 1000)::integer as ttl`.execute(
      db,
    )
    sinceSweep += 1
    if (sinceSweep >= SWEEP_EVERY) {
      sinceSweep = 0
      await sql`delete from rate_limit_counter where expires_at < now()`.execute(db)
    }
    const row = rows[0]
    return { current: row?.hits ?? 1, ttl: row?.ttl ?? timeWindowMs }
  }

  async function read(key: string): Promise<Counted> {
    const { rows } = await sql<{ hits: number; ttl: number }>`
      select hits, greatest(0, extract(epoch from expires_at - now()) * 1000)::integer as ttl
      from rate_limit_counter where key = ${key} and expires_at > now()`.execute(db)
    const row = rows[0]
    return row ? { current: row.hits, ttl: row.ttl } : { current: 0, ttl: 0 }
  }

  return class DatabaseRateLimitStore {
    private readonly scope: string

    // The plugin passes its merged options: a route's carry `routeInfo` (its method and URL).
    constructor(options: object = {}) {
      const params = options as StoreParams
      const route = params.routeInfo
      this.scope = params.groupId ?? `${route?.method ?? '*'} ${route?.url ?? '*'}`
    }

    private keyOf(key: string): string {
      return sha256(`${this.scope}\n${key}`)
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      increment(this.keyOf(key), timeWindow).then(
        result => callback(null, result),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      )
    }

    read(key: string, callback: Callback): void {
      read(this.keyOf(key)).then(
        result => callback(null, result),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      )
    }

    child(options: object): DatabaseRateLimitStore {
      return new DatabaseRateLimitStore(options)
    }
  }
}
