/**
 * What the `keepsafe` commands share: the database a command opens, the partnership it acts for,
 * and writing its lines. Nothing heavy is imported until a command runs, so `keepsafe --help`
 * stays quick.
 */
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import type { Config } from '../config.js'
import type { DatabaseHandles, OwnerDb } from '../db/database.js'

/**
 * Opens the configured database for one command, migrated first when `migrate` is set (a command
 * that reports or guards its own migration migrates in `work`), and closes it however `work` ends.
 */
export async function withDatabase<T>(
  options: { migrate: boolean },
  work: (database: DatabaseHandles, config: Config) => Promise<T>,
): Promise<T> {
  const { loadConfig } = await import('../config.js')
  const { openDatabase } = await import('../db/database.js')
  const config = loadConfig()
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    if (options.migrate) {
      const { migrateToLatest } = await import('../db/migrate.js')
      await migrateToLatest(database.owner)
    }
    return await work(database, config)
  } finally {
    await database.close()
  }
}

/**
 * The partnership a command acts for: the one `--partnership` names by slug, or the only one there
 * is. Otherwise what to do about it, in words (the command line has no signed-in partnership).
 */
export async function resolvePartnership(
  owner: OwnerDb,
  slug: string | undefined,
): Promise<{ id: string; slug: string } | string> {
  const partnerships: { id: string; slug: string }[] = await owner
    .selectFrom('partnership')
    .select(['id', 'slug'])
    .orderBy('slug')
    .execute()
  if (slug !== undefined) {
    return (
      partnerships.find(p => p.slug === slug) ??
      `There is no partnership "${slug}". Known: ${partnerships.map(p => p.slug).join(', ') || 'none'}.`
    )
  }
  const [only, ...others] = partnerships
  if (!only) return 'There are no partnerships yet: create one with keepsafe users create-admin.'
  if (others.length > 0) {
    return `Say which partnership with --partnership (${partnerships.map(p => p.slug).join(', ')}).`
  }
  return only
}

/** Writes a line, waiting when the stream asks us to, so that a long output never piles up. */
export async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, 'drain')
}
