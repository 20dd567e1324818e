/** Writing validation findings as text, CSV or JSON, a line at a time. */
import type { Finding, ValidationSummary } from './validator.js'
import type { ReadIssue } from './xml-reader.js'

export const REPORT_FORMATS = ['text', 'csv', 'json'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

export const CSV_HEADER = 'rule_code,rule_type,la_child_id,fields,values,message'

export function findingAsText(finding: Finding): string {
  const who = finding.laChildId === '' ? 'return' : `child ${finding.laChildId}`
  const values = finding.fields.map((field, i) => `${field}=${finding.values[i] ?? ''}`).join(', ')
  return `${finding.ruleCode} ${finding.ruleType} (${who}): ${finding.message} [${values}]`
}

export function findingAsCsv(finding: Finding): string {
  return [
    finding.ruleCode,
    finding.ruleType,
    finding.laChildId,
    finding.fields.join(';'),
    finding.values.join(';'),
    finding.message,
  ]
    .map(csvCell)
    .join(',')
}

export function findingAsJson(finding: Finding): string {
  return JSON.stringify(finding)
}

export function summaryAsText(summary: ValidationSummary): string {
  return (
    `${summary.children} children checked against the ${summary.year} rules ` +
    `(reference date ${summary.referenceDate}): ${summary.errors} errors, ${summary.queries} queries` +
    (summary.schemaIssues > 0 ? `, ${summary.schemaIssues} schema issues` : '')
  )
}

export function issueAsText(issue: ReadIssue): string {
  return `line ${issue.line}: ${issue.message}`
}

// A cell that a spreadsheet would run as a formula is prefixed with an apostrophe (OWASP
// "CSV injection"): the values come from local authority systems, not from us.
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}
