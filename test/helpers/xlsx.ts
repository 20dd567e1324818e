import ExcelJS from 'exceljs'
import type { LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'

/** The first sheet of a downloaded XLSX file, each cell as the text a spreadsheet shows. */
export async function xlsxRows(response: LightMyRequestResponse): Promise<string[][]> {
  expect(response.statusCode).toBe(200)
  expect(response.headers['content-type']).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  )
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
  const sheet = workbook.worksheets[0]
  const rows: string[][] = []
  sheet?.eachRow(row => {
    const cells: string[] = []
    for (let column = 1; column <= sheet.columnCount; column += 1)
      cells.push(row.getCell(column).text)
    rows.push(cells)
  })
  return rows
}
