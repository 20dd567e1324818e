/**
 * Reading an uploaded spreadsheet (XLSX, or CSV where a module takes it) without letting one
 * upload hurt anyone else's requests:
 *  - an XLSX file's ZIP directory is checked first, in place: at most `maxEntries` parts and
 *    `maxUnpackedBytes` unpacked (a zip bomb is tiny on the wire);
 *  - the parsing runs in a worker thread with its own memory cap and a time limit, so the
 *    request loop stays free; there each entry is checked against the size it declares, and
 *    the sheet is streamed row by row, stopping at the first row past `maxRows`.
 * Modules turn the plain cells back into text their own way (`SheetCell`).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { type ArchiveEntry, type ArchiveLimits, inspectArchive, isZip } from './xlsx-archive.js'

/** The defaults for any spreadsheet upload; a module may ask for less. */
export const SPREADSHEET_LIMITS = {
  maxEntries: 1000,
  maxUnpackedBytes: 50 * 1024 * 1024,
  maxColumns: 200,
  /** The worker's own heap; past it the worker stops and the file is refused. */
  workerHeapMb: 256,
  workerSeconds: 60,
} as const

export type SheetCell = string | number | boolean | Date | null | { error: string }

export interface SheetRow {
  /** The row's number in the sheet (1 is the first row), or its place in a CSV file. */
  number: number
  cells: SheetCell[]
}

export type WorkerJob =
  | { kind: 'csv'; bytes: Uint8Array; maxRows: number }
  | {
      kind: 'xlsx'
      bytes: Uint8Array
      entries: ArchiveEntry[]
      /** 'first': the workbook's first sheet; or the sheets named. */
      sheets: 'first' | string[]
      maxRows: number
      maxColumns: number
    }

/** The worker's own temporary folder, removed once it has stopped. */
export interface Scratch {
  scratch: string
}

export type WorkerAnswer =
  | { kind: 'sheets'; sheets: Record<string, SheetRow[]>; tooManyRows: boolean }
  | { kind: 'refused'; message: string }
  | { kind: 'unreadable'; detail: string }

export type SpreadsheetRead =
  | {
      kind: 'sheets'
      /** Rows that hold something, by sheet name ('csv' for a CSV file). */
      sheets: Record<string, SheetRow[]>
      /** More than `maxRows` rows: reading stopped there, the rows are incomplete. */
      tooManyRows: boolean
    }
  | {
      kind: 'refused'
      message: string
      /** Why the worker could not read the file, for the operator: never shown to the user. */
      cause?: string
    }

export interface XlsxReadOptions extends Partial<Omit<ArchiveLimits, 'expected'>> {
  /** What to upload instead, for messages: "the XLSX template", "a CSV or XLSX file". */
  expected: string
  sheets: 'first' | string[]
  maxRows: number
  maxColumns?: number
}

/** An XLSX upload's sheets, read in a worker after the archive checks. */
export async function readXlsxUpload(
  bytes: Buffer,
  options: XlsxReadOptions,
): Promise<SpreadsheetRead> {
  const notXlsx: SpreadsheetRead = {
    kind: 'refused',
    message: `The selected file must be ${options.expected}`,
  }
  if (!isZip(bytes)) return notXlsx
  const archive = inspectArchive(bytes, {
    maxEntries: options.maxEntries ?? SPREADSHEET_LIMITS.maxEntries,
    maxUnpackedBytes: options.maxUnpackedBytes ?? SPREADSHEET_LIMITS.maxUnpackedBytes,
    expected: options.expected,
  })
  if (!archive.ok) return { kind: 'refused', message: archive.message }
  const answer = await inWorker({
    kind: 'xlsx',
    bytes,
    entries: archive.list,
    sheets: options.sheets,
    maxRows: options.maxRows,
    maxColumns: options.maxColumns ?? SPREADSHEET_LIMITS.maxColumns,
  })
  return answer.kind === 'unreadable' ? { ...notXlsx, cause: answer.detail } : answer
}

/** A UTF-8 CSV upload's rows, parsed in a worker, stopping past `maxRows`. */
export async function readCsvUpload(bytes: Buffer, maxRows: number): Promise<SpreadsheetRead> {
  const answer = await inWorker({ kind: 'csv', bytes, maxRows })
  return answer.kind === 'unreadable'
    ? {
        kind: 'refused',
        message: 'The selected file could not be read as CSV',
        cause: answer.detail,
      }
    : answer
}

/**
 * Runs one job in a fresh worker, stopped as soon as it answers. exceljs may park a sheet in a
 * temporary file; the worker points its temporary folder at its own scratch folder once started
 * (not through the worker's `env`, which would also give tsx, under test, an empty cache to fill
 * by starting esbuild in every worker).
 */
async function inWorker(job: WorkerJob): Promise<WorkerAnswer> {
  const scratch = await mkdtemp(join(tmpdir(), 'keepsafe-sheet-'))
  try {
    return await answerOf(startWorker({ ...job, scratch }))
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

function answerOf(worker: Worker): Promise<WorkerAnswer> {
  return new Promise(resolve => {
    let answered = false
    const settle = (answer: WorkerAnswer) => {
      if (answered) return
      answered = true
      clearTimeout(timer)
      void worker.terminate().then(() => resolve(answer))
    }
    const timer = setTimeout(
      () =>
        settle({
          kind: 'refused',
          message: `The selected file took longer than ${SPREADSHEET_LIMITS.workerSeconds} seconds to read: make it smaller`,
        }),
      SPREADSHEET_LIMITS.workerSeconds * 1000,
    )
    worker.once('message', (answer: WorkerAnswer) => settle(answer))
    worker.once('error', error =>
      settle(
        'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? {
              kind: 'refused',
              message: 'The selected file needs too much memory to read: make it smaller',
            }
          : { kind: 'unreadable', detail: error.message },
      ),
    )
    worker.once('exit', () => {
      if (!answered) settle({ kind: 'unreadable', detail: 'the worker stopped' })
    })
  })
}

const resourceLimits = { maxOldGenerationSizeMb: SPREADSHEET_LIMITS.workerHeapMb }

function startWorker(job: WorkerJob & Scratch): Worker {
  const options = { workerData: job, resourceLimits }
  const entry = new URL(
    import.meta.url.endsWith('.ts') ? './spreadsheet-worker.ts' : './spreadsheet-worker.js',
    import.meta.url,
  )
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options)
  // Run from TypeScript (tests, `npm start`): Node 20 does not pass this thread's TypeScript
  // loader on to workers, so the worker registers tsx first.
  const tsx = tsxLoaderUrl()
  const source = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}) })`
  return new Worker(source, { ...options, eval: true })
}

/** tsx's ESM API (its "import" export; `require.resolve` finds the CommonJS twin beside it). */
function tsxLoaderUrl(): string {
  const commonJs = createRequire(import.meta.url).resolve('tsx/esm/api')
  return pathToFileURL(commonJs.replace(/\.cjs$/, '.mjs')).href
}
