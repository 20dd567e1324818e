import { dateOfDateOnlyValue } from '../../platform/calendar.js'
import { parseCsv as parseRows } from '../../platform/csv-parse.js'
import {
  readCsvUpload,
  readXlsxUpload,
  type SheetCell,
  type SpreadsheetRead,
} from '../../platform/spreadsheet-upload.js'

/** The most rows one import takes: a partnership's history, not a data warehouse. */
export const MAX_IMPORT_ROWS = 5000

export type Sheet = string[][]

/** RFC 4180 CSV (the platform's parser, kept here under its old name for this module). */
export const parseCsv = (text: string): Sheet => parseRows(text)

function cellText(value: SheetCell): string {
  if (value === null) return ''
  if (value instanceof Date) return dateOfDateOnlyValue(value)
  if (typeof value === 'object') return value.error
  return String(value)
}

export function isXlsx(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
}

export type ReadOutcome = { kind: 'sheet'; sheet: Sheet } | { kind: 'refused'; message: string }

const NOT_A_SHEET = 'The selected file must be a CSV or XLSX file'

/**
 * The first worksheet of an XLSX file, or a UTF-8 CSV file; anything else is refused. Read in
 * the platform's spreadsheet worker (archive checks first, then rows streamed), stopping at the
 * first row past the import limit.
 */
export async function readUpload(bytes: Buffer): Promise<ReadOutcome> {
  if (bytes.length === 0) return { kind: 'refused', message: 'The selected file is empty' }
  const maxRows = MAX_IMPORT_ROWS + 1 // the header row, then the rows to import
  let read: SpreadsheetRead
  if (isXlsx(bytes)) {
    read = await readXlsxUpload(bytes, { expected: 'a CSV or XLSX file', sheets: 'first', maxRows })
  } else {
    // A binary file (a Word document, an image) decodes with replacement characters or NULs.
    const text = bytes.toString('utf8')
    if (text.includes('\uFFFD') || text.includes('\u0000')) {
      return { kind: 'refused', message: NOT_A_SHEET }
    }
    read = await readCsvUpload(bytes, maxRows)
  }
  if (read.kind === 'refused') return read
  if (read.tooManyRows) {
    return { kind: 'refused', message: `The file must have ${MAX_IMPORT_ROWS} rows or fewer` }
  }
  const [rows] = Object.values(read.sheets)
  if (!rows) return { kind: 'refused', message: 'The selected file is empty' }
  const sheet = rows.map(row => row.cells.map(cellText))
  return { kind: 'sheet', sheet: sheet.filter(cells => cells.some(cell => cell.trim() !== '')) }
}

/** Header row to objects keyed by header; a missing column is reported once, as row 1. */
export function rowsByHeader(
  sheet: Sheet,
  columns: readonly string[],
): { rows: Record<string, string>[]; missing: string[] } {
  const [header = [], ...body] = sheet
  const names = header.map(name => name.trim().toLowerCase())
  const missing = columns.filter(column => !names.includes(column))
  const rows = body.map(cells => {
    const row: Record<string, string> = {}
    names.forEach((name, index) => {
      row[name] = (cells[index] ?? '').trim()
    })
    return row
  })
  return { rows, missing }
}
