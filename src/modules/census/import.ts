/**
 * Importing a CIN census file into the partnership's children's records.
 *
 * Two streaming passes over the file, so memory stays flat whatever its size:
 *  1. check: the reader's schema issues, and what the records need to be saved (an LA child ID,
 *     episodes and records with start dates that are unique within their parent). Any problem
 *     stops the import here, with every problem and its line listed, and nothing is written.
 *  2. save: in ONE transaction, children are upserted 500 at a time. Saving a record exactly as
 *     held changes nothing, so importing the same file twice changes nothing.
 * The import is logged in `census_import` and audited as `census.imported` with its counts.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { inPartnership, type Db } from '../../db/database.js'
import { recordAudit } from '../../platform/audit.js'
import {
  addCounts,
  emptySaveCounts,
  saveCensusChildren,
  type SaveCounts,
} from '../children/service.js'
import type { CensusChild, CensusHeader } from './model.js'
import {
  CensusFormatError,
  CensusLimitError,
  readCensusBatches,
  type CensusEvent,
} from './xml-reader.js'
import { insertImport, updateImport } from './repo.js'

export interface ImportProblem {
  line?: number
  message: string
}

export type ImportPhase = 'checking' | 'saving' | 'done'

export interface ImportProgress {
  phase: ImportPhase
  /** 0 to 1 over both passes. */
  fraction: number
  children: number
}

export interface ImportSummary {
  importId: string
  referenceDate: string | null
  lea: string | null
  children: number
  counts: SaveCounts
}

export type ImportOutcome =
  | ({ ok: true } & ImportSummary)
  | { ok: false; importId: string; problems: ImportProblem[]; moreProblems: number }

export interface ImportInput {
  partnershipId: string
  userId: string | null
  path: string
  fileName: string
  requestId?: string | null
  /** An import already logged as running (the upload page makes one before it starts). */
  importId?: string
  onProgress?: (progress: ImportProgress) => void
}

const PROBLEMS_KEPT = 200
const CHILDREN_PER_BATCH = 500

/** Starts the log entry of an import, so that a page can show it while it runs. */
export function startImportLog(
  db: Db,
  input: { partnershipId: string; userId: string | null; fileName: string; fileBytes: number },
): Promise<string> {
  return inPartnership(db, input, async trx => {
    return insertImport(trx, {
      partnershipId: input.partnershipId,
      userId: input.userId,
      fileName: input.fileName.slice(0, 200),
      fileBytes: input.fileBytes,
      status: 'running',
    })
  })
}

export async function importCensusFile(db: Db, input: ImportInput): Promise<ImportOutcome> {
  const scope = { partnershipId: input.partnershipId, userId: input.userId }
  const fileBytes = (await stat(input.path)).size
  const importId = input.importId ?? (await startImportLog(db, { ...input, fileBytes }))
  const report = (phase: ImportPhase, part: number, children: number) =>
    input.onProgress?.({
      phase,
      fraction: phase === 'done' ? 1 : (phase === 'checking' ? 0 : 0.5) + part / 2,
      children,
    })

  const checked = await checkCensusFile(input.path, fileBytes, (part, children) =>
    report('checking', part, children),
  )
  if (checked.problems.length > 0) {
    const moreProblems = checked.problemCount - checked.problems.length
    await inPartnership(db, scope, async trx => {
      await updateImport(trx, importId, {
        status: 'failed',
        finishedAt: new Date(),
        children: checked.children,
        problems: JSON.stringify({ problems: checked.problems, moreProblems }),
      })
      await recordAudit(trx, {
        ...scope,
        action: 'census.import-failed',
        resourceType: 'census-import',
        resourceId: importId,
        detail: { fileName: input.fileName, problems: checked.problemCount },
        requestId: input.requestId ?? null,
      })
    })
    report('done', 1, checked.children)
    return { ok: false, importId, problems: checked.problems, moreProblems }
  }

  report('saving', 0, 0)
  try {
    const summary = await inPartnership(db, scope, async trx => {
      const counts = emptySaveCounts()
      let batch: CensusChild[] = []
      let saved = 0
      const flush = async () => {
        if (batch.length === 0) return
        addCounts(counts, await saveCensusChildren(trx, input.partnershipId, batch))
        saved += batch.length
        batch = []
      }
      for await (const { events, part } of readWithProgress(input.path, fileBytes)) {
        for (const event of events) {
          if (event.kind === 'issue')
            throw new CensusFormatError(event.issue.message, event.issue.line)
          if (event.kind !== 'child') continue
          batch.push(event.child)
          if (batch.length >= CHILDREN_PER_BATCH) {
            await flush()
            report('saving', part, saved)
          }
        }
      }
      await flush()
      const result: ImportSummary = {
        importId,
        referenceDate: checked.header.referenceDate ?? null,
        lea: checked.header.lea ?? null,
        children: saved,
        counts,
      }
      await updateImport(trx, importId, {
        status: 'succeeded',
        finishedAt: new Date(),
        referenceDate: result.referenceDate,
        lea: result.lea,
        children: saved,
        counts: JSON.stringify(counts),
      })
      await recordAudit(trx, {
        ...scope,
        action: 'census.imported',
        resourceType: 'census-import',
        resourceId: importId,
        detail: {
          fileName: input.fileName,
          children: saved,
          referenceDate: result.referenceDate,
          counts,
        },
        requestId: input.requestId ?? null,
      })
      return result
    })
    report('done', 1, summary.children)
    return { ok: true, ...summary }
  } catch (error) {
    // The file changed between the passes, or the database refused a row: nothing was saved.
    const problem: ImportProblem =
      error instanceof CensusFormatError
        ? formatProblem(error)
        : {
            message: `The records could not be saved: ${error instanceof Error ? error.message : String(error)}`,
          }
    await inPartnership(db, scope, trx =>
      updateImport(trx, importId, {
        status: 'failed',
        finishedAt: new Date(),
        problems: JSON.stringify({ problems: [problem], moreProblems: 0 }),
      }),
    )
    report('done', 1, 0)
    if (error instanceof CensusFormatError) {
      return { ok: false, importId, problems: [problem], moreProblems: 0 }
    }
    throw error
  }
}

