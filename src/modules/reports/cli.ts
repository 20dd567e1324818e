/** `keepsafe report build --partnership SLUG --year 2016-17 --format html|pdf|docx --out FILE`. */
import { writeFile } from 'node:fs/promises'
import { inPartnership, type DatabaseHandles } from '../../db/database.js'
import { recordAudit } from '../../platform/audit.js'
import { withDatabase } from '../../platform/command-line.js'
import { findPublicPartnership } from '../../platform/front-page.js'
import { renderReport, type OutputFormat } from './render/output.js'
import { startYearOf } from './schema.js'
import { contentForBuild } from './service.js'

export const EXIT_OK = 0
export const EXIT_USAGE = 2

export interface BuildInput {
  partnership: string
  year: string
  format: string
  out: string
  kind?: string
}

const FORMATS = ['html', 'pdf', 'docx']

/** Builds the year's report (the published version, else the draft as it would be published). */
export async function runBuildCommand(
  database: DatabaseHandles,
  input: BuildInput,
  log: (line: string) => void,
): Promise<number> {
  const startYear = startYearOf(input.year)
  if (startYear === null) return usage(log, '--year must be a financial year like 2016-17')
  if (!FORMATS.includes(input.format)) return usage(log, '--format must be html, pdf or docx')
  const kind = input.kind === 'young-people' ? 'young-people' : 'full'
  const partnership = await findPublicPartnership(database.db, { slug: input.partnership })
  if (!partnership) return usage(log, `There is no partnership "${input.partnership}".`)
  const content = await contentForBuild(database.db, partnership.id, startYear, kind)
  if (!content) return usage(log, `There is no ${input.year} report for ${partnership.name}.`)
  const started = performance.now()
  const bytes = await renderReport(content, input.format as OutputFormat)
  await writeFile(input.out, bytes)
  await inPartnership(database.db, { partnershipId: partnership.id, userId: null }, trx =>
    recordAudit(trx, {
      partnershipId: partnership.id,
      userId: null,
      action: 'report.exported',
      resourceType: 'report',
      detail: { source: 'command line', year: input.year, format: input.format, kind },
    }),
  )
  log(
    `Wrote ${input.out} (${input.format}, ${bytes.length.toLocaleString('en-GB')} bytes) in ${Math.round(performance.now() - started)} ms.`,
  )
  return EXIT_OK
}

function usage(log: (line: string) => void, message: string): number {
  log(message)
  return EXIT_USAGE
}

export function buildCommand(input: BuildInput): Promise<number> {
  return withDatabase({ migrate: true }, database =>
    runBuildCommand(database, input, line => {
      console.log(line)
    }),
  )
}
