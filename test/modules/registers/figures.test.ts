import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import { computeFigures } from '../../../src/modules/dataset/service.js'
import {
  exploitationRatePer10k,
  publishedRegisterFigures,
} from '../../../src/modules/registers/queries.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { useTestApp } from '../../helpers/test-app.js'
import { cohortChild } from './panel-helpers.js'

const t = useTestApp()

const PERIOD = { from: '2026-04-01', to: '2026-09-30' }
const inNorthbridge = <T>(work: Parameters<typeof inPartnership<T>>[2]) =>
  inPartnership(t.database.db, { partnershipId: t.northbridge.id }, work)

describe('the registers’ figures', () => {
  it('are a section of the dataset’s catalogue', async () => {
    await cohortChild(t, 'EX001', 'Ama', ['cse'])
    await cohortChild(t, 'EX002', 'Ben', ['forced-marriage'])
    const figures = await inNorthbridge(trx =>
      computeFigures(trx, t.northbridge.id, { ...PERIOD, label: '2026/27 to date' }),
    )
    const section = figures.sections.find(s => s.id === 'registers')
    expect(section?.title).toBe('Children at particular risk')
    const count = (id: string) => section?.figures.find(f => f.id === id)?.count
    expect(count('cohort')).toBe(2)
    expect(count('cohort-cse')).toBe(1)
    expect(count('cohort-forced-marriage')).toBe(1)
    expect(count('cohort-added')).toBe(2)
  })

  it('hold back counts of 1 to 5 and percentages of them when published', async () => {
    await cohortChild(t, 'EX001', 'Ama', ['cse'])
    const published = await inNorthbridge(trx => publishedRegisterFigures(trx, PERIOD))
    const value = (id: string) => published.find(f => f.id === id)
    expect(value('cohort')).toMatchObject({ value: 'c' })
    expect(value('fgm-referrals')).toMatchObject({ value: 0 })
    expect(value('missing-interviews-72h')).toMatchObject({ value: 0, percent: null })
  })

  it('give a rate per 10,000 children aged 11 to 17 from the dataset’s imported population', async () => {
    await cohortChild(t, 'EX001', 'Ama', ['cse'])
    await cohortChild(t, 'EX002', 'Ben', ['cse', 'cce'])
    await cohortChild(t, 'EX003', 'Cal', ['cce'])
    const rate = () =>
      inNorthbridge(trx => exploitationRatePer10k(trx, t.northbridge.id, PERIOD, 'cse'))
    expect(await rate()).toBeNull()
    // The period ends in the financial year 2026/27: DfE uses the mid-2026 estimate.
    for (const [year, population] of [
      [2025, 1000],
      [2026, 16000],
    ] as const)
      await t.database.owner
        .insertInto('dataset_population')
        .values({
          partnership_id: t.northbridge.id,
          year,
          age_band: '11-17',
          population,
          source: 'ONS mid-year estimate',
        })
        .execute()
    expect(await rate()).toEqual({
      children: 2,
      population: 16000,
      source: 'ONS mid-year estimate (mid-2026)',
      ratePer10k: 1.3,
    })
  })

  it('shows the rate per 10,000 on the cohort page, or how to get one', async () => {
    await cohortChild(t, 'EX010', 'Dee', ['cse'])
    const cookie = await t.signInAs('front-door-manager')
    const page = () =>
      t.inject({ method: 'GET', url: '/registers/exploitation', headers: { cookie } })
    expect((await page()).body).toContain('once the dataset holds the ONS mid-year')
    const [year = 0, month = 1] = londonToday().split('-').map(Number)
    const midYear = month >= 4 ? year : year - 1
    await t.database.owner
      .insertInto('dataset_population')
      .values({
        partnership_id: t.northbridge.id,
        year: midYear,
        age_band: '11-17',
        population: 20000,
        source: 'ONS mid-year estimate',
      })
      .execute()
    const body = (await page()).body
    expect(body).toContain('0.5 per 10,000 children aged 11 to 17')
    expect(body).toContain(`ONS mid-year estimate (mid-${midYear})`)
  })
})
