/** `keepsafe dataset figures --from DATE --to DATE [--partnership SLUG] --format json|csv`. */
import type { Writable } from 'node:stream'
import { resolvePartnership, withDatabase, writeLine } from '../../platform/command-line.js'
import type { DatabaseHandles } from '../../db/database.js'
import { toCsv } from '../../platform/csv.js'
import { isValidIsoDate } from '../../platform/working-days.js'
import { CSV_HEADER, reportJson, reportRows } from './cin/export.js'
import { cinReportForExport } from './cin/service.js'

export const EXIT_OK = 0
export const EXIT_USAGE = 2

export interface FiguresInput {
  from: string
  to: string
  partnership?: string
  format: string
}

interface Output {
  stdout: Writable
  stderr: Writable
}

function problemWith(input: FiguresInput): string | null {
  if (!isValidIsoDate(input.from)) return '--from must be a date like 2024-04-01'
  if (!isValidIsoDate(input.to)) return '--to must be a date like 2025-03-31'
  if (input.to < input.from) return '--to must be the same as or after --from'
  if (input.format !== 'json' && input.format !== 'csv') return '--format must be json or csv'
  return null
}

export async function runFiguresCommand(
  database: DatabaseHandles,
  input: FiguresInput,
  { stdout, stderr }: Output,
): Promise<number> {
  const problem = problemWith(input)
  if (problem) {
    await writeLine(stderr, problem)
    return EXIT_USAGE
  }
  const partnership = await resolvePartnership(database.owner, input.partnership)
  if (typeof partnership === 'string') {
    await writeLine(stderr, partnership)
    return EXIT_USAGE
  }
  const format = input.format as 'json' | 'csv'
  const report = await cinReportForExport(database.db, partnership.id, input, format)
  if (format === 'json') await writeLine(stdout, JSON.stringify(reportJson(report), null, 2))
  else await writeLine(stdout, toCsv(CSV_HEADER, reportRows(report)).trimEnd())
  return EXIT_OK
}

export function figuresCommand(input: FiguresInput): Promise<number> {
  return withDatabase({ migrate: true }, database => runFiguresCommand(database, input, process))
}
