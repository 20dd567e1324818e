import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { upload } from '../governance/helpers.js'
import { useTestApp } from '../../helpers/test-app.js'
import { loadLait } from '../../../src/modules/dataset/lait.js'
import {
  addMiltonKeynes2011Records,
  miltonKeynes2011Seed,
  printed,
} from '../../helpers/milton-keynes.js'
import { addRecords, repeat, writeSeedLait } from './records.js'

const t = useTestApp()
const SEEDS = new URL('../../../../shared/data/seed-fixtures/', import.meta.url)
// The seed figures live beside the checkout (../shared); without them the reproductions are skipped.
const HAS_SEEDS = existsSync(fileURLToPath(SEEDS))

beforeAll(async () => {
  process.env.KEEPSAFE_LAIT_DIR = await writeSeedLait()
  // As a running server has it: read in the background at start-up, before these pages.
  await loadLait()
})

function cell(body: string, id: string, attribute: string): string {
  const row = new RegExp(`data-dfe-figure="${id}"[\\s\\S]*?</tr>`).exec(body)?.[0] ?? ''
  const match = new RegExp(`<td[^>]*${attribute}[^>]*>([\\s\\S]*?)</td>`).exec(row)?.[1] ?? ''
  return match
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

async function settings(cookie: string, laNumber: string) {
  const response = await t.postForm(
    '/dataset/settings',
    { laNumber, dfeCalendar: 'england-and-wales' },
    cookie,
  )
  expect(response.statusCode).toBe(303)
}

describe.skipIf(!HAS_SEEDS)('the seeds reproduced from records', () => {
  it('Milton Keynes 2011/12: the child protection table, 9.4 per 10,000 beside England 38.3 and neighbours 44.3', async () => {
    const seed = miltonKeynes2011Seed()
    const value = (text: string) => printed(seed, text, 1)
    await addMiltonKeynes2011Records(t, t.northbridge.id)

    const cookie = await t.signInAs('business-officer')
    await settings(cookie, '826')
    const imported = await upload(
      t,
      '/dataset/settings/population',
      'ons.csv',
      'year,age_band,population\n2011,0-17,58500\n',
      cookie,
    )
    expect(imported.statusCode).toBe(303)

    const page = await t.inject({
      method: 'GET',
      url: '/dataset?from=2011-04-01&to=2012-03-31',
      headers: { cookie },
    })
    expect(page.statusCode).toBe(200)
    const body = page.body
    expect(cell(body, 'Section_47', 'data-value')).toBe(String(value('Section 47')))
    expect(cell(body, 'ISCP_Conf', 'data-value')).toBe(
      String(value('Children subject to an initial')),
    )
    expect(cell(body, 'ReRegCPR_Denominator', 'data-value')).toBe(
      String(value('Children who became')),
    )
    expect(cell(body, 'PrevRegCPR', 'data-value')).toBe(`${value('... of whom had')} of 95 (4.2%)`)
    expect(cell(body, 'DeRegCPR', 'data-value')).toBe(
      String(value('Children with a child protection plan ceasing')),
    )
    expect(cell(body, 'CPPlans2yrs', 'data-value')).toBe('0 of 80 (0%)')
    expect(cell(body, 'CPP_OpenAtStart', 'data-value')).toBe('40')
    expect(cell(body, 'CPP_Num', 'data-value')).toBe(
      String(value('Children subject to a child protection plan at 31 March')),
    )
    expect(40 + 95 - 80).toBe(55)
    expect(cell(body, 'CPP_Num', 'data-rate')).toBe(String(seed.rate_per_10000_2011_12))
    expect(cell(body, 'CPP_Num', 'data-england')).toBe(
      `${seed.comparators_2010_11_per_10000.England} year to March 2011`,
    )
    expect(cell(body, 'CPP_Num', 'data-neighbours')).toBe(
      String(seed.comparators_2010_11_per_10000['Statistical neighbours']),
    )
    expect(body).toContain('ONS mid-year estimate (mid-2011), imported')
  })

  it('Birmingham 2016/17: re-referrals 24% against 18-25% (green), neighbours 21%, England 24%', async () => {
    const seed = JSON.parse(
      readFileSync(new URL('birmingham-2016-17-key-figures.json', SEEDS), 'utf8'),
    ) as {
      front_door: {
        re_referral_rate_q4_percent: number
        re_referral_target_range_percent: [number, number]
        re_referral_comparators_2015_percent: { 'statistical neighbours': number; England: number }
      }
    }
    const fd = seed.front_door
    await addRecords(
      t,
      t.northbridge.id,
      repeat(25, i => ({
        referralDate: '2017-02-01',
        previousReferral: i < 6 ? '2016-06-01' : undefined,
      })),
    )
    const cookie = await t.signInAs('business-officer')
    await settings(cookie, '330')
    const [low, high] = fd.re_referral_target_range_percent
    const target = await t.postForm(
      '/dataset/settings/targets',
      {
        indicatorKey: 'ReReferral',
        year: '2017',
        polarity: 'range',
        target: '',
        rangeLow: String(low),
        rangeHigh: String(high),
        tolerance: '2',
        notes: '',
      },
      cookie,
    )
    expect(target.statusCode).toBe(303)

    const page = await t.inject({
      method: 'GET',
      url: '/dataset?from=2017-01-01&to=2017-03-31',
      headers: { cookie },
    })
    expect(cell(page.body, 'ReReferral', 'data-value')).toBe(
      `6 of 25 (${fd.re_referral_rate_q4_percent}%)`,
    )
    expect(cell(page.body, 'ReReferral', 'data-england')).toBe(
      `${fd.re_referral_comparators_2015_percent.England}% year to March 2015`,
    )
    expect(cell(page.body, 'ReReferral', 'data-neighbours')).toBe(
      `${fd.re_referral_comparators_2015_percent['statistical neighbours']}%`,
    )
    expect(cell(page.body, 'ReReferral', 'data-target')).toBe(
      '18 to 25% (within a range, 2017) Green: target met',
    )
  })
})

describe('rates by age band', () => {
  it('gives plans by age per 10,000 children of that age, and exploitation per 10,000 aged 11-17', async () => {
    const id = t.northbridge.id
    await addRecords(t, id, [
      { referralDate: '2016-05-02', birthDate: '2016-06-01', plan: { startDate: '2016-07-01' } },
      ...repeat(2, () => ({ referralDate: '2016-05-02', plan: { startDate: '2016-07-01' } })),
      ...repeat(7, i => ({
        referralDate: '2016-09-01',
        assessment: { authorised: '2016-10-03', factors: [i < 5 ? '11A' : i < 6 ? '24A' : '3A'] },
      })),
    ])
    const cookie = await t.signInAs('business-officer')
    const imported = await upload(
      t,
      '/dataset/settings/population',
      'ons.csv',
      'year,age_band,population\n2016,0-17,100000\n2016,11-17,40000\n2016,under-1,5000\n2016,5-9,25000\n',
      cookie,
    )
    expect(imported.statusCode).toBe(303)
    const page = await t.inject({
      method: 'GET',
      url: '/dataset?period=fy-2016-17',
      headers: { cookie },
    })
    expect(cell(page.body, 'Exploitation_Assessed', 'data-value')).toBe('6')
    expect(cell(page.body, 'Exploitation_Assessed', 'data-rate')).toBe('1.5')
    expect(page.body).toContain('data-band-rate="Under 1">2<')
    expect(page.body).toContain('data-band-rate="5 to 9">0.8<')
    // No estimate for 1-4 imported: no rate rather than a wrong one.
    expect(cell(page.body, 'CPP_Num', 'data-rate')).toBe('0.3')
  })
})

describe('dataset settings', () => {
  it('lets only those who may change them do so, and refuses bad input writing nothing', async () => {
    const board = await t.signInAs('board-member')
    expect(
      (await t.inject({ method: 'GET', url: '/dataset/settings', headers: { cookie: board } }))
        .statusCode,
    ).toBe(403)
    expect(
      (
        await t.postForm(
          '/dataset/settings',
          { laNumber: '330', dfeCalendar: 'partnership' },
          board,
        )
      ).statusCode,
    ).toBe(403)

    const cookie = await t.signInAs('analyst')
    const count = async (table: 'dataset_setting' | 'dataset_target' | 'dataset_population') =>
      (
        await t.database.owner
          .selectFrom(table)
          .select(eb => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n
    const bad = await t.postForm(
      '/dataset/settings',
      { laNumber: '33', dfeCalendar: 'someday' },
      cookie,
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter the local authority’s 3-digit number')
    expect(bad.body).toContain('Choose the calendar for DfE-comparable timescales')
    const badTarget = await t.postForm(
      '/dataset/settings/targets',
      {
        indicatorKey: 'ReReferral',
        year: '2017',
        polarity: 'range',
        target: '',
        rangeLow: '30',
        rangeHigh: '20',
        tolerance: 'x',
        notes: '',
      },
      cookie,
    )
    expect(badTarget.statusCode).toBe(400)
    expect(badTarget.body).toContain(
      'The highest value must be the same as or more than the lowest',
    )
    const badFile = await upload(
      t,
      '/dataset/settings/population',
      'ons.csv',
      'year,age_band,population\n2011,0-17,58500\n2012,0-99,1\n',
      cookie,
    )
    expect(badFile.statusCode).toBe(400)
    expect(badFile.body).toContain('Enter an age band')
    expect(String(await count('dataset_setting'))).toBe('0')
    expect(String(await count('dataset_target'))).toBe('0')
    expect(String(await count('dataset_population'))).toBe('0')

    const good = await t.postForm(
      '/dataset/settings',
      { laNumber: '', dfeCalendar: 'partnership' },
      cookie,
    )
    expect(good.statusCode).toBe(303)
    const page = await t.inject({
      method: 'GET',
      url: '/dataset/settings?saved=settings',
      headers: { cookie },
    })
    expect(page.body).toContain('The settings were saved')
  })
})
