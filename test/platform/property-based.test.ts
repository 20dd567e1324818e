/**
 * Property-based tests (fast-check, pinned): random and mutated inputs to the CIN XML reader, the
 * CSV and XLSX readers, the census import and a few forms. No crash, no 5xx, no partial write.
 * Runs are bounded so the file takes seconds; a failure prints its seed to replay it.
 */
import ExcelJS from 'exceljs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readCensusBatches, CensusFormatError } from '../../src/modules/census/xml-reader.js'
import { readCsvUpload, readXlsxUpload } from '../../src/platform/spreadsheet-upload.js'
import { useTestApp } from '../helpers/test-app.js'
import { censusXml, childXml, countRows } from '../modules/census/records-helpers.js'

const t = useTestApp()

/** A valid text with a few characters deleted, replaced or inserted at random places. */
function mutated(valid: string): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat({ max: valid.length }),
    cut: fc.nat({ max: 12 }),
    insert: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('<', '>', '&', '</Child>', '<Child>', '<!DOCTYPE x>', ']]>', '\u0000'),
    ),
  })
  return fc
    .array(edit, { minLength: 1, maxLength: 6 })
    .map(edits =>
      edits.reduce(
        (text, { at, cut, insert }) =>
          text.slice(0, Math.min(at, text.length)) + insert + text.slice(at + cut),
        valid,
      ),
    )
}

const VALID_XML = censusXml(childXml('P1') + childXml('P2'))

async function readAll(xml: string): Promise<void> {
  const chunks = [xml.slice(0, xml.length / 2), xml.slice(xml.length / 2)]
  for await (const batch of readCensusBatches(chunks)) expect(Array.isArray(batch)).toBe(true)
}

describe('property-based: the CIN XML reader', () => {
  it('reads mutated and random XML to the end or stops with a format error, never crashes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated(VALID_XML), fc.string({ maxLength: 400 })), async xml => {
        try {
          await readAll(xml)
        } catch (error) {
          expect(error).toBeInstanceOf(CensusFormatError)
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('property-based: the census import', () => {
  it('imports a mutated file whole or not at all, and never answers 5xx', async () => {
    const cookie = await t.signInAs('analyst')
    await fc.assert(
      fc.asyncProperty(mutated(VALID_XML), async xml => {
        const before = await countRows(t, 'child')
        const response = await uploadCensus(cookie, xml)
        expect(response.statusCode).toBeLessThan(500)
        const id = /imports\/([\w-]+)/.exec(response.headers.location ?? '')?.[1]
        if (!id) return
        const row = await waitForImport(id)
        const after = await countRows(t, 'child')
        if (row.status === 'failed') expect(after).toBe(before)
        else expect(row.children).toBeGreaterThan(0)
      }),
      { numRuns: 12 },
    )
  }, 120_000)
})

describe('property-based: spreadsheet readers', () => {
  it('reads random bytes as CSV or refuses them with a message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async bytes => {
        const read = await readCsvUpload(Buffer.from(bytes), 100)
        expect(['sheets', 'refused']).toContain(read.kind)
      }),
      { numRuns: 15 },
    )
  }, 60_000)

  it('reads a mutated XLSX file or refuses it with a message', async () => {
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('Sheet1').addRows([
      ['name', 'count'],
      ['a', 1],
    ])
    const valid = Buffer.from(await workbook.xlsx.writeBuffer())
    const byteEdits = fc.array(
      fc.record({ at: fc.nat({ max: valid.length - 1 }), value: fc.nat(255) }),
      {
        minLength: 1,
        maxLength: 20,
      },
    )
    await fc.assert(
      fc.asyncProperty(byteEdits, async edits => {
        const bytes = Buffer.from(valid)
        for (const { at, value } of edits) bytes[at] = value
        const read = await readXlsxUpload(bytes, {
          expected: 'an XLSX file',
          sheets: 'first',
          maxRows: 100,
        })
        expect(['sheets', 'refused']).toContain(read.kind)
      }),
      { numRuns: 15 },
    )
  }, 60_000)
})

const formValues = fc.dictionary(
  fc.constantFrom('name', 'sector', 'email', 'password', 'kind', 'description', 'x', 'name[]'),
  fc.oneof(fc.string({ maxLength: 40 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 })),
)

describe('property-based: forms', () => {
  it('never answers 5xx, and a refused form writes nothing', async () => {
    const admin = await t.signInAs('partnership-admin')
    const officer = await t.signInAs('business-officer')
    const forms = [
      { url: '/admin/agencies', cookie: admin, table: 'agency' },
      { url: '/governance/bodies', cookie: officer, table: 'gov_body' },
      { url: '/sign-in', cookie: '', table: 'user_session' },
    ]
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...forms), formValues, async (form, values) => {
        const before = await countRows(t, form.table)
        const { cookie, token } = await t.csrf(form.cookie)
        const body = new URLSearchParams({ _csrf: token })
        for (const [key, value] of Object.entries(values)) {
          for (const item of Array.isArray(value) ? value : [value]) body.append(key, item)
        }
        const response = await t.inject({
          method: 'POST',
          url: form.url,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: body.toString(),
        })
        expect(response.statusCode).toBeLessThan(500)
        if (response.statusCode >= 400) expect(await countRows(t, form.table)).toBe(before)
      }),
      { numRuns: 60 },
    )
  }, 120_000)
})

async function uploadCensus(cookie: string, xml: string) {
  const { cookie: jar, token } = await t.csrf(cookie)
  const boundary = '----keepsafepropertyboundary'
  const payload =
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="census.xml"\r\nContent-Type: application/xml\r\n\r\n${xml}\r\n--${boundary}--\r\n`
  return t.inject({
    method: 'POST',
    url: '/census/import',
    headers: { cookie: jar, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  })
}

async function waitForImport(id: string) {
  for (let i = 0; i < 400; i++) {
    const row = await t.database.owner
      .selectFrom('census_import')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    if (row.status !== 'running') return row as { status: string; children: number }
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  throw new Error('The import did not finish')
}
