import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { censusXml, childXml, countRows } from './records-helpers.js'

const t = useTestApp()

/** POSTs a multipart form with a CSRF token first and one file. */
async function upload(
  url: string,
  cookie: string,
  file: { name: string; content: string } | null,
  fields: Record<string, string> = {},
) {
  const { cookie: jar, token } = await t.csrf(cookie)
  const boundary = '----keepsafetestboundary'
  const parts = Object.entries({ _csrf: token, ...fields }).map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  )
  if (file) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/xml\r\n\r\n${file.content}\r\n`,
    )
  }
  return t.inject({
    method: 'POST',
    url,
    headers: { cookie: jar, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: `${parts.join('')}--${boundary}--\r\n`,
  })
}

async function waitForImport(id: string) {
  for (let i = 0; i < 200; i++) {
    const row = await t.database.owner
      .selectFrom('census_import')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    if (row.status !== 'running') return row
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  throw new Error('The import did not finish')
}

describe('census pages', () => {
  it('imports an uploaded file, shows progress then the counts', async () => {
    const cookie = await t.signInAs('analyst')
    const response = await upload('/census/import', cookie, {
      name: 'census-2025.xml',
      content: censusXml(childXml('U1') + childXml('U2')),
    })
    expect(response.statusCode).toBe(303)
    const id = /\/census\/imports\/([\w-]+)$/.exec(response.headers.location ?? '')?.[1] ?? ''
    const row = await waitForImport(id)
    expect(row).toMatchObject({ status: 'succeeded', children: 2, file_name: 'census-2025.xml' })
    expect(await countRows(t, 'child')).toBe(2)
    const page = await t.inject({
      method: 'GET',
      url: `/census/imports/${id}`,
      headers: { cookie },
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Census file imported')
    expect(page.body).not.toContain('http-equiv="refresh"')
  })

  it('shows a running import with a progress bar that refreshes without JavaScript', async () => {
    const cookie = await t.signInAs('analyst')
    const row = await t.database.owner
      .insertInto('census_import')
      .values({ partnership_id: t.northbridge.id, file_name: 'big.xml', status: 'running' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const page = await t.inject({
      method: 'GET',
      url: `/census/imports/${row.id}`,
      headers: { cookie },
    })
    expect(page.body).toContain('<meta http-equiv="refresh" content="2">')
    expect(page.body).toMatch(/<progress id="import-progress"[^>]*max="100"/)
    expect(page.body).toContain('<label class="govuk-label" for="import-progress">')
  })

  it('reports the problems of a bad upload with their lines and imports nothing', async () => {
    const cookie = await t.signInAs('front-door-manager')
    const xml = censusXml(childXml('B1', { birth: '2015-02-30' }))
    const response = await upload('/census/import', cookie, { name: 'bad.xml', content: xml })
    const id = /\/census\/imports\/([\w-]+)$/.exec(response.headers.location ?? '')?.[1] ?? ''
    await waitForImport(id)
    const page = await t.inject({
      method: 'GET',
      url: `/census/imports/${id}`,
      headers: { cookie },
    })
    expect(page.body).toContain('The census file was not imported')
    expect(page.body).toMatch(
      /Line \d+: &lt;PersonBirthDate&gt; &quot;2015-02-30&quot; is not a real calendar date/,
    )
    expect(await countRows(t, 'child')).toBe(0)
  })

  it('asks for a file when none is chosen', async () => {
    const cookie = await t.signInAs('analyst')
    const response = await expectNothingWritten(t, () => upload('/census/import', cookie, null))
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Select a census XML file')
    const empty = await expectNothingWritten(t, () =>
      upload('/census/import', cookie, { name: 'empty.xml', content: '' }),
    )
    expect(empty.statusCode).toBe(400)
  })

  it('refuses an upload without a valid CSRF token', async () => {
    const cookie = await t.signInAs('analyst')
    const boundary = 'b'
    const response = await t.inject({
      method: 'POST',
      url: '/census/import',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xml"\r\n\r\n<Message/>\r\n--${boundary}--\r\n`,
    })
    expect(response.statusCode).toBe(403)
    expect(await countRows(t, 'census_import')).toBe(0)
  })

  it('downloads the census XML for a year, audited', async () => {
    const cookie = await t.signInAs('analyst')
    const imported = await upload('/census/import', cookie, {
      name: 'c.xml',
      content: censusXml(childXml('E1')),
    })
    await waitForImport(/imports\/([\w-]+)/.exec(imported.headers.location ?? '')?.[1] ?? '')
    const form = await t.inject({ method: 'GET', url: '/census/export', headers: { cookie } })
    expect(form.body).toContain(
      '<label class="govuk-label govuk-label--s" for="year">Collection year</label>',
    )
    const response = await t.inject({
      method: 'GET',
      url: '/census/export?year=2024-25',
      headers: { cookie },
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('application/xml')
    expect(response.headers['content-disposition']).toContain('CIN_census_2024-25.xml')
    expect(response.body).toContain('<LAchildID>E1</LAchildID>')
    const bad = await expectNothingWritten(t, () =>
      t.inject({
        method: 'GET',
        url: '/census/export?year=1999',
        headers: { cookie },
      }),
    )
    expect(bad.statusCode).toBe(400)
  })

  it('validates an upload: findings by rule and by child, filterable, as CSV and XLSX', async () => {
    const cookie = await t.signInAs('business-officer')
    const xml = censusXml(
      childXml('V1', { ethnicity: 'WBRI' }) + childXml('V2').replace('<Sex>F</Sex>', ''),
    )
    const response = await upload(
      '/census/validate',
      cookie,
      { name: 'check.xml', content: xml },
      { source: 'file' },
    )
    expect(response.statusCode).toBe(303)
    const url = response.headers.location ?? ''
    expect(url).toMatch(/^\/census\/validations\//)
    const report = await t.inject({ method: 'GET', url, headers: { cookie } })
    expect(report.statusCode).toBe(200)
    expect(report.body).toContain('Census validation report')
    expect(report.body).toContain('Findings by rule')
    const rule = /\?rule=([\w]+)"/.exec(report.body)?.[1] ?? ''
    expect(rule).not.toBe('')
    const filtered = await t.inject({ method: 'GET', url: `${url}?child=V2`, headers: { cookie } })
    expect(filtered.body).toContain('match the filter')
    const csv = await t.inject({ method: 'GET', url: `${url}?format=csv`, headers: { cookie } })
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body.split('\n')[0]).toBe('rule_code,rule_type,la_child_id,fields,values,message')
    const xlsx = await t.inject({
      method: 'GET',
      url: `${url}?format=xlsx&child=V2`,
      headers: { cookie },
    })
    expect(xlsx.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('Findings')
    expect(sheet?.getRow(1).getCell(1).value).toBe('rule_code')
    expect(sheet?.getRow(2).getCell(3).value).toBe('V2')
    // Validating writes no records.
    expect(await countRows(t, 'child')).toBe(0)
  })

  it('validates the partnership’s own records for a year', async () => {
    const cookie = await t.signInAs('analyst')
    const imported = await upload('/census/import', cookie, {
      name: 'c.xml',
      content: censusXml(childXml('R1')),
    })
    await waitForImport(/imports\/([\w-]+)/.exec(imported.headers.location ?? '')?.[1] ?? '')
    const response = await t.postForm(
      '/census/validate',
      { source: 'records', year: '2024-25' },
      cookie,
    )
    expect(response.statusCode).toBe(303)
    const report = await t.inject({
      method: 'GET',
      url: response.headers.location ?? '',
      headers: { cookie },
    })
    expect(report.body).toContain('Our records for 2024-25')
    expect(report.body).toMatch(/1 children checked against the 2024-25 rules/)
  })

  it('reports an unreadable upload on the validation page', async () => {
    const cookie = await t.signInAs('analyst')
    const response = await upload(
      '/census/validate',
      cookie,
      { name: 'x.xml', content: 'not xml' },
      { source: 'file' },
    )
    const report = await t.inject({
      method: 'GET',
      url: response.headers.location ?? '',
      headers: { cookie },
    })
    expect(report.body).toContain('The file could not be read')
  })

  it('keeps the census pages from roles without a census grant', async () => {
    const cookie = await t.signInAs('social-worker')
    for (const url of ['/census', '/census/import', '/census/export', '/census/validate']) {
      const response = await t.inject({ method: 'GET', url, headers: { cookie } })
      expect(response.statusCode, url).toBe(403)
    }
    const officer = await t.signInAs('business-officer')
    expect(
      (await t.inject({ method: 'GET', url: '/census/import', headers: { cookie: officer } }))
        .statusCode,
    ).toBe(403)
    expect(
      (await t.inject({ method: 'GET', url: '/census/validate', headers: { cookie: officer } }))
        .statusCode,
    ).toBe(200)
  })

  it('does not show another partnership’s import', async () => {
    const cookie = await t.signInAs('analyst')
    const row = await t.database.owner
      .insertInto('census_import')
      .values({ partnership_id: t.southbridge.id, file_name: 'theirs.xml', status: 'succeeded' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const page = await t.inject({
      method: 'GET',
      url: `/census/imports/${row.id}`,
      headers: { cookie },
    })
    expect(page.statusCode).toBe(404)
  })
})
