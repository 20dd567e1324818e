import { dateOfDateOnlyValue } from '../../platform/calendar.js'
import ExcelJS from 'exceljs'
import type { FastifyReply } from 'fastify'
import { attachment, neutraliseFormula } from '../../platform/csv.js'

/** The most rows one import takes: a partnership's history, not a data warehouse. */
export const MAX_IMPORT_ROWS = 5000

export type Sheet = string[][]

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): Sheet {
  const rows: Sheet = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const input = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < input.length; i += 1) {
    const char = input.charAt(i)
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"'
        i += 1
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"' && field === '') quoted = true
    else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i += 1
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += char
  }
  if (field !== '' || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows.filter(cells => cells.some(cell => cell.trim() !== ''))
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return dateOfDateOnlyValue(value)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map(part => part.text).join('')
    if ('text' in value) return value.text
    if ('result' in value) {
      const result = value.result
      if (result === undefined) return ''
      if (result instanceof Date) return dateOfDateOnlyValue(result)
      return typeof result === 'object' ? result.error : String(result)
    }
    return ''
  }
  return String(value)
}

export function isXlsx(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
}

export type ReadOutcome = { kind: 'sheet'; sheet: Sheet } | { kind: 'refused'; message: string }

/** The first worksheet of an XLSX file, or a UTF-8 CSV file; anything else is refused. */
export async function readUpload(bytes: Buffer): Promise<ReadOutcome> {
  if (bytes.length === 0) return { kind: 'refused', message: 'The selected file is empty' }
  if (isXlsx(bytes)) {
    const workbook = new ExcelJS.Workbook()
    try {
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
    } catch {
      return { kind: 'refused', message: 'The selected file must be a CSV or XLSX file' }
    }
    const worksheet = workbook.worksheets[0]
    if (!worksheet) return { kind: 'refused', message: 'The selected file is empty' }
    const sheet: Sheet = []
    worksheet.eachRow({ includeEmpty: false }, row => {
      const cells: string[] = []
      for (let column = 1; column <= worksheet.columnCount; column += 1) {
        cells.push(cellText(row.getCell(column).value))
      }
      sheet.push(cells)
    })
    return { kind: 'sheet', sheet: sheet.filter(cells => cells.some(cell => cell.trim() !== '')) }
  }
  const text = bytes.toString('utf8')
  // A binary file (a Word document, an image) decodes with replacement characters or NULs.
  if (text.includes('\uFFFD') || text.includes('\u0000')) {
    return { kind: 'refused', message: 'The selected file must be a CSV or XLSX file' }
  }
  return { kind: 'sheet', sheet: parseCsv(text) }
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

export async function xlsxBuffer(
  sheetName: string,
  header: string[],
  rows: unknown[][],
  widths: number[] = [],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const worksheet = workbook.addWorksheet(sheetName.slice(0, 31))
  worksheet.addRow(header).font = { bold: true }
  for (const row of rows) worksheet.addRow(row.map(neutraliseFormula))
  widths.forEach((width, index) => {
    const column = worksheet.getColumn(index + 1)
    column.width = width
    column.alignment = { wrapText: true, vertical: 'top' }
  })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export async function sendXlsx(
  reply: FastifyReply,
  filename: string,
  header: string[],
  rows: unknown[][],
  widths: number[] = [],
) {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', attachment(filename))
    .header('cache-control', 'no-store')
    .send(await xlsxBuffer(filename.replace(/\.xlsx$/, ''), header, rows, widths))
}
