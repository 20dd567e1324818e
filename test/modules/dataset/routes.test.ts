import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { importCensusFile } from '../../../src/modules/census/import.js'
import { defaultPeriod } from '../../../src/modules/dataset/schema.js'
import { londonToday } from '../../../src/platform/calendar.js'
import type { Role } from '../../../src/platform/permissions.js'
import { useTestApp } from '../../helpers/test-app.js'
import { SHARED_CIN_DIR, SHARED_SKIP_MESSAGE, hasSharedData } from '../census/helpers.js'
import { Seeder } from './seed.js'

const t = useTestApp()

async function get(url: string, role: Role = 'analyst') {
  const cookie = await t.signInAs(role)
  return t.inject({ method: 'GET', url, headers: { cookie } })
}

/** The text of a figure's cell: this period's, or the previous period's. */
function cell(body: string, id: string, previous = false): string | undefined {
  const attribute = previous ? 'data-previous-figure' : 'data-figure'
  return new RegExp(`${attribute}="${id}">([^<]*)<`).exec(body)?.[1]
}

async function auditEvents(action: string) {
  return t.database.owner
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .execute()
}

/** October 2025's records: two referrals (one named child), a decision and a plan. */
async function seedOctober() {
  const seed = new Seeder(t, t.northbridge)
  const referralId = await seed.referral({ received_at: new Date('2025-10-15T09:00:00Z') })
  await seed.referralChild(referralId, '2025-05-01')
  await seed.referral({ received_at: new Date('2025-09-15T09:00:00Z') })
  await seed.decided('2025-10-09T09:00:00Z', '2025-10-10T09:00:00Z', 'no-further-action')
  await seed.plan({ start: '2025-10-02', category: 'EMO' })
  return seed
}

describe('the dataset page', () => {
  it('shows each section’s figures for a month with the month before alongside', async () => {
    await seedOctober()
    const response = await get('/dataset?period=2025-10')
    expect(response.statusCode).toBe(200)
    const body = response.body
    expect(body).toContain('October 2025')
    expect(body).toContain('September 2025 (previous)')
    expect(cell(body, 'received')).toBe('2')
    expect(cell(body, 'received', true)).toBe('1')
    // Re-referrals are the DfE figure only (ReReferral), not the front door's own reading.
    expect(cell(body, 're-referred')).toBeUndefined()
    expect(body).toContain('data-dfe-figure="ReReferral"')
    expect(cell(body, 'decided-within-1-working-day')).toBe('1 of 1 (100.0%)')
    expect(cell(body, 'decided-within-1-working-day', true)).toBe('0 of 0')
    expect(cell(body, 'plans-started-EMO')).toBe('1 of 1 (100.0%)')
    expect(body).toContain('How these figures are computed')
    expect(body).toContain('<li>Final decisions made in the period')
    // Sections with nothing in either period say so instead of showing a table of zeros.
    expect(body).toContain('Nothing was recorded for this section in either period.')
    // Aggregates only: never a child's name or a record's id.
    expect(body).not.toContain('given_name')
    const child = await t.database.owner.selectFrom('child').select('id').executeTakeFirstOrThrow()
    expect(body).not.toContain(child.id)
  })

  it('offers quarters and financial years, and compares with the one before', async () => {
    const quarter = await get('/dataset?period=q3-2025-26')
    expect(quarter.statusCode).toBe(200)
    expect(quarter.body).toContain('Quarter 3, 2025 to 2026')
    expect(quarter.body).toContain(
      'with Quarter 2, 2025 to 2026 (1 July 2025 to 30 September 2025)',
    )
    const year = await get('/dataset?period=fy-2025-26')
    expect(year.body).toContain('Financial year 2025 to 2026')
    expect(year.body).toContain('with Financial year 2024 to 2025 (1 April 2024 to 31 March 2025)')
  })

  it('takes any dates, comparing with as many days before', async () => {
    await seedOctober()
    const response = await get(
      '/dataset?from-day=1&from-month=10&from-year=2025&to-day=15&to-month=10&to-year=2025',
    )
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('1 October 2025 to 15 October 2025')
    expect(response.body).toContain('16 September 2025 to 30 September 2025 (previous)')
    expect(cell(response.body, 'received')).toBe('2')
    expect(cell(response.body, 'received', true)).toBe('0')
  })

  it('shows last month when no period is chosen', async () => {
    const response = await get('/dataset')
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain(defaultPeriod(londonToday()).label)
  })

  it.each([
    [
      'a start after the end',
      'from-day=2&from-month=10&from-year=2025&to-day=1&to-month=10&to-year=2025',
      'End date must be the same as or after the start date',
    ],
    [
      'a date that is not a date',
      'from-day=31&from-month=2&from-year=2025&to-day=1&to-month=3&to-year=2025',
      'Start date must be a real date',
    ],
    [
      'a missing end date',
      'from-day=1&from-month=2&from-year=2025',
      'Enter the end date of the period',
    ],
    [
      'a period longer than 5 years',
      'from-day=1&from-month=4&from-year=2020&to-day=1&to-month=4&to-year=2025',
      'The period must be 5 years or shorter',
    ],
    ['dates that are not dates', 'from=2025-13-01&to=2025-12-01', 'Start date must be a real date'],
    ['an unknown period', 'period=2025-13', 'Select a period'],
    ['no period chosen', 'period=', 'Select a period'],
    [
      'empty date boxes',
      'from-day=&from-month=&from-year=&to-day=&to-month=&to-year=',
      'Enter the start date of the period',
    ],
  ])('refuses %s with a GOV.UK error and 400', async (_name, query, message) => {
    const response = await get(`/dataset?${query}`)
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('There is a problem')
    expect(response.body).toContain(message)
    expect(response.body).not.toContain('data-figure=')
  })

  it('accepts exactly 5 years', async () => {
    const response = await get('/dataset?from=2020-04-01&to=2025-03-31')
    expect(response.statusCode).toBe(200)
  })

  it.each(['business-officer', 'board-member', 'front-door-manager'] as const)(
    'is open to a %s, with navigation',
    async role => {
      const response = await get('/dataset?period=2025-10', role)
      expect(response.statusCode).toBe(200)
      expect(response.body).toContain('href="/dataset"')
    },
  )

  it.each(['referrer', 'social-worker'] as const)('is refused to a %s', async role => {
    expect((await get('/dataset', role)).statusCode).toBe(403)
    expect((await get('/dataset/export.csv?period=2025-10', role)).statusCode).toBe(403)
    expect((await get('/dataset/export.xlsx?period=2025-10', role)).statusCode).toBe(403)
  })

  it('counts only the signed-in partnership’s records', async () => {
    await seedOctober()
    await new Seeder(t, t.southbridge).referral({ received_at: new Date('2025-09-15T09:00:00Z') })
    const response = await get('/dataset?period=2025-10')
    const cookie = await t.signInAs('analyst', t.southbridge)
    const south = await t.inject({
      method: 'GET',
      url: '/dataset?period=2025-10',
      headers: { cookie },
    })
    expect(cell(response.body, 'received')).toBe('2')
    expect(cell(response.body, 'received', true)).toBe('1')
    expect(cell(south.body, 'received')).toBe('0')
    expect(cell(south.body, 'received', true)).toBe('1')
  })
})

