import type { Db } from '../../db/database.js'
import { type ImportKind, IMPORTS } from './imports/templates.js'
import { importPlan } from './imports/plan.js'
import { importBudget, importChallenges, importRisks } from './imports/records.js'
import type { Importer, RowError } from './imports/shared.js'
import { importAttendance, importMeetings, importMemberships } from './imports/structures.js'
import { type Ctx, audit, scoped } from './service/shared.js'
import { MAX_IMPORT_ROWS, type Sheet, rowsByHeader } from './spreadsheets.js'

export { IMPORTS, IMPORT_KINDS, type ImportKind, isImportKind } from './imports/templates.js'
export type { RowError } from './imports/shared.js'

/**
 * Moving in: a partnership's history arrives as CSV or XLSX in these templates. A file is taken
 * whole or not at all: every row is checked, every problem reported against its row, and nothing
 * is written unless every row is good (one transaction).
 */

export type ImportOutcome =
  { kind: 'imported'; count: number } | { kind: 'rejected'; errors: RowError[] }

class Rejected extends Error {
  constructor(readonly errors: RowError[]) {
    super('import rejected')
  }
}

export async function importSheet(
  db: Db,
  ctx: Ctx,
  kind: ImportKind,
  sheet: Sheet,
): Promise<ImportOutcome> {
  const { rows, missing } = rowsByHeader(sheet, IMPORTS[kind].columns)
  if (missing.length) {
    return {
      kind: 'rejected',
      errors: [
        {
          row: 1,
          column: missing.join(', '),
          message: `The file must have a header row with the template’s columns: ${missing.join(', ')} missing`,
        },
      ],
    }
  }
  if (rows.length === 0) {
    return { kind: 'rejected', errors: [{ row: 2, column: '', message: 'The file has no rows' }] }
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    return {
      kind: 'rejected',
      errors: [
        { row: 1, column: '', message: `The file must have ${MAX_IMPORT_ROWS} rows or fewer` },
      ],
    }
  }
  try {
    return await scoped(db, ctx.actor, async trx => {
      const errors: RowError[] = []
      const count = await IMPORTERS[kind](trx, ctx, rows, errors)
      if (errors.length) throw new Rejected(errors)
      await audit(trx, ctx, {
        action: `governance.import.${kind}`,
        resourceType: 'gov-import',
        resourceId: kind,
        detail: { rows: rows.length, created: count },
      })
      return { kind: 'imported', count } as const
    })
  } catch (error) {
    if (error instanceof Rejected) return { kind: 'rejected', errors: error.errors }
    throw error
  }
}

const IMPORTERS: Record<ImportKind, Importer> = {
  memberships: importMemberships,
  meetings: importMeetings,
  attendance: importAttendance,
  budget: importBudget,
  plan: importPlan,
  risks: importRisks,
  challenges: importChallenges,
}
