/** `keepsafe census validate FILE`: validate a CIN census file; no database needed. */
import type { Writable } from 'node:stream'
import { writeLine } from '../../platform/command-line.js'
import {
  CSV_HEADER,
  findingAsCsv,
  findingAsJson,
  findingAsText,
  issueAsText,
  summaryAsText,
  type ReportFormat,
} from './report.js'
import type { CollectionYear } from './rules/years.js'
import { validateCensusFile, type ValidationSummary } from './validator.js'
import { CensusFormatError, type ReadIssue } from './xml-reader.js'

export const EXIT_OK = 0
export const EXIT_ERRORS_FOUND = 1
export const EXIT_UNREADABLE = 2

// Enough schema issues to act on; the count of the rest is still reported.
const SCHEMA_ISSUES_SHOWN = 1000

export interface ValidateCommandInput {
  file: string
  year?: CollectionYear
  format: ReportFormat
}

interface Output {
  stdout: Writable
  stderr: Writable
}

/** Prints the findings and returns the exit code: 1 when any error-type rule fired. */
export async function runValidateCommand(
  input: ValidateCommandInput,
  { stdout, stderr }: Output,
): Promise<number> {
  const issues: ReadIssue[] = []
  const onIssue = (issue: ReadIssue) => {
    if (issues.length < SCHEMA_ISSUES_SHOWN) issues.push(issue)
  }
  const findings = validateCensusFile(input.file, { year: input.year, onIssue })
  const writer = formatWriter(input.format, stdout)
  try {
    await writer.begin()
    let result = await findings.next()
    while (!result.done) {
      await writer.finding(result.value)
      result = await findings.next()
    }
    const summary = result.value
    await writer.end(summary, issues)
    if (input.format !== 'json') await writeSchemaIssues(stderr, issues, summary)
    if (input.format === 'csv') await writeLine(stderr, summaryAsText(summary))
    return summary.errors > 0 ? EXIT_ERRORS_FOUND : EXIT_OK
  } catch (error) {
    if (!(error instanceof CensusFormatError) && !isFileError(error)) throw error
    await writeLine(stderr, `Cannot validate ${input.file}: ${error.message}`)
    return EXIT_UNREADABLE
  }
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error && 'path' in error
}

interface FormatWriter {
  begin(): Promise<void>
  finding(finding: Parameters<typeof findingAsText>[0]): Promise<void>
  end(summary: ValidationSummary, issues: ReadIssue[]): Promise<void>
}

function formatWriter(format: ReportFormat, out: Writable): FormatWriter {
  switch (format) {
    case 'csv':
      return {
        begin: () => writeLine(out, CSV_HEADER),
        finding: finding => writeLine(out, findingAsCsv(finding)),
        end: async () => {},
      }
    case 'json': {
      let first = true
      return {
        begin: () => writeLine(out, '{"findings":['),
        finding: finding => {
          const line = `${first ? '' : ','}${findingAsJson(finding)}`
          first = false
          return writeLine(out, line)
        },
        end: (summary, issues) =>
          writeLine(
            out,
            `],"summary":${JSON.stringify(summary)},"schemaIssues":${JSON.stringify(issues)}}`,
          ),
      }
    }
    case 'text':
      return {
        begin: async () => {},
        finding: finding => writeLine(out, findingAsText(finding)),
        end: summary => writeLine(out, summaryAsText(summary)),
      }
  }
}

async function writeSchemaIssues(
  out: Writable,
  issues: ReadIssue[],
  summary: ValidationSummary,
): Promise<void> {
  for (const issue of issues) await writeLine(out, `schema: ${issueAsText(issue)}`)
  const unshown = summary.schemaIssues - issues.length
  if (unshown > 0) await writeLine(out, `schema: … and ${unshown} more schema issues`)
}
