import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { loadLait } from '../../../src/modules/dataset/lait.js'
import type { Role } from '../../../src/platform/permissions.js'
import { useTestApp } from '../../helpers/test-app.js'
import { addRecords, repeat, writeSeedLait } from './records.js'

const t = useTestApp()
const QUARTER = 'from=2017-01-01&to=2017-03-31'

/** Birmingham's fourth quarter of 2016/17: 25 referrals, 6 of them re-referrals (24%). */
async function birmingham(): Promise<string> {
  process.env.KEEPSAFE_LAIT_DIR = await writeSeedLait()
  await addRecords(
    t,
    t.northbridge.id,
    repeat(25, i => ({
      referralDate: '2017-02-01',
      previousReferral: i < 6 ? '2016-06-01' : undefined,
    })),
  )
  const cookie = await t.signInAs('business-officer')
  const saved = await t.postForm(
    '/dataset/settings',
    { laNumber: '330', dfeCalendar: 'england-and-wales' },
    cookie,
  )
  expect(saved.statusCode).toBe(303)
  return cookie
}

async function get(url: string, role: Role = 'analyst') {
  return t.inject({ method: 'GET', url, headers: { cookie: await t.signInAs(role) } })
}

async function exports() {
  return t.database.owner
    .selectFrom('audit_event')
    .select(['user_id', 'detail'])
    .where('action', '=', 'dataset.exported')
    .execute()
}

describe('LAIT on the first page view', () => {
  it('is not waited for: the page says the comparators are loading, then shows them', async () => {
    await birmingham()
    const first = await get(`/dataset?${QUARTER}`)
    expect(first.statusCode).toBe(200)
    expect(first.body).toContain('data-comparators-loading')
    expect(first.body).toContain('Comparators loading.')
    // The figures themselves are there; only the comparators wait.
    expect(first.body).toMatch(/data-dfe-figure="ReReferral"[\s\S]*?6 of 25 \(24%\)/)
    await loadLait()
    const later = await get(`/dataset?${QUARTER}`)
    expect(later.body).not.toContain('data-comparators-loading')
    expect(later.body).toMatch(/data-dfe-figure="ReReferral"[\s\S]*?data-england>24%/)
  })
})

describe('the DfE figures downloaded', () => {
  it('as CSV, one row per figure with comparators, audited; not for a social worker', async () => {
    await birmingham()
    const response = await get(`/dataset/dfe.csv?${QUARTER}`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-disposition']).toContain(
      'dfe-figures-2017-01-01-to-2017-03-31.csv',
    )
    const lines = response.body.trim().split('\n')
    expect(lines[0]).toBe(
      'indicator,label,count,out_of,percent,rate_per_10000,comparator_year,england,region,statistical_neighbours,target,rag',
    )
    expect(lines.find(line => line.startsWith('ReReferral,'))).toBe(
      'ReReferral,Re-referrals within 12 months,6,25,24,,2015,24,25,21,,',
    )
    expect(await exports()).toEqual([
      {
        user_id: t.userId('analyst'),
        detail: {
          format: 'csv',
          figures: 'DfE',
          periods: [{ from: '2017-01-01', to: '2017-03-31' }],
        },
      },
    ])
    expect((await get(`/dataset/dfe.csv?${QUARTER}`, 'social-worker')).statusCode).toBe(403)
  })

  it('in the workbook, beside the dataset’s own figures, in one audited export', async () => {
    await birmingham()
    const response = await get(`/dataset/export.xlsx?${QUARTER}`, 'board-member')
    expect(response.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    const rows = workbook.getWorksheet('DfE figures')?.getSheetValues() ?? []
    const reReferral = rows.find(row => Array.isArray(row) && row[1] === 'ReReferral') as unknown[]
    expect(reReferral.slice(1, 11)).toEqual([
      'ReReferral',
      'Re-referrals within 12 months',
      6,
      25,
      24,
      '',
      2015,
      24,
      25,
      21,
    ])
    expect(workbook.getWorksheet('DfE breakdowns')?.rowCount).toBeGreaterThan(1)
    expect(workbook.getWorksheet('Figures')).toBeDefined()
    expect(await exports()).toHaveLength(1)
  })
})

describe('the DfE figures through the API', () => {
  async function token(role: Role) {
    const cookie = await t.signInAs(role)
    const response = await t.postForm('/account/api-tokens', { name: 'DfE script' }, cookie)
    return /id="api-token">([^<]+)</.exec(response.body)?.[1] ?? ''
  }
  const call = (url: string, bearer: string) =>
    t.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } })

  it('gives each figure with its definition and comparators, audited', async () => {
    await birmingham()
    const response = await call(`/api/v1/dataset/dfe-figures?${QUARTER}`, await token('analyst'))
    expect(response.statusCode).toBe(200)
    const body = response.json<{
      from: string
      financialYearEnding: number
      figures: { indicator: string; definition: string }[]
    }>()
    expect(body).toMatchObject({ from: '2017-01-01', financialYearEnding: 2017 })
    const reReferral = body.figures.find(f => f.indicator === 'ReReferral')
    expect(reReferral).toMatchObject({
      count: 6,
      outOf: 25,
      percent: 24,
      comparators: { year: 2015, england: 24, neighbours: 21 },
    })
    expect(reReferral?.definition).toContain('12 months before it')
    expect(await exports()).toHaveLength(1)
  })

  it('refuses bad dates with 400, other roles with 403, and no token with 401', async () => {
    const analyst = await token('analyst')
    const missing = await call('/api/v1/dataset/dfe-figures?from=2017-01-01', analyst)
    expect(missing.statusCode).toBe(400)
    expect(missing.json()).toMatchObject({ message: 'to: Enter the end date of the period' })
    const referrer = await token('referrer')
    expect((await call(`/api/v1/dataset/dfe-figures?${QUARTER}`, referrer)).statusCode).toBe(403)
    const anonymous = await t.inject({
      method: 'GET',
      url: `/api/v1/dataset/dfe-figures?${QUARTER}`,
    })
    expect(anonymous.statusCode).toBe(401)
    expect(await exports()).toHaveLength(0)
  })
})
