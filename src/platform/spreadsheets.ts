import ExcelJS from 'exceljs'
import type { FastifyReply } from 'fastify'
import { attachment, neutraliseFormula, sendCsv } from './csv.js'

/** A table as an XLSX workbook of one sheet; text that a spreadsheet would run is kept as text. */
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

export const TABLE_FORMATS = ['csv', 'xlsx'] as const
export type TableFormat = (typeof TABLE_FORMATS)[number]

/** A list's download as `name.csv` or `name.xlsx`: the same header and rows either way. */
export function sendTable(
  reply: FastifyReply,
  format: TableFormat,
  name: string,
  header: string[],
  rows: unknown[][],
) {
  return format === 'xlsx'
    ? sendXlsx(reply, `${name}.xlsx`, header, rows)
    : sendCsv(reply, `${name}.csv`, header, rows)
}
