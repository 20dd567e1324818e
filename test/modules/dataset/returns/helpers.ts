import ExcelJS from 'exceljs'
import type { TestApp } from '../../../helpers/test-app.js'

/** POSTs a multipart upload with a valid CSRF token, as the return page's upload form does. */
export async function upload(t: TestApp, url: string, content: Buffer, cookie: string) {
  const { cookie: jar, token } = await t.csrf(cookie)
  const boundary = `----keepsafe${Math.random().toString(16).slice(2)}`
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`,
    ),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="return.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return t.inject({
    method: 'POST',
    url,
    headers: { cookie: jar, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  })
}

export const POLICE = 1
export const HEALTH = 2

/** Adds an indicator through the catalogue form; returns its id. */
export async function addIndicator(
  t: TestApp,
  cookie: string,
  fields: Partial<Record<string, string>> & { key: string; name: string; agencyId: string },
): Promise<string> {
  const response = await t.postForm(
    '/dataset/returns/indicators',
    {
      definition: `${fields.name}, in the quarter`,
      frequency: 'quarterly',
      polarity: 'lower',
      unit: 'count',
      isActive: 'yes',
      ...fields,
    },
    cookie,
  )
  if (response.statusCode !== 303)
    throw new Error(`Indicator not added: ${response.body.slice(0, 2000)}`)
  const row = await t.database.owner
    .selectFrom('return_indicator')
    .select('id')
    .where('key', '=', fields.key)
    .executeTakeFirstOrThrow()
  return row.id as string
}

/** The catalogue of the tests: two police figures and one health figure. */
export async function seedCatalogue(t: TestApp, cookie: string) {
  const police = t.northbridge.agencyIds[POLICE] ?? ''
  const health = t.northbridge.agencyIds[HEALTH] ?? ''
  return {
    police,
    health,
    protection: await addIndicator(t, cookie, {
      key: 'police-protection',
      name: 'Police protection powers used',
      agencyId: police,
    }),
    missing: await addIndicator(t, cookie, {
      key: 'missing-episodes',
      name: 'Missing episodes reported',
      agencyId: police,
    }),
    selfHarm: await addIndicator(t, cookie, {
      key: 'ae-self-harm',
      name: 'A&E attendances for self-harm',
      agencyId: health,
    }),
  }
}

/** Asks for returns through the request form; returns their ids by agency. */
export async function requestQuarter(
  t: TestApp,
  cookie: string,
  agencyIds: string[],
  quarter = 'q1-2026-27',
  due = ['20', '7', '2026'],
) {
  const { cookie: jar, token } = await t.csrf(cookie)
  const body = new URLSearchParams({
    quarter,
    'dueOn-day': due[0] ?? '',
    'dueOn-month': due[1] ?? '',
    'dueOn-year': due[2] ?? '',
    _csrf: token,
  })
  for (const id of agencyIds) body.append('agencyIds', id)
  const response = await t.inject({
    method: 'POST',
    url: '/dataset/returns/request',
    headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  })
  const rows = await t.database.owner
    .selectFrom('agency_return')
    .select(['id', 'agency_id'])
    .execute()
  return {
    response,
    ids: Object.fromEntries(rows.map(r => [r.agency_id as string, r.id as string])),
  }
}

/** The template as downloaded, with the Value cells set as given (by row number). */
export async function filledTemplate(
  t: TestApp,
  cookie: string,
  returnId: string,
  values: Record<number, unknown>,
): Promise<Buffer> {
  const response = await t.inject({
    method: 'GET',
    url: `/dataset/returns/${returnId}/template.xlsx`,
    headers: { cookie },
  })
  if (response.statusCode !== 200) throw new Error(`No template: ${response.statusCode}`)
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
  const sheet = workbook.getWorksheet('Return')
  if (!sheet) throw new Error('No Return sheet')
  for (const [row, value] of Object.entries(values))
    sheet.getRow(Number(row)).getCell(5).value = value as ExcelJS.CellValue
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export async function countRows(t: TestApp, tables: string[]) {
  const counts: Record<string, number> = {}
  for (const table of tables) {
    const row = await t.database.owner
      .selectFrom(table)
      .select(eb => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(row.n)
  }
  return counts
}
