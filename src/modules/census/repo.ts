/**
 * All of the census module's SQL: the log of imports and of validation runs. The children's
 * records an import writes belong to the children module and go through its service.
 */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { Trx } from '../../db/database.js'
import type { CensusImportTable, CensusValidationTable } from './table.js'

export type CensusImportRow = Selectable<CensusImportTable>
export type CensusValidationRow = Selectable<CensusValidationTable>

export async function insertImport(
  trx: Trx,
  values: Insertable<CensusImportTable>,
): Promise<string> {
  const row = await trx
    .insertInto('censusImport')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateImport(
  trx: Trx,
  id: string,
  changes: Updateable<CensusImportTable>,
): Promise<void> {
  await trx.updateTable('censusImport').set(changes).where('id', '=', id).execute()
}

/** The LA code of the partnership's latest successful import, for an export's header. */
export async function latestImportedLea(trx: Trx, partnershipId: string) {
  const row = await trx
    .selectFrom('censusImport')
    .select('lea')
    .where('partnershipId', '=', partnershipId)
    .where('status', '=', 'succeeded')
    .where('lea', 'is not', null)
    .orderBy('startedAt', 'desc')
    .executeTakeFirst()
  return row?.lea
}

export function listRecentImports(trx: Trx, partnershipId: string, limit: number) {
  return trx
    .selectFrom('censusImport')
    .select(['id', 'fileName', 'status', 'children', 'startedAt', 'referenceDate'])
    .where('partnershipId', '=', partnershipId)
    .orderBy('startedAt', 'desc')
    .limit(limit)
    .execute()
}

export function findImport(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('censusImport')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function insertValidation(
  trx: Trx,
  values: Insertable<CensusValidationTable>,
): Promise<string> {
  const row = await trx
    .insertInto('censusValidation')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export function findValidation(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('censusValidation')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/**
 * Makes a partnership's imports run one after another: the second waits, inside its transaction,
 * until the first has committed or rolled back, and then finds its children as the first left
 * them (two at once would otherwise meet each other's rows half way and refuse).
 */
export async function waitForOtherImports(trx: Trx, partnershipId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('keepsafe census import'), hashtext(${partnershipId}))`.execute(
    trx,
  )
}
