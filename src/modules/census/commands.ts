/**
 * The census's `keepsafe` sub-commands. Declaring them loads nothing heavy: the validator, the
 * rules and the database are imported only when a command runs, so `keepsafe --help` is quick.
 */
import { InvalidArgumentError, type Command } from 'commander'
import { financialYearSlug, parseFinancialYear } from '../../platform/financial-year.js'
import { withDatabase } from '../../platform/command-line.js'
import { whyFileCannotBeRead } from '../../platform/input-file.js'
import { REPORT_FORMATS, type ReportFormat } from './report.js'
import { COLLECTION_YEARS, isCollectionYear, type CollectionYear } from './rules/years.js'

/** The exit code of a file that cannot be read, as for any other input that cannot be used. */
const EXIT_UNUSABLE_INPUT = 2

const output = () => ({ stdout: process.stdout, stderr: process.stderr })

export function registerCensusCommands(program: Command): void {
  const census = program.command('census').description('Children in Need census returns')
  census
    .command('validate')
    .description('check a CIN census XML file against every DfE validation rule of its year')
    .argument('<file>', 'census XML file')
    .option(
      '--year <year>',
      `rule set to use (${COLLECTION_YEARS.join(', ')}); by default the file's own year`,
      parseYear,
    )
    .option(
      '--format <format>',
      `output format (${REPORT_FORMATS.join(', ')})`,
      parseFormat,
      'text',
    )
    .action(async (file: string, options: { year?: CollectionYear; format: ReportFormat }) => {
      if (await refuseUnreadable(file)) return
      const { runValidateCommand } = await import('./cli.js')
      process.exitCode = await runValidateCommand({ file, ...options }, output())
    })
  census
    .command('import')
    .description(
      'import a CIN census XML file into a partnership’s children’s records (all or nothing)',
    )
    .argument('<file>', 'census XML file')
    .option('--partnership <slug>', 'the partnership’s short name (needed when there are several)')
    .action(async (file: string, options: { partnership?: string }) => {
      if (await refuseUnreadable(file)) return
      const { runImportCommand } = await import('./records-cli.js')
      process.exitCode = await withDatabase({ migrate: true }, database =>
        runImportCommand(database, { file, partnership: options.partnership }, output()),
      )
    })
  census
    .command('export')
    .description('write the CIN census XML for a collection year from the database')
    .requiredOption('--year <year>', `collection year (${COLLECTION_YEARS.join(', ')})`, parseYear)
    .option('--partnership <slug>', 'the partnership’s short name (needed when there are several)')
    .option('--lea <code>', 'three-digit LA code for the header (default: from the last import)')
    .action(async (options: { year: CollectionYear; partnership?: string; lea?: string }) => {
      const { runExportCommand } = await import('./records-cli.js')
      process.exitCode = await withDatabase({ migrate: true }, database =>
        runExportCommand(database, options, output()),
      )
    })
}

async function refuseUnreadable(file: string): Promise<boolean> {
  const reason = await whyFileCannotBeRead(file)
  if (reason === null) return false
  process.stderr.write(`${reason}\n`)
  process.exitCode = EXIT_UNUSABLE_INPUT
  return true
}

function parseYear(given: string): CollectionYear {
  // "2024/25" and "2024-25" are the same collection year (issue 19 point 5).
  const start = parseFinancialYear(given)
  const value = start === null ? given : financialYearSlug(start)
  if (!isCollectionYear(value)) {
    throw new InvalidArgumentError(`Use one of ${COLLECTION_YEARS.join(', ')}.`)
  }
  return value
}

function parseFormat(value: string): ReportFormat {
  const format = REPORT_FORMATS.find(known => known === value)
  if (!format) throw new InvalidArgumentError(`Use one of ${REPORT_FORMATS.join(', ')}.`)
  return format
}
