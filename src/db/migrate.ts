import { Migrator, type MigrationResult } from 'kysely'
import type { OwnerDb } from './database.js'
import { migrations } from './migrations/index.js'

export interface MigrateOutcome {
  applied: string[]
}

/** Applies every pending migration as the table owner. Safe to run again: it applies nothing. */
export async function migrateToLatest(owner: OwnerDb): Promise<MigrateOutcome> {
  const migrator = new Migrator({
    db: owner,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find(result => result.status === 'Error')?.migrationName
    throw new Error(
      `Migration ${failed ?? '(unknown)'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    )
  }
  return { applied: (results ?? []).filter(isApplied).map(result => result.migrationName) }
}

/**
 * Applies the migrations up to and including `name`, as an earlier release of Keepsafe would have
 * left the database (the upgrade test starts from there).
 */
export async function migrateTo(owner: OwnerDb, name: string): Promise<MigrateOutcome> {
  if (!(name in migrations)) throw new Error(`There is no migration ${name}.`)
  const migrator = new Migrator({
    db: owner,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  })
  const { error, results } = await migrator.migrateTo(name)
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error))
  return { applied: (results ?? []).filter(isApplied).map(result => result.migrationName) }
}

function isApplied(result: MigrationResult): boolean {
  return result.status === 'Success'
}