interface CheckResult {
  header: CensusHeader
  children: number
  problems: ImportProblem[]
  problemCount: number
}

/** Pass 1: everything that would stop the file being saved, without touching the database. */
export async function checkCensusFile(
  path: string,
  fileBytes: number,
  onProgress?: (part: number, children: number) => void,
): Promise<CheckResult> {
  const result: CheckResult = { header: {}, children: 0, problems: [], problemCount: 0 }
  const problem = (message: string, line?: number) => {
    result.problemCount += 1
    if (result.problems.length < PROBLEMS_KEPT) result.problems.push({ line, message })
  }
  let lastReport = 0
  try {
    for await (const { events, part } of readWithProgress(path, fileBytes)) {
      for (const event of events) {
        if (event.kind === 'issue') problem(event.issue.message, event.issue.line)
        else if (event.kind === 'header') result.header = event.header
        else {
          result.children += 1
          for (const message of childProblems(event.child)) problem(message, event.child.line)
        }
      }
      if (part - lastReport > 0.01) {
        lastReport = part
        onProgress?.(part, result.children)
      }
    }
  } catch (error) {
    if (!(error instanceof CensusFormatError)) throw error
    const { message, line } = formatProblem(error)
    problem(message, line)
  }
  if (result.problemCount === 0 && result.children === 0) {
    problem('The file holds no <Child> records, so there is nothing to import')
  }
  return result
}

/** A limit's message already names its line ("The file stops being read at line N: …"). */
function formatProblem(error: CensusFormatError): ImportProblem {
  if (error instanceof CensusLimitError) return { message: error.message }
  return { line: error.line, message: error.message.replace(/^line \d+: /, '') }
}

/** What a child needs before it can be saved: the keys its records are matched on. */
export function childProblems(child: CensusChild): string[] {
  const id = child.identifiers.laChildId
  if (id === undefined) return ['This <Child> has no <LAchildID>, so it cannot be matched or saved']
  const problems: string[] = []
  const who = `Child ${id}`
  const seenReferrals = new Set<string>()
  for (const episode of child.episodes) {
    const referral = episode.referralDate
    if (referral === undefined) {
      problems.push(`${who}: a <CINdetails> has no valid <CINreferralDate>`)
      continue
    }
    if (seenReferrals.has(referral)) {
      problems.push(`${who}: two <CINdetails> have the same referral date ${referral}`)
    }
    seenReferrals.add(referral)
    const where = `${who}, episode referred on ${referral}`
    const unique = (element: string, dateElement: string, dates: (string | undefined)[]) => {
      const seen = new Set<string>()
      for (const date of dates) {
        if (date === undefined) {
          problems.push(`${where}: a <${element}> has no valid <${dateElement}>`)
        } else if (seen.has(date)) {
          problems.push(`${where}: two <${element}> start on ${date}`)
        } else seen.add(date)
      }
    }
    unique(
      'Assessments',
      'AssessmentActualStartDate',
      episode.assessments.map(a => a.startDate),
    )
    unique(
      'CINPlanDates',
      'CINPlanStartDate',
      episode.cinPlans.map(p => p.startDate),
    )
    unique(
      'Section47',
      'S47ActualStartDate',
      episode.section47s.map(s => s.startDate),
    )
    unique(
      'ChildProtectionPlans',
      'CPPstartDate',
      episode.childProtectionPlans.map(p => p.startDate),
    )
    unique(
      'PreProceedingsandFGDM',
      'PPStartDate',
      episode.preProceedings.map(p => p.ppStartDate),
    )
  }
  return problems
}

/** The reader's batches, with how far through the file (0 to 1) each one ends. */
async function* readWithProgress(
  path: string,
  fileBytes: number,
): AsyncGenerator<{ events: CensusEvent[]; part: number }> {
  let bytes = 0
  async function* chunks() {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 18 })) {
      const buffer = chunk as Buffer
      bytes += buffer.length
      yield buffer
    }
  }
  for await (const events of readCensusBatches(chunks())) {
    yield { events, part: fileBytes === 0 ? 1 : Math.min(1, bytes / fileBytes) }
  }
}
