import type { Insertable } from 'kysely'
import type { Trx } from '../../../db/database.js'
import type { GovBudgetLineTable, GovFinancialYearTable } from '../table.js'

export function listYears(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('govFinancialYear')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .orderBy('label', 'desc')
    .execute()
}

export function findYear(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govFinancialYear')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listBudgetLines(trx: Trx, yearId: string) {
  return trx
    .selectFrom('govBudgetLine')
    .leftJoin('agency', 'agency.id', 'govBudgetLine.agencyId')
    .selectAll('govBudgetLine')
    .select('agency.name as agencyName')
    .where('govBudgetLine.yearId', '=', yearId)
    .orderBy('govBudgetLine.position')
    .execute()
}

export async function nextBudgetPosition(trx: Trx, yearId: string): Promise<number> {
  const row = await trx
    .selectFrom('govBudgetLine')
    .select(eb => eb.fn.max('position').as('last'))
    .where('yearId', '=', yearId)
    .executeTakeFirst()
  return (row?.last ?? 0) + 1
}

export async function insertYear(
  trx: Trx,
  values: Insertable<GovFinancialYearTable>,
): Promise<string> {
  const { id } = await trx
    .insertInto('govFinancialYear')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function insertBudgetLine(
  trx: Trx,
  values: Insertable<GovBudgetLineTable>,
): Promise<string> {
  const { id } = await trx
    .insertInto('govBudgetLine')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export function findBudgetLine(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govBudgetLine')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function deleteBudgetLine(trx: Trx, id: string) {
  await trx.deleteFrom('govBudgetLine').where('id', '=', id).execute()
}