describe('downloads', () => {
  it('exports the figures as CSV, audited, with agency names kept as text', async () => {
    const seed = await seedOctober()
    await t.database.owner
      .updateTable('agency')
      .set({ name: '=HYPERLINK("http://evil.example")' })
      .where('id', '=', seed.agency(1))
      .execute()
    await seed.check(seed.agency(1), '2025-10-10T11:00:00Z', '2025-10-10T10:00:00Z')
    const response = await get('/dataset/export.csv?from=2025-10-01&to=2025-10-31')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('text/csv')
    expect(response.headers['content-disposition']).toContain(
      'dataset-2025-10-01-to-2025-10-31.csv',
    )
    const lines = response.body.trim().split('\n')
    expect(lines[0]).toBe(
      'section,figure,period_from,period_to,numerator,denominator,rate_percent,previous_from,previous_to,previous_numerator,previous_denominator,previous_rate_percent',
    )
    expect(lines).toContain(
      'Contacts and referrals received,Contacts and referrals received,2025-10-01,2025-10-31,3,,,2025-09-01,2025-09-30,1,,',
    )
    expect(lines).toContain(
      'Contacts and referrals received,From members of the public,2025-10-01,2025-10-31,3,3,100,2025-09-01,2025-09-30,1,1,100',
    )
    expect(response.body).toContain(`"'=HYPERLINK(""http://evil.example""): answered on time"`)
    const [event] = await auditEvents('dataset.exported')
    expect(event).toMatchObject({
      user_id: t.userId('analyst'),
      resource_type: 'dataset',
      detail: {
        format: 'csv',
        periods: [
          { from: '2025-10-01', to: '2025-10-31' },
          { from: '2025-09-01', to: '2025-09-30' },
        ],
      },
    })
  })

  it('exports the figures as a workbook with their definitions, audited', async () => {
    await seedOctober()
    const response = await t.inject({
      method: 'GET',
      url: '/dataset/export.xlsx?period=2025-10',
      headers: { cookie: await t.signInAs('board-member') },
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('spreadsheetml')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    const figures = workbook.getWorksheet('Figures')
    const received = figures
      ?.getSheetValues()
      .find(row => Array.isArray(row) && row[2] === 'Contacts and referrals received') as unknown[]
    expect(received.slice(1, 8)).toEqual([
      'Contacts and referrals received',
      'Contacts and referrals received',
      '2025-10-01',
      '2025-10-31',
      2,
      '',
      '',
    ])
    expect(workbook.getWorksheet('Definitions')?.rowCount).toBeGreaterThan(10)
    expect(await auditEvents('dataset.exported')).toHaveLength(1)
  })

  it('refuses an invalid period with 400 and audits nothing', async () => {
    const response = await get('/dataset/export.csv?from=2025-10-31&to=2025-10-01')
    expect(response.statusCode).toBe(400)
    expect(await auditEvents('dataset.exported')).toHaveLength(0)
  })
})

describe('the API', () => {
  async function token(role: Role) {
    const cookie = await t.signInAs(role)
    const response = await t.postForm('/account/api-tokens', { name: 'Dataset script' }, cookie)
    return /id="api-token">([^<]+)</.exec(response.body)?.[1] ?? ''
  }

  function call(url: string, bearer: string) {
    return t.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } })
  }

  it('returns numerators, denominators and rates for a period, audited', async () => {
    await seedOctober()
    const response = await call(
      '/api/v1/dataset/figures?from=2025-10-01&to=2025-10-31',
      await token('analyst'),
    )
    expect(response.statusCode).toBe(200)
    const body = response.json<{
      period: { from: string; label: string }
      sections: { id: string; figures: { id: string }[] }[]
    }>()
    expect(body.period).toMatchObject({ from: '2025-10-01', label: 'October 2025' })
    const received = body.sections.find(s => s.id === 'received')
    expect(received?.figures).toContainEqual({
      id: 'received-public',
      label: 'From members of the public',
      numerator: 2,
      denominator: 2,
      rate: 100,
    })
    expect(await auditEvents('dataset.exported')).toHaveLength(1)
  })

  it('refuses bad dates with 400 and other roles with 403', async () => {
    const analyst = await token('analyst')
    const missing = await call('/api/v1/dataset/figures?from=2025-10-01', analyst)
    expect(missing.statusCode).toBe(400)
    expect(missing.json()).toMatchObject({ message: 'to: Enter the end date of the period' })
    const reversed = await call('/api/v1/dataset/figures?from=2025-10-31&to=2025-10-01', analyst)
    expect(reversed.statusCode).toBe(400)
    const referrer = await token('referrer')
    expect(
      (await call('/api/v1/dataset/figures?from=2025-10-01&to=2025-10-31', referrer)).statusCode,
    ).toBe(403)
  })
})

