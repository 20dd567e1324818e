import { createHash } from 'node:crypto'
import type pg from 'pg'

/**
 * Statements a connection prepares at most: Kysely writes a new text for each length of an `in`
 * list, so the number of distinct texts is not bounded by the code; past this, queries run
 * unprepared as before.
 */
export const PREPARED_PER_CONNECTION = 1000

/**
 * Bulk statements (a census import's batches of hundreds of rows or ids, as many parameters or
 * as arrays) are left unprepared: their planning is small beside their work, and a generic plan
 * kept from when a table was small goes on scanning it as it grows inside the import's
 * transaction (a 100,000-child import took 228 s instead of 14, its id lookups reading every
 * row). Only the bulk statements: forcing custom plans for the whole transaction instead
 * (`plan_cache_mode`) also replanned every foreign-key check the inserts made, 30-40 µs a row
 * instead of 5-7 (issue 17).
 */
export const MOST_VALUES_PREPARED = 50

/** Transaction control and settings gain nothing from a plan; scripts of several statements cannot be prepared. */
const UNPREPARED = /^\s*(begin|commit|rollback|savepoint|release|start|set|reset)\b|;\s*\S/i

/**
 * Every query of the app's pool runs as a named prepared statement, once parsed and planned per
 * connection: PostgreSQL then keeps its plan (after five custom plans, the generic one when it is
 * as cheap). Profiling (bench/README.md) showed planning, not execution, took most of the
 * database time of a page: the row-level security policies add subqueries to every statement,
 * and planning them cost 10 to 100 times what running them on a partnership's rows did.
 *
 * Row-level security is unchanged: the policies read the partnership and user from settings when
 * the plan runs, not when it is made, and PostgreSQL replans a statement if the role changes.
 */
export function prepareStatementsOnConnect(pool: pg.Pool): void {
  pool.on('connect', client => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    const prepared = new Set<string>()
    const replacement = (...args: unknown[]): unknown => {
      const [text, values, callback] = args
      if (
        typeof text !== 'string' ||
        !Array.isArray(values) ||
        isBulk(values) ||
        UNPREPARED.test(text) ||
        (!prepared.has(text) && prepared.size >= PREPARED_PER_CONNECTION)
      ) {
        return query(...args)
      }
      prepared.add(text)
      return query({ name: statementName(text), text, values }, callback)
    }
    client.query = replacement as typeof client.query
  })
}

/** Many values, or an array of many: a batch, planned for its own values each time. */
function isBulk(values: unknown[]): boolean {
  return (
    values.length > MOST_VALUES_PREPARED ||
    values.some(value => Array.isArray(value) && value.length > MOST_VALUES_PREPARED)
  )
}

/** A name from the text itself, so that one text always has one name on every connection. */
export function statementName(text: string): string {
  return `ks_${createHash('sha256').update(text).digest('base64url').slice(0, 40)}`
}
