import ExcelJS from 'exceljs'
import type { FastifyReply } from 'fastify'
import { attachment, neutraliseFormula, sendCsv } from '../../../platform/csv.js'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** A list as CSV or as a one-sheet XLSX workbook, never cached. */
export async function sendTable(
  reply: FastifyReply,
  format: 'csv' | 'xlsx',
  name: string,
  header: string[],
  rows: unknown[][],
) {
  if (format === 'csv') return sendCsv(reply, `${name}.csv`, header, rows)
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(name.slice(0, 31))
  sheet.addRow(header).font = { bold: true }
  for (const row of rows) sheet.addRow(row.map(neutraliseFormula))
  header.forEach((_, index) => (sheet.getColumn(index + 1).width = 24))
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', attachment(`${name}.xlsx`))
    .header('cache-control', 'no-store')
    .send(Buffer.from(await workbook.xlsx.writeBuffer()))
}
