/**
 * The spreadsheet worker: reads one uploaded sheet off the request loop. An XLSX file is first
 * checked entry by entry against the sizes it declares, then streamed row by row (exceljs's
 * WorkbookReader), and reading stops as soon as the row limit is passed. A CSV file is parsed
 * here too, with the same limit. The answer is posted back and the worker ends.
 */
import { Readable } from 'node:stream'
import { parentPort, workerData } from 'node:worker_threads'
import type ExcelJS from 'exceljs'
import { csvProblem, parseCsv } from './csv-parse.js'
import type { Scratch, SheetCell, SheetRow, WorkerAnswer, WorkerJob } from './spreadsheet-upload.js'
import { findLyingEntry } from './xlsx-archive.js'

async function answer(job: WorkerJob): Promise<WorkerAnswer> {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength)
  if (job.kind === 'csv') {
    let rows: string[][]
    try {
      rows = parseCsv(bytes.toString('utf8'), job.maxRows)
    } catch (error) {
      const message = csvProblem(error)
      if (message) return { kind: 'refused', message }
      throw error
    }
    return {
      kind: 'sheets',
      sheets: { csv: rows.map((cells, index) => ({ number: index + 1, cells })) },
      tooManyRows: rows.length > job.maxRows,
    }
  }
  const lying = findLyingEntry(bytes, job.entries)
  if (lying) return { kind: 'refused', message: lying }
  return readXlsx(bytes, job)
}

type XlsxJob = Extract<WorkerJob, { kind: 'xlsx' }>

async function readXlsx(bytes: Buffer, job: XlsxJob): Promise<WorkerAnswer> {
  // Loaded here only: a CSV job has no use for it, and it is most of a worker's start-up.
  const { default: excel } = await import('exceljs')
  const reader = new excel.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  })
  const sheets: Record<string, SheetRow[]> = {}
  for await (const worksheet of reader) {
    const name = sheetName(reader, worksheet)
    if (!wanted(reader, name, job.sheets)) continue
    const rows: SheetRow[] = []
    sheets[name] = rows
    for await (const row of worksheet) {
      const cells = cellsOf(row.values, job.maxColumns)
      if (!cells.some(cell => cell !== null && cell !== '')) continue
      rows.push({ number: row.number, cells })
      // One row past the limit is enough to refuse the file: nothing after it is read.
      if (rows.length > job.maxRows) return { kind: 'sheets', sheets, tooManyRows: true }
    }
    if (job.sheets === 'first' || job.sheets.every(wantedName => wantedName in sheets)) break
  }
  return { kind: 'sheets', sheets, tooManyRows: false }
}

interface ReaderModel {
  model?: { sheets?: { name: string; rId: string }[] }
  workbookRels?: { Id: string; Target: string }[]
}

/** The worksheet's name in the workbook (the stream reader only knows its file number). */
function sheetName(reader: unknown, worksheet: object): string {
  const { model, workbookRels } = reader as ReaderModel
  // The stream reader's typings leave out the sheet's file number it keeps as `id`.
  const { id } = worksheet as { id?: number | string }
  const rel = workbookRels?.find(candidate =>
    candidate.Target.endsWith(`worksheets/sheet${String(id)}.xml`),
  )
  const sheet = rel && model?.sheets?.find(candidate => candidate.rId === rel.Id)
  return sheet?.name ?? `Sheet${String(id)}`
}

function wanted(reader: unknown, name: string, sheets: XlsxJob['sheets']): boolean {
  if (sheets !== 'first') return sheets.includes(name)
  const first = (reader as ReaderModel).model?.sheets?.[0]?.name
  return first === undefined || first === name
}

function cellsOf(values: ExcelJS.Row['values'], maxColumns: number): SheetCell[] {
  const list = Array.isArray(values) ? values : Object.values(values)
  const cells: SheetCell[] = []
  // exceljs numbers columns from 1: index 0 is always empty.
  for (let column = 1; column <= Math.min(list.length - 1, maxColumns); column += 1) {
    cells.push(plainCell(list[column]))
  }
  return cells
}

/** A cell as a value that can cross to the main thread. */
function plainCell(value: ExcelJS.CellValue): SheetCell {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value
  if (typeof value !== 'object') return value
  if ('richText' in value) return value.richText.map(part => part.text).join('')
  if ('error' in value) return { error: value.error }
  if ('text' in value) return typeof value.text === 'string' ? value.text : null
  if ('result' in value) {
    const result = value.result
    if (result === undefined) return null
    return typeof result === 'object' && !(result instanceof Date)
      ? { error: result.error }
      : result
  }
  return null
}

const port = parentPort
if (port) {
  const job = workerData as WorkerJob & Scratch
  // This thread's own copy of the environment: where exceljs parks a sheet it cannot hold.
  process.env.TMPDIR = job.scratch
  answer(job).then(
    result => port.postMessage(result),
    (error: unknown) => {
      port.postMessage({
        kind: 'unreadable',
        detail: error instanceof Error ? error.message : String(error),
      } satisfies WorkerAnswer)
    },
  )
}
