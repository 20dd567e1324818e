import { describe, expect, it } from 'vitest'
import {
  DEFAULT_PROTECTION_TIMESCALES as DEFAULTS,
  firstCoreGroupDueDate,
  firstReviewDueDate,
  icpcTargetDate,
  nextReviewDueDate,
  preBirthIcpcTargetDate,
  reportDueDate,
} from '../../../src/modules/protection/timescales.js'
import { englandAndWales } from '../../../src/platform/working-days.js'

describe('child protection timescales', () => {
  it('puts the initial conference 15 working days after the strategy discussion', () => {
    expect(icpcTargetDate('2026-11-02', DEFAULTS)).toBe('2026-11-23')
  })

  it('skips Christmas, the Boxing Day substitute and New Year', () => {
    expect(icpcTargetDate('2026-12-14', DEFAULTS)).toBe('2027-01-07')
  })

  it("counts the partnership's own extra holidays", () => {
    const calendar = englandAndWales.withExtraHolidays(['2026-11-10'])
    expect(icpcTargetDate('2026-11-02', DEFAULTS, calendar)).toBe('2026-11-24')
  })

  it('brings a pre-birth conference forward to the set week of pregnancy', () => {
    expect(preBirthIcpcTargetDate('2026-12-14', '2027-03-01', DEFAULTS)).toBe('2027-01-04')
  })

  it('keeps the working-day target when the week of pregnancy has already passed', () => {
    expect(preBirthIcpcTargetDate('2027-02-01', '2027-03-01', DEFAULTS)).toBe(
      icpcTargetDate('2027-02-01', DEFAULTS),
    )
  })

  it('wants the first core group within 10 working days of the conference', () => {
    expect(firstCoreGroupDueDate('2026-11-23', DEFAULTS)).toBe('2026-12-07')
  })

  it('wants the first review within 3 months, clamped to the end of a short month', () => {
    expect(firstReviewDueDate({ icpcHeldOn: '2026-11-30', preBirth: false }, DEFAULTS)).toBe(
      '2027-02-28',
    )
  })

  it("times a pre-birth plan's first review from the birth, or the expected date until then", () => {
    const planned = { icpcHeldOn: '2027-01-04', preBirth: true, expectedBirthDate: '2027-03-01' }
    // Good Friday (26 March 2027) and Easter Monday fall inside the 20 working days.
    expect(firstReviewDueDate(planned, DEFAULTS)).toBe('2027-03-31')
    expect(firstReviewDueDate({ ...planned, birthDate: '2027-02-22' }, DEFAULTS)).toBe('2027-03-22')
  })

  it('wants later reviews no more than 6 months apart', () => {
    expect(nextReviewDueDate('2027-02-26', DEFAULTS)).toBe('2027-08-26')
  })

  it("asks for agencies' reports 3 working days before the conference", () => {
    expect(reportDueDate('2026-11-23', DEFAULTS)).toBe('2026-11-18')
  })
})
