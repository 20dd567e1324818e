import { sql, type Kysely } from 'kysely'
import { expect } from 'vitest'
import type { TestApp } from './test-app.js'

/**
 * The number of rows in every table of the database, read as the owner (outside row-level
 * security), so that a test can show a refused command wrote nothing anywhere.
 */
export async function tableCounts(owner: Kysely<unknown>): Promise<Record<string, number>> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
    order by table_name`.execute(owner)
  const counts: Record<string, number> = {}
  for (const { name } of tables) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(
      name,
    )}`.execute(owner)
    counts[name] = rows[0]?.n ?? 0
  }
  return counts
}

/**
 * Runs a refused command and checks every table has as many rows after it as before. Audit events
 * of reads (a refused form re-rendered may record that the page was viewed) are left out: they are
 * not the command's writes.
 */
export async function expectNothingWritten<T>(t: TestApp, command: () => Promise<T>): Promise<T> {
  const before = await writeCounts(t)
  const outcome = await command()
  expect(await writeCounts(t)).toEqual(before)
  return outcome
}

async function writeCounts(t: TestApp): Promise<Record<string, number>> {
  const counts = await tableCounts(t.database.owner)
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from audit_event
    where action ~ '(^|[.-])(viewed|listed|searched|read)$'`.execute(t.database.owner)
  counts.audit_event = (counts.audit_event ?? 0) - (rows[0]?.n ?? 0)
  // The chain head and its seal move with every audit event, read or write (the seal gets its
  // first row for a partnership's chain at its first event).
  delete counts.audit_chain_head
  delete counts.audit_chain_seal
  // A request counted against a rate limit is not the command's write (ops, issue 16).
  delete counts.rate_limit_counter
  return counts
}
