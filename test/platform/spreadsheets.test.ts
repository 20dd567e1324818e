import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { sendTable } from '../../src/platform/spreadsheets.js'
import { xlsxRows } from '../helpers/xlsx.js'

async function download(format: 'csv' | 'xlsx', rows: unknown[][]) {
  const app = Fastify()
  app.get('/table', (_request, reply) => sendTable(reply, format, 'cases', ['Name', 'Note'], rows))
  const response = await app.inject({ method: 'GET', url: '/table' })
  await app.close()
  return response
}

describe('a list as a CSV or XLSX download', () => {
  it('gives the same header and rows either way, each named for the list', async () => {
    const rows = [
      ['Case 1', 'First'],
      ['Case 2', 3],
    ]
    const csv = await download('csv', rows)
    expect(csv.headers['content-disposition']).toContain('filename="cases.csv"')
    expect(csv.body).toBe('Name,Note\nCase 1,First\nCase 2,3\n')
    const xlsx = await download('xlsx', rows)
    expect(xlsx.headers['content-disposition']).toContain('filename="cases.xlsx"')
    expect(xlsx.headers['cache-control']).toBe('no-store')
    expect(await xlsxRows(xlsx)).toEqual([
      ['Name', 'Note'],
      ['Case 1', 'First'],
      ['Case 2', '3'],
    ])
  })

  it('keeps text a spreadsheet would run as a formula as text, as the CSV does', async () => {
    const rows = [
      ['=HYPERLINK("http://x")', '@SUM(A1)'],
      ['+1', '-2'],
    ]
    const sheet = await xlsxRows(await download('xlsx', rows))
    expect(sheet.slice(1)).toEqual([
      ['\'=HYPERLINK("http://x")', "'@SUM(A1)"],
      ["'+1", "'-2"],
    ])
    expect((await download('csv', rows)).body).toContain(`"'=HYPERLINK(""http://x"")",'@SUM(A1)`)
  })
})
