/**
 * A validation run kept for its report page: the findings of one file (an upload, or the
 * partnership's own records exported for a year), grouped, filtered and exported as CSV or XLSX.
 */
import ExcelJS from 'exceljs'
import { inPartnership, type Db } from '../../db/database.js'
import { recordAudit } from '../../platform/audit.js'
import type { CollectionYear } from './rules/rule-sets.js'
import { validateCensusFile, type Finding, type ValidationSummary } from './validator.js'
import { CensusFormatError, type ReadIssue } from './xml-reader.js'
import { findValidation, insertValidation } from './repo.js'

// A report page is for acting on; beyond this many findings the file needs fixing at source.
export const FINDINGS_KEPT = 20_000
const ISSUES_KEPT = 200

export interface ValidationRun {
  id: string
  source: string
  collectionYear: string | null
  summary: ValidationSummary | null
  findings: Finding[]
  findingsTruncated: boolean
  problems: { issues: ReadIssue[]; unreadable?: string } | null
  createdAt: Date
}

export async function runValidation(
  db: Db,
  input: {
    partnershipId: string
    userId: string | null
    path: string
    source: string
    year?: CollectionYear
    requestId?: string | null
  },
): Promise<string> {
  const issues: ReadIssue[] = []
  const findings: Finding[] = []
  let truncated = false
  let summary: ValidationSummary | null = null
  let unreadable: string | undefined
  try {
    const run = validateCensusFile(input.path, {
      year: input.year,
      onIssue: issue => {
        if (issues.length < ISSUES_KEPT) issues.push(issue)
      },
    })
    let next = await run.next()
    while (!next.done) {
      if (findings.length < FINDINGS_KEPT) findings.push(next.value)
      else truncated = true
      next = await run.next()
    }
    summary = next.value
  } catch (error) {
    if (!(error instanceof CensusFormatError)) throw error
    unreadable = error.message
  }
  return inPartnership(db, input, async trx => {
    const id = await insertValidation(trx, {
      partnershipId: input.partnershipId,
      userId: input.userId,
      source: input.source.slice(0, 200),
      collectionYear: summary?.year ?? input.year ?? null,
      summary: summary ? JSON.stringify(summary) : null,
      findings: JSON.stringify(findings),
      findingsTruncated: truncated,
      problems: issues.length > 0 || unreadable ? JSON.stringify({ issues, unreadable }) : null,
    })
    await recordAudit(trx, {
      partnershipId: input.partnershipId,
      userId: input.userId,
      action: 'census.validated',
      resourceType: 'census-validation',
      resourceId: id,
      detail: {
        source: input.source,
        errors: summary?.errors ?? null,
        queries: summary?.queries ?? null,
        unreadable: unreadable !== undefined,
      },
      requestId: input.requestId ?? null,
    })
    return id
  })
}

export async function findValidationRun(
  db: Db,
  scope: { partnershipId: string; userId: string },
  id: string,
): Promise<ValidationRun | undefined> {
  const row = await inPartnership(db, scope, trx => findValidation(trx, scope.partnershipId, id))
  if (!row) return undefined
  return {
    id: row.id,
    source: row.source,
    collectionYear: row.collectionYear,
    summary: row.summary as ValidationSummary | null,
    findings: row.findings as Finding[],
    findingsTruncated: row.findingsTruncated,
    problems: row.problems as ValidationRun['problems'],
    createdAt: new Date(row.createdAt),
  }
}

export interface FindingFilter {
  rule?: string
  child?: string
  type?: 'error' | 'query'
}

export function filterFindings(findings: Finding[], filter: FindingFilter): Finding[] {
  return findings.filter(
    f =>
      (!filter.rule || f.ruleCode === filter.rule) &&
      (!filter.child || f.laChildId === filter.child) &&
      (!filter.type || f.ruleType === filter.type),
  )
}

export function groupByRule(findings: Finding[]) {
  const groups = new Map<
    string,
    { ruleCode: string; ruleType: string; message: string; count: number; children: Set<string> }
  >()
  for (const f of findings) {
    const group = groups.get(f.ruleCode) ?? {
      ruleCode: f.ruleCode,
      ruleType: f.ruleType,
      message: f.message,
      count: 0,
      children: new Set<string>(),
    }
    group.count += 1
    group.children.add(f.laChildId)
    groups.set(f.ruleCode, group)
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || a.ruleCode.localeCompare(b.ruleCode))
    .map(g => ({ ...g, children: g.children.size }))
}

export function groupByChild(findings: Finding[]) {
  const groups = new Map<
    string,
    { laChildId: string; errors: number; queries: number; rules: Set<string> }
  >()
  for (const f of findings) {
    const group = groups.get(f.laChildId) ?? {
      laChildId: f.laChildId,
      errors: 0,
      queries: 0,
      rules: new Set<string>(),
    }
    if (f.ruleType === 'error') group.errors += 1
    else group.queries += 1
    group.rules.add(f.ruleCode)
    groups.set(f.laChildId, group)
  }
  return [...groups.values()]
    .sort(
      (a, b) =>
        b.errors + b.queries - (a.errors + a.queries) || a.laChildId.localeCompare(b.laChildId),
    )
    .map(g => ({ ...g, rules: [...g.rules].sort() }))
}

export async function findingsWorkbook(findings: Finding[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Findings')
  sheet.columns = [
    { header: 'rule_code', key: 'ruleCode', width: 10 },
    { header: 'rule_type', key: 'ruleType', width: 8 },
    { header: 'la_child_id', key: 'laChildId', width: 16 },
    { header: 'fields', key: 'fields', width: 30 },
    { header: 'values', key: 'values', width: 30 },
    { header: 'message', key: 'message', width: 80 },
  ]
  for (const f of findings) {
    // Cells are written as text: a value from a local authority's system is never a formula.
    sheet.addRow({
      ruleCode: f.ruleCode,
      ruleType: f.ruleType,
      laChildId: f.laChildId,
      fields: f.fields.join(';'),
      values: f.values.join(';'),
      message: f.message,
    })
  }
  sheet.getRow(1).font = { bold: true }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
