import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { readCsvUpload, readXlsxUpload } from '../../src/platform/spreadsheet-upload.js'
import { inspectArchive } from '../../src/platform/xlsx-archive.js'
import { zipBomb } from '../helpers/zip-bomb.js'

const OPTIONS = { expected: 'a CSV or XLSX file', sheets: 'first' as const, maxRows: 100 }

async function workbook(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows)
  return Buffer.from(await book.xlsx.writeBuffer())
}

describe('reading an uploaded spreadsheet in the worker', () => {
  it('reads the sheets asked for by name, with row numbers, dates and numbers as they are', async () => {
    const bytes = await workbook({
      Notes: [['ignored']],
      Return: [['Key', 'Value'], [], ['a', 12], ['b', new Date(Date.UTC(2025, 2, 31))]],
      About: [['Return', 'r-1']],
    })
    const read = await readXlsxUpload(bytes, { ...OPTIONS, sheets: ['Return', 'About'] })
    expect(read).toEqual({
      kind: 'sheets',
      tooManyRows: false,
      sheets: {
        Return: [
          { number: 1, cells: ['Key', 'Value'] },
          { number: 3, cells: ['a', 12] },
          { number: 4, cells: ['b', new Date(Date.UTC(2025, 2, 31))] },
        ],
        About: [{ number: 1, cells: ['Return', 'r-1'] }],
      },
    })
  })

  it('stops one row past the limit instead of reading the whole sheet', async () => {
    const rows = Array.from({ length: 5000 }, (_, index) => [`row ${index}`])
    const read = await readXlsxUpload(await workbook({ Big: rows }), OPTIONS)
    expect(read.kind === 'sheets' && read.tooManyRows).toBe(true)
    expect(read.kind === 'sheets' && read.sheets.Big?.length).toBe(101)
  })

  it('stops a CSV file past the limit too, and reads quoted fields', async () => {
    const csv = Buffer.from(`a,b\n"x, y","say ""hi""\nagain"\n${'1,2\n'.repeat(500)}`)
    const read = await readCsvUpload(csv, 10)
    expect(read.kind === 'sheets' && read.tooManyRows).toBe(true)
    expect(read.kind === 'sheets' && read.sheets.csv?.slice(0, 2)).toEqual([
      { number: 1, cells: ['a', 'b'] },
      { number: 2, cells: ['x, y', 'say "hi"\nagain'] },
    ])
  })

  it('reads CR, LF and CRLF line ends and a stray quote as text, and refuses a quote never closed', async () => {
    const read = await readCsvUpload(Buffer.from('\uFEFFa,b\r\n1,2"3\r4,5\n,\n'), 10)
    expect(read).toEqual({
      kind: 'sheets',
      tooManyRows: false,
      sheets: {
        csv: [
          { number: 1, cells: ['a', 'b'] },
          { number: 2, cells: ['1', '2"3'] },
          { number: 3, cells: ['4', '5'] },
        ],
      },
    })
    expect(await readCsvUpload(Buffer.from('a,b\n"open,2\n3,4\n'), 10)).toEqual({
      kind: 'refused',
      message:
        'The selected file has a quotation mark that is never closed: check the file and upload it again',
    })
  })

  it('refuses a zip bomb from its directory, and one that lies about its size when inflated', async () => {
    expect(await readXlsxUpload(zipBomb(60), OPTIONS)).toEqual({
      kind: 'refused',
      message: 'The selected file unpacks to more than 50 MB: upload a CSV or XLSX file',
    })
    expect(await readXlsxUpload(zipBomb(60, 2048), OPTIONS)).toEqual({
      kind: 'refused',
      message:
        'The selected file unpacks to more than it says it does: save it again from your spreadsheet program',
    })
  })

  it('refuses an archive of more parts than a workbook has, and one that is not a workbook', async () => {
    const many = inspectArchive(zipBomb(1), { maxEntries: 0, maxUnpackedBytes: 1, expected: 'x' })
    expect(many).toEqual({
      ok: false,
      message: 'The selected file holds too many parts (1): upload x',
    })
    expect(await readXlsxUpload(Buffer.from('not a zip at all'), OPTIONS)).toEqual({
      kind: 'refused',
      message: 'The selected file must be a CSV or XLSX file',
    })
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)])
    expect((await readXlsxUpload(broken, OPTIONS)).kind).toBe('refused')
  })

  it('gives each worker a temporary folder of its own and leaves nothing behind', async () => {
    const saved = process.env.TMPDIR
    const folder = await mkdtemp(join(tmpdir(), 'sheet-upload-'))
    process.env.TMPDIR = folder
    try {
      const bytes = await workbook({ One: [['a', 1]], Two: [['b', 2]] })
      const reads = await Promise.all([
        readXlsxUpload(bytes, OPTIONS),
        readCsvUpload(Buffer.from('a\n'), 5),
      ])
      expect(reads.map(read => read.kind)).toEqual(['sheets', 'sheets'])
      // tsx, which runs the worker's TypeScript under test, keeps its cache there: not ours.
      const left = (await readdir(folder)).filter(name => !name.startsWith('tsx-'))
      expect(left).toEqual([])
    } finally {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
      await rm(folder, { recursive: true, force: true })
    }
  })
})
