/**
 * The XLSX template Keepsafe makes for one agency's return, and the reading of it when it comes
 * back. An upload is read by the platform's spreadsheet reader (archive checked before anything
 * unpacks, parsed in a worker), then cell by cell; any bad cell refuses the whole file with a
 * message per cell.
 */
import ExcelJS from 'exceljs'
import { neutraliseFormula } from '../../../platform/csv.js'
import {
  readXlsxUpload,
  type SheetCell,
  type SheetRow,
} from '../../../platform/spreadsheet-upload.js'
import { inspectArchive as checkArchive } from '../../../platform/xlsx-archive.js'
import { UNITS, readValue } from './schema.js'
import type { ReturnDetail } from './service.js'

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** An upload may be this large at most (the template is about 10 KB). */
export const MAX_UPLOAD_BYTES = 1_000_000
/** What the archive may unpack to, and how many files it may hold. */
export const MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
export const MAX_ENTRIES = 100
/** More rows than a return could have indicators: anything longer is not our template. */
export const MAX_ROWS = 500

const SHEET = 'Return'
const ABOUT = 'About'
const HEADER = ['Key', 'Indicator', 'Definition', 'Unit', 'Value']

export async function returnTemplate(detail: ReturnDetail): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(SHEET)
  sheet.addRow(HEADER).font = { bold: true }
  for (const line of detail.lines) {
    const { indicator } = line
    const row = sheet.addRow([
      indicator.key,
      neutraliseFormula(indicator.name),
      neutraliseFormula(indicator.definition),
      UNITS[indicator.unit as keyof typeof UNITS],
      line.current?.value ?? null,
    ])
    row.getCell(5).dataValidation =
      indicator.unit === 'count'
        ? {
            type: 'whole',
            operator: 'greaterThanOrEqual',
            formulae: [0],
            showErrorMessage: true,
            error: 'Enter a whole number',
          }
        : {
            type: 'decimal',
            operator: 'greaterThanOrEqual',
            formulae: [0],
            showErrorMessage: true,
            error: 'Enter a number of 0 or more',
          }
  }
  ;[24, 40, 60, 20, 14].forEach((width, index) => {
    const column = sheet.getColumn(index + 1)
    column.width = width
    column.alignment = { wrapText: true, vertical: 'top' }
  })
  const about = workbook.addWorksheet(ABOUT)
  about.addRow(['Return', detail.row.id])
  about.addRow(['Agency', neutraliseFormula(detail.row.agencyName)])
  about.addRow(['Quarter', detail.quarter.label])
  about.addRow([
    'How to fill in',
    'Enter each figure in the Value column and upload this file. Leave a value empty if you do not have it yet.',
  ])
  about.getColumn(1).width = 16
  about.getColumn(2).width = 80
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

const ARCHIVE_LIMITS = {
  maxEntries: MAX_ENTRIES,
  maxUnpackedBytes: MAX_UNCOMPRESSED_BYTES,
  expected: 'the XLSX template',
}

export type ArchiveCheck =
  { ok: true; entries: number; uncompressed: number } | { ok: false; message: string }

/** The platform's archive check with this upload's limits (kept for its tests). */
export function inspectArchive(bytes: Buffer): ArchiveCheck {
  const check = checkArchive(bytes, ARCHIVE_LIMITS)
  return check.ok ? { ok: true, entries: check.entries, uncompressed: check.uncompressed } : check
}

function cellText(value: SheetCell | undefined): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return 'a date'
  if (typeof value === 'object') return 'an error'
  return String(value)
}

export interface CellError {
  row: number
  indicator: string
  message: string
}

export type UploadOutcome =
  | { kind: 'values'; values: Map<string, number | null> }
  | { kind: 'refused'; message: string }
  | { kind: 'invalid'; errors: CellError[] }

export async function readReturnUpload(
  bytes: Buffer,
  detail: ReturnDetail,
): Promise<UploadOutcome> {
  if (bytes.length === 0) return { kind: 'refused', message: 'The selected file is empty' }
  if (bytes.length > MAX_UPLOAD_BYTES)
    return { kind: 'refused', message: 'The selected file must be smaller than 1 MB' }
  const read = await readXlsxUpload(bytes, {
    ...ARCHIVE_LIMITS,
    sheets: [SHEET, ABOUT],
    maxRows: MAX_ROWS,
    maxColumns: HEADER.length,
  })
  if (read.kind === 'refused') return read
  if (read.tooManyRows)
    return {
      kind: 'refused',
      message: `The file has more than ${MAX_ROWS} rows: use the template from this page`,
    }
  const sheet = read.sheets[SHEET]
  if (!sheet)
    return {
      kind: 'refused',
      message: 'The file has no sheet called Return: use the template from this page',
    }
  const returnId = cellText(read.sheets[ABOUT]?.find(row => row.number === 1)?.cells[1])
  if (returnId && returnId !== detail.row.id)
    return {
      kind: 'refused',
      message: 'This template is for a different return: download the template from this page',
    }
  const headerRow = sheet.find(row => row.number === 1)?.cells ?? []
  const header = HEADER.map((_, index) => cellText(headerRow[index]).trim())
  if (header.join('|').toLowerCase() !== HEADER.join('|').toLowerCase())
    return {
      kind: 'refused',
      message:
        'The first row must be the template’s headings: Key, Indicator, Definition, Unit, Value',
    }
  return readCells(sheet, detail)
}

function readCells(sheet: SheetRow[], detail: ReturnDetail): UploadOutcome {
  const byKey = new Map(detail.lines.map(line => [line.indicator.key, line.indicator]))
  const values = new Map<string, number | null>()
  const errors: CellError[] = []
  for (const { number, cells } of sheet) {
    if (number < 2) continue
    const key = cellText(cells[0]).trim()
    const raw = cellText(cells[4])
    if (!key && !raw.trim()) continue
    const indicator = byKey.get(key)
    if (!indicator) {
      errors.push({
        row: number,
        indicator: key || '(no key)',
        message:
          'this is not one of the return’s indicators: keep the Key column as the template has it',
      })
      continue
    }
    if (values.has(indicator.id)) {
      errors.push({
        row: number,
        indicator: indicator.name,
        message: 'this indicator is on more than one row',
      })
      continue
    }
    const read = readValue(indicator.unit, raw)
    if (!read.ok) errors.push({ row: number, indicator: indicator.name, message: read.message })
    else values.set(indicator.id, read.value)
  }
  return errors.length ? { kind: 'invalid', errors } : { kind: 'values', values }
}

/** "Row 4, A&E attendances for self-harm: enter a whole number, like 12". */
export function describeCellError(error: CellError): string {
  return `Row ${error.row}, ${error.indicator}: ${error.message}`
}