/**
 * The shared CIN_Census_2024.xml with the three defects the importer rightly refuses (stray text,
 * an old Sex code, an unknown factor) repaired, written to a temporary directory: the shared file
 * is read, never copied into the repository.
 */
async function repairedCensusFile(): Promise<string> {
  const xml = (await readFile(join(SHARED_CIN_DIR, 'fake/CIN_Census_2024.xml'), 'utf8'))
    .replace('</UPNunknown>PersonBirthDate', '</UPNunknown>')
    .replace('<Sex>1</Sex>', '<Sex>M</Sex>')
    .replace('<AssessmentFactors>RB</AssessmentFactors>', '')
  const path = join(await mkdtemp(join(tmpdir(), 'keepsafe-dataset-')), 'census.xml')
  await writeFile(path, xml)
  return path
}

describe('census-imported records', () => {
  it.skipIf(!hasSharedData)(
    `computes figures from a census file’s section 47, plan and reviews${hasSharedData ? '' : ` (skipped: ${SHARED_SKIP_MESSAGE})`}`,
    async () => {
      // One child in this file has an enquiry started 2 June 2022 (the Platinum Jubilee bank
      // holidays follow) with its initial conference on 17 June, and a PHY plan from
      // 17 February 2022 to 14 March 2023 whose only review, 15 February 2023, is late.
      const path = await repairedCensusFile()
      const outcome = await importCensusFile(t.database.db, {
        partnershipId: t.northbridge.id,
        userId: null,
        path,
        fileName: 'CIN_Census_2024.xml',
      }).finally(() => rm(dirname(path), { recursive: true, force: true }))
      expect(outcome.ok).toBe(true)
      const response = await get('/dataset?period=fy-2022-23')
      expect(response.statusCode).toBe(200)
      const body = response.body
      expect(cell(body, 'section-47-started')).toBe('1')
      expect(cell(body, 'icpc-within-timescale')).toBe('1 of 1 (100.0%)')
      expect(cell(body, 'plans-ended')).toBe('1')
      expect(cell(body, 'plans-ended-PHY')).toBe('1 of 1 (100.0%)')
      expect(cell(body, 'plans-ended-after-2-years')).toBe('0 of 1 (0.0%)')
      expect(cell(body, 'plans-open')).toBe('0')
      expect(cell(body, 'reviews-census-on-time')).toBe('0 of 1 (0.0%)')
      expect(cell(body, 'plans-open', true)).toBe('1')
    },
  )
})
