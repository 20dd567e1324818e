import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../../helpers/test-app.js'
import { countRows, filledTemplate, requestQuarter, seedCatalogue, upload } from './helpers.js'

const t = useTestApp()
const TABLES = ['agency_return', 'agency_return_value', 'audit_event']

async function setUp() {
  const officer = await t.signInAs('business-officer')
  const lead = await t.signInAs('agency-lead')
  const catalogue = await seedCatalogue(t, officer)
  const { response, ids } = await requestQuarter(t, officer, [catalogue.police, catalogue.health])
  expect(response.statusCode, response.body.slice(0, 3000)).toBe(303)
  const policeReturn = ids[catalogue.police] ?? ''
  const healthReturn = ids[catalogue.health] ?? ''
  return { officer, lead, catalogue, policeReturn, healthReturn }
}

function get(url: string, cookie: string) {
  return t.inject({ method: 'GET', url, headers: { cookie } })
}

async function values(returnId: string) {
  return t.database.owner
    .selectFrom('agency_return_value')
    .select(['indicator_id', 'revision', 'value', 'source'])
    .where('return_id', '=', returnId)
    .orderBy('revision')
    .execute()
}

describe('the indicator catalogue', () => {
  it('lets the business unit add and change indicators, with the words of each code', async () => {
    const { officer, catalogue } = await setUp()
    const page = await get('/dataset/returns/indicators', officer)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('A&amp;E attendances for self-harm')
    expect(page.body).toContain('Lower is better')
    const edit = await t.postForm(
      `/dataset/returns/indicators/${catalogue.missing}`,
      {
        key: 'missing-episodes',
        name: 'Missing episodes reported to police',
        definition: 'Episodes of children reported missing',
        agencyId: catalogue.police,
        frequency: 'quarterly',
        polarity: 'neither',
        unit: 'count',
        isActive: 'yes',
      },
      officer,
    )
    expect(edit.statusCode).toBe(303)
    const csv = await get('/dataset/returns/indicators?format=csv', officer)
    expect(csv.body).toContain('Missing episodes reported to police')
    expect(csv.body).toContain('Neither: context only')
  })

  it('refuses a duplicate key and bad fields, writing nothing', async () => {
    const { officer, catalogue } = await setUp()
    const before = await countRows(t, ['return_indicator', 'audit_event'])
    const duplicate = await t.postForm(
      '/dataset/returns/indicators',
      {
        key: 'police-protection',
        name: 'Another name',
        definition: 'x',
        agencyId: catalogue.police,
        frequency: 'quarterly',
        polarity: 'lower',
        unit: 'count',
      },
      officer,
    )
    expect(duplicate.statusCode).toBe(400)
    expect(duplicate.body).toContain('Another indicator already has this key')
    const bad = await t.postForm(
      '/dataset/returns/indicators',
      {
        key: 'Bad Key',
        name: '',
        definition: '',
        agencyId: 'x',
        frequency: 'daily',
        polarity: '',
        unit: '',
      },
      officer,
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('The key must be lower-case letters')
    expect(bad.body).toContain('Enter the indicator’s name')
    expect(bad.body).toContain('Select how often the figure is returned')
    expect(await countRows(t, ['return_indicator', 'audit_event'])).toEqual(before)
  })

  it('is kept by the business unit only', async () => {
    const lead = await t.signInAs('agency-lead')
    expect((await get('/dataset/returns/indicators', lead)).statusCode).toBe(200)
    expect((await get('/dataset/returns/indicators/new', lead)).statusCode).toBe(403)
    expect((await get('/dataset/returns/indicators?format=csv', lead)).statusCode).toBe(403)
    const worker = await t.signInAs('social-worker')
    expect((await get('/dataset/returns/indicators', worker)).statusCode).toBe(403)
  })
})

describe('requesting returns', () => {
  it('asks each chosen agency once per quarter', async () => {
    const { officer, catalogue, policeReturn } = await setUp()
    expect(policeReturn).not.toBe('')
    const before = await countRows(t, TABLES)
    const again = await requestQuarter(t, officer, [catalogue.police])
    expect(again.response.statusCode).toBe(400)
    expect(again.response.body).toContain('has already been asked for')
    expect(await countRows(t, TABLES)).toEqual(before)
  })

  it('refuses a due date before the quarter ends, no agency, an unknown quarter', async () => {
    const officer = await t.signInAs('business-officer')
    const catalogue = await seedCatalogue(t, officer)
    const early = await requestQuarter(t, officer, [catalogue.police], 'q1-2026-27', [
      '1',
      '6',
      '2026',
    ])
    expect(early.response.statusCode).toBe(400)
    expect(early.response.body).toContain('The due date must be after the end of the quarter')
    const none = await requestQuarter(t, officer, [])
    expect(none.response.body).toContain('Select at least one agency')
    const quarter = await requestQuarter(t, officer, [catalogue.police], 'q5-2026-27')
    expect(quarter.response.body).toContain('Select the quarter from the list')
    const notDate = await requestQuarter(t, officer, [catalogue.police], 'q1-2026-27', [
      '31',
      '2',
      '2026',
    ])
    expect(notDate.response.body).toContain('Enter a real due date')
    expect((await countRows(t, ['agency_return'])).agency_return).toBe(0)
  })

  it('refuses an agency with no indicators, and rolls back the agencies before it', async () => {
    const officer = await t.signInAs('business-officer')
    const catalogue = await seedCatalogue(t, officer)
    const schools = t.northbridge.agencyIds[4] ?? ''
    const before = await countRows(t, TABLES)
    const { response } = await requestQuarter(t, officer, [catalogue.police, schools])
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('has no indicators to return')
    expect(await countRows(t, TABLES)).toEqual(before)
  })
})

describe('an agency lead filling in a return', () => {
  it('sees and edits only their agency’s returns', async () => {
    const { lead, officer, policeReturn, healthReturn } = await setUp()
    const list = await get('/dataset/returns', lead)
    const table = list.body.slice(list.body.indexOf('id="returns"'))
    expect(table).toContain('Northbridge Police')
    expect(table).not.toContain('Northbridge NHS Foundation Trust')
    expect((await get(`/dataset/returns/${healthReturn}`, lead)).statusCode).toBe(404)
    expect((await get(`/dataset/returns/${healthReturn}/template.xlsx`, lead)).statusCode).toBe(404)
    const other = await t.postForm(`/dataset/returns/${healthReturn}`, {}, lead)
    expect(other.statusCode).toBe(404)
    expect(
      (await t.postForm(`/dataset/returns/${healthReturn}/sign-off`, {}, lead)).statusCode,
    ).toBe(404)
    // The business unit reads every return but does not fill them in.
    expect((await get(`/dataset/returns/${healthReturn}`, officer)).statusCode).toBe(200)
    expect((await t.postForm(`/dataset/returns/${policeReturn}`, {}, officer)).statusCode).toBe(403)
    const southLead = await t.signInAs('agency-lead', t.southbridge)
    expect((await get(`/dataset/returns/${policeReturn}`, southLead)).statusCode).toBe(404)
    const referrer = await t.signInAs('referrer')
    expect((await get(`/dataset/returns/${policeReturn}`, referrer)).statusCode).toBe(403)
  })

  it('saves figures from the page, refusing a bad one beside its field with nothing saved', async () => {
    const { lead, catalogue, policeReturn } = await setUp()
    const before = await countRows(t, TABLES)
    const bad = await t.postForm(
      `/dataset/returns/${policeReturn}`,
      { [`value-${catalogue.protection}`]: '12.5', [`value-${catalogue.missing}`]: '40' },
      lead,
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Police protection powers used: enter a whole number')
    expect(await countRows(t, TABLES)).toEqual(before)
    const good = await t.postForm(
      `/dataset/returns/${policeReturn}`,
      { [`value-${catalogue.protection}`]: '12', [`value-${catalogue.missing}`]: '1,040' },
      lead,
    )
    expect(good.statusCode).toBe(303)
    expect((await values(policeReturn)).map(v => Number(v.value)).sort()).toEqual([1040, 12])
  })

  it('refuses an uploaded spreadsheet with a bad cell, saving nothing, then takes the corrected one', async () => {
    const { lead, policeReturn } = await setUp()
    const before = await countRows(t, TABLES)
    // Rows are sorted by name: 2 is Missing episodes, 3 is Police protection.
    const bad = await upload(
      t,
      `/dataset/returns/${policeReturn}/upload`,
      await filledTemplate(t, lead, policeReturn, { 2: 40, 3: 'twelve' }),
      lead,
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain(
      'Row 3, Police protection powers used: enter a whole number, like 12',
    )
    expect(bad.body).toContain('Nothing was saved')
    expect(await countRows(t, TABLES)).toEqual(before)
    const good = await upload(
      t,
      `/dataset/returns/${policeReturn}/upload`,
      await filledTemplate(t, lead, policeReturn, { 2: 40, 3: 12 }),
      lead,
    )
    expect(good.statusCode).toBe(303)
    const saved = await values(policeReturn)
    expect(saved.map(v => [Number(v.value), v.source]).sort()).toEqual([
      [12, 'upload'],
      [40, 'upload'],
    ])
  })

  it('refuses files that are not the template: not XLSX, another return, too many entries', async () => {
    const { lead, officer, catalogue, policeReturn } = await setUp()
    const before = await countRows(t, TABLES)
    const text = await upload(
      t,
      `/dataset/returns/${policeReturn}/upload`,
      Buffer.from('a,b\n1,2'),
      lead,
    )
    expect(text.statusCode).toBe(400)
    expect(text.body).toContain('The selected file must be the XLSX template')
    // The template of another quarter's return for the same agency.
    await requestQuarter(t, officer, [catalogue.police], 'q2-2026-27', ['20', '10', '2026'])
    const later = await t.database.owner
      .selectFrom('agency_return')
      .select('id')
      .where('period_start', '=', '2026-07-01')
      .executeTakeFirstOrThrow()
    const other = await filledTemplate(t, lead, later.id as string, { 2: 1 })
    const wrong = await upload(t, `/dataset/returns/${policeReturn}/upload`, other, lead)
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body).toContain('This template is for a different return')
    expect((await countRows(t, ['agency_return_value'])).agency_return_value).toBe(
      before.agency_return_value,
    )
  })

  it('signs off only a complete return; a later change is a new revision to sign off again', async () => {
    const { lead, catalogue, policeReturn } = await setUp()
    await t.postForm(
      `/dataset/returns/${policeReturn}`,
      { [`value-${catalogue.protection}`]: '12' },
      lead,
    )
    const early = await t.postForm(`/dataset/returns/${policeReturn}/sign-off`, {}, lead)
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain('Enter every figure before signing off: Missing episodes reported')
    await t.postForm(
      `/dataset/returns/${policeReturn}`,
      { [`value-${catalogue.missing}`]: '40' },
      lead,
    )
    expect(
      (await t.postForm(`/dataset/returns/${policeReturn}/sign-off`, {}, lead)).statusCode,
    ).toBe(303)
    const signed = await get(`/dataset/returns/${policeReturn}`, lead)
    expect(signed.body).toContain('Signed off')
    await t.postForm(
      `/dataset/returns/${policeReturn}`,
      { [`value-${catalogue.protection}`]: '13', [`value-${catalogue.missing}`]: '40' },
      lead,
    )
    const history = await values(policeReturn)
    expect(
      history
        .filter(v => v.indicator_id === catalogue.protection)
        .map(v => [v.revision, Number(v.value)]),
    ).toEqual([
      [1, 12],
      [2, 13],
    ])
    const row = await t.database.owner
      .selectFrom('agency_return')
      .select(['signed_off_at'])
      .where('id', '=', policeReturn)
      .executeTakeFirstOrThrow()
    expect(row.signed_off_at).toBeNull()
    const page = await get(`/dataset/returns/${policeReturn}`, lead)
    expect(page.body).toMatch(/id="history"[\s\S]*13[\s\S]*12/)
  })

  it('answers a repeated or unknown query parameter with 400', async () => {
    const { lead } = await setUp()
    expect((await get('/dataset/returns?status=x', lead)).statusCode).toBe(400)
    expect((await get('/dataset/returns?quarter=a&quarter=b', lead)).statusCode).toBe(400)
    expect((await get('/dataset/returns?colour=red', lead)).statusCode).toBe(400)
  })
})

describe('completeness and the chase list', () => {
  it('shows who has and has not returned, and lists overdue returns to chase', async () => {
    const { lead, officer, catalogue, policeReturn } = await setUp()
    await t.postForm(
      `/dataset/returns/${policeReturn}`,
      { [`value-${catalogue.protection}`]: '12', [`value-${catalogue.missing}`]: '40' },
      lead,
    )
    await t.postForm(`/dataset/returns/${policeReturn}/sign-off`, {}, lead)
    const page = await get('/dataset/returns/completeness?quarter=q1-2026-27', officer)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('1 of 2 agencies have signed off')
    const chase = await get('/dataset/returns/chase', officer)
    expect(chase.body).toContain('Northbridge NHS Foundation Trust')
    expect(chase.body).not.toMatch(/chase-list[\s\S]*Northbridge Police/)
    const csv = await get('/dataset/returns/chase?format=csv', officer)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body).toContain('Northbridge NHS Foundation Trust')
    const audit = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'agency-return.exported')
      .execute()
    expect(audit).toHaveLength(1)
  })
})
