/**
 * The XLSX template Keepsafe makes for one agency's return, and the reading of it when it comes
 * back. An upload is checked as an archive before it is parsed (a small file can unpack to
 * gigabytes), then cell by cell; any bad cell refuses the whole file with a message per cell.
 */
import ExcelJS from 'exceljs'
import { neutraliseFormula } from '../../../platform/csv.js'
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

export type ArchiveCheck =
  { ok: true; entries: number; uncompressed: number } | { ok: false; message: string }

/**
 * Reads the ZIP central directory (without unpacking anything) to count the entries and add up
 * their uncompressed sizes. ZIP64 archives are refused: a return template never needs one.
 */
export function inspectArchive(bytes: Buffer): ArchiveCheck {
  const notXlsx = { ok: false as const, message: 'The selected file must be the XLSX template' }
  const searchFrom = Math.max(0, bytes.length - 22 - 0xffff)
  let end = -1
  for (let at = bytes.length - 22; at >= searchFrom; at -= 1) {
    if (bytes.readUInt32LE(at) === 0x06054b50) {
      end = at
      break
    }
  }
  if (end < 0) return notXlsx
  const entries = bytes.readUInt16LE(end + 10)
  const directoryOffset = bytes.readUInt32LE(end + 16)
  if (entries === 0xffff || directoryOffset === 0xffffffff) return notXlsx
  if (entries > MAX_ENTRIES)
    return {
      ok: false,
      message: `The selected file holds too many parts (${entries}): upload the XLSX template`,
    }
  let at = directoryOffset
  let uncompressed = 0
  for (let index = 0; index < entries; index += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return notXlsx
    const size = bytes.readUInt32LE(at + 24)
    if (size === 0xffffffff) return notXlsx
    uncompressed += size
    at +=
      46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32)
  }
  if (uncompressed > MAX_UNCOMPRESSED_BYTES)
    return {
      ok: false,
      message: 'The selected file unpacks to more than 20 MB: upload the XLSX template',
    }
  return { ok: true, entries, uncompressed }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return 'a date'
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map(part => part.text).join('')
    if ('text' in value) return value.text
    if ('result' in value) {
      const result = value.result
      if (result === undefined) return ''
      if (typeof result === 'object') return result instanceof Date ? 'a date' : 'an error'
      return String(result)
    }
    return ''
  }
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
  const isZip = bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50
  if (!isZip) return { kind: 'refused', message: 'The selected file must be the XLSX template' }
  const archive = inspectArchive(bytes)
  if (!archive.ok) return { kind: 'refused', message: archive.message }
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    return { kind: 'refused', message: 'The selected file must be the XLSX template' }
  }
  const sheet = workbook.getWorksheet(SHEET)
  if (!sheet)
    return {
      kind: 'refused',
      message: 'The file has no sheet called Return: use the template from this page',
    }
  const returnId = cellText(workbook.getWorksheet(ABOUT)?.getCell('B1').value ?? null)
  if (returnId && returnId !== detail.row.id)
    return {
      kind: 'refused',
      message: 'This template is for a different return: download the template from this page',
    }
  if (sheet.rowCount > MAX_ROWS)
    return {
      kind: 'refused',
      message: `The file has more than ${MAX_ROWS} rows: use the template from this page`,
    }
  const header = HEADER.map((_, index) => cellText(sheet.getRow(1).getCell(index + 1).value).trim())
  if (header.join('|').toLowerCase() !== HEADER.join('|').toLowerCase())
    return {
      kind: 'refused',
      message:
        'The first row must be the template’s headings: Key, Indicator, Definition, Unit, Value',
    }
  return readCells(sheet, detail)
}

function readCells(sheet: ExcelJS.Worksheet, detail: ReturnDetail): UploadOutcome {
  const byKey = new Map(detail.lines.map(line => [line.indicator.key, line.indicator]))
  const values = new Map<string, number | null>()
  const errors: CellError[] = []
  for (let number = 2; number <= sheet.rowCount; number += 1) {
    const row = sheet.getRow(number)
    const key = cellText(row.getCell(1).value).trim()
    const raw = cellText(row.getCell(5).value)
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
