/**
 * Importing a CIN census file into the partnership's children's records.
 *
 * One streaming read of the file, in ONE transaction, so memory stays flat whatever its size:
 * each child is checked (the reader's schema issues, and what the records need to be saved: an
 * LA child ID, episodes and records with start dates unique within their parent) and, while no
 * problem has been found, saved with others 5,000 at a time. Any problem stops the saving; the
 * rest of the file is still read so that every problem is listed with its line, and the
 * transaction is rolled back, so nothing is written. Saving a record exactly as held changes
 * nothing, so importing the same file twice changes nothing.
 * The import is logged in `census_import` and audited as `census.imported` with its counts.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { inPartnership, type Db, type Trx } from '../../db/database.js'
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
import { insertImport, updateImport, waitForOtherImports } from './repo.js'

export interface ImportProblem {
  line?: number
  message: string
}

export type ImportPhase = 'checking' | 'saving' | 'done'

export interface ImportProgress {
  phase: ImportPhase
  /** How far through the file, 0 to 1. */
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
  /** Children saved a statement; tests make it small to cross batches with a few children. */
  childrenPerBatch?: number
}

const PROBLEMS_KEPT = 200
/** Each batch is one statement a table (bench: 500 a batch spent its time on round trips). */
const CHILDREN_PER_BATCH = 5000

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
  const report = (phase: ImportPhase, fraction: number, children: number) =>
    input.onProgress?.({ phase, fraction, children })

  let refused: ReadResult | undefined
  try {
    const summary = await inPartnership(db, scope, async trx => {
      await waitForOtherImports(trx, input.partnershipId)
      const read = await readCensusFile(input.path, fileBytes, {
        save: children => saveCensusChildren(trx, input.partnershipId, children),
        childrenPerBatch: input.childrenPerBatch ?? CHILDREN_PER_BATCH,
        onProgress: report,
      })
      if (read.problems.length > 0) {
        refused = read
        throw new RefusedFile()
      }
      if (read.saveError !== undefined) throw read.saveError
      const result: ImportSummary = {
        importId,
        referenceDate: read.header.referenceDate ?? null,
        lea: read.header.lea ?? null,
        children: read.children,
        counts: read.counts,
      }
      await recordImported(trx, input, result)
      return result
    })
    report('done', 1, summary.children)
    return { ok: true, ...summary }
  } catch (error) {
    if (refused) return refuseFile(db, input, importId, refused)
    // The database refused a row: nothing was saved.
    const message = storable(error instanceof Error ? error.message : String(error))
    const problem: ImportProblem = { message: `The records could not be saved: ${message}` }
    await inPartnership(db, scope, trx =>
      updateImport(trx, importId, {
        status: 'failed',
        finishedAt: new Date(),
        problems: JSON.stringify({ problems: [problem], moreProblems: 0 }),
      }),
    )
    report('done', 1, 0)
    throw error
  }
}

/** Thrown inside the import's transaction to roll back what was saved before a problem. */
class RefusedFile extends Error {}

async function recordImported(trx: Trx, input: ImportInput, result: ImportSummary) {
  await updateImport(trx, result.importId, {
    status: 'succeeded',
    finishedAt: new Date(),
    referenceDate: result.referenceDate,
    lea: result.lea,
    children: result.children,
    counts: JSON.stringify(result.counts),
  })
  await recordAudit(trx, {
    partnershipId: input.partnershipId,
    userId: input.userId,
    action: 'census.imported',
    resourceType: 'census-import',
    resourceId: result.importId,
    detail: {
      fileName: input.fileName,
      children: result.children,
      referenceDate: result.referenceDate,
      counts: result.counts,
    },
    requestId: input.requestId ?? null,
  })
}

/** A file with problems: nothing of it was kept; its problems are logged and audited. */
async function refuseFile(
  db: Db,
  input: ImportInput,
  importId: string,
  read: ReadResult,
): Promise<ImportOutcome> {
  const scope = { partnershipId: input.partnershipId, userId: input.userId }
  const moreProblems = read.problemCount - read.problems.length
  await inPartnership(db, scope, async trx => {
    await updateImport(trx, importId, {
      status: 'failed',
      finishedAt: new Date(),
      children: read.children,
      problems: JSON.stringify({ problems: read.problems, moreProblems }),
    })
    await recordAudit(trx, {
      ...scope,
      action: 'census.import-failed',
      resourceType: 'census-import',
      resourceId: importId,
      detail: { fileName: input.fileName, problems: read.problemCount },
      requestId: input.requestId ?? null,
    })
  })
  input.onProgress?.({ phase: 'done', fraction: 1, children: read.children })
  return { ok: false, importId, problems: read.problems, moreProblems }
}

interface ReadResult {
  header: CensusHeader
  children: number
  problems: ImportProblem[]
  problemCount: number
  counts: SaveCounts
  /** The database's refusal of a batch, if it refused one; later batches were not sent. */
  saveError?: Error
}

interface ReadOptions {
  /** Saves a batch of children; not called again once a problem is found or a save fails. */
  save: (children: CensusChild[]) => Promise<SaveCounts>
  childrenPerBatch: number
  onProgress?: (phase: ImportPhase, fraction: number, children: number) => void
}

/**
 * One read of the file: each child is checked, and while the file has shown no problem, saved
 * in batches. The next batch is read while the last one is being saved (one batch in flight, so
 * memory stays bounded). After the first problem nothing more is saved (the caller rolls back)
 * but the reading goes on, so that every problem is listed.
 */
async function readCensusFile(
  path: string,
  fileBytes: number,
  options: ReadOptions,
): Promise<ReadResult> {
  const result: ReadResult = {
    header: {},
    children: 0,
    problems: [],
    problemCount: 0,
    counts: emptySaveCounts(),
  }
  const problem = (message: string, line?: number) => {
    result.problemCount += 1
    if (result.problems.length < PROBLEMS_KEPT) {
      result.problems.push({ line, message: storable(message) })
    }
  }
  const saving = () => result.problemCount === 0 && result.saveError === undefined
  let batch: CensusChild[] = []
  let inFlight: Promise<void> = Promise.resolve()
  const flush = async () => {
    await inFlight
    const children = batch
    batch = []
    if (!saving() || children.length === 0) return
    inFlight = options.save(children).then(
      counts => void addCounts(result.counts, counts),
      (error: unknown) => {
        result.saveError = error instanceof Error ? error : new Error(String(error))
      },
    )
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
          if (!saving()) continue
          batch.push(event.child)
          if (batch.length >= options.childrenPerBatch) await flush()
        }
      }
      if (part - lastReport > 0.01) {
        lastReport = part
        options.onProgress?.(saving() ? 'saving' : 'checking', part, result.children)
      }
    }
  } catch (error) {
    if (!(error instanceof CensusFormatError)) {
      await inFlight
      throw error
    }
    const { message, line } = formatProblem(error)
    problem(message, line)
  }
  await flush()
  await inFlight
  if (result.problemCount === 0 && result.children === 0) {
    problem('The file holds no <Child> records, so there is nothing to import')
  }
  return result
}

/**
 * A message as the import's log can keep it. Messages quote the file, and PostgreSQL's text and
 * jsonb refuse U+0000 and half a surrogate pair: a refusal that could not be logged left the
 * import "running" for ever (the property-based test hung on a NUL inside a date). Each such
 * character becomes U+FFFD, which the page shows as a replacement character.
 */
export function storable(message: string): string {
  return message.replaceAll('\u0000', '\uFFFD').replace(HALF_PAIR, '\uFFFD')
}

const HALF_PAIR = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

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
