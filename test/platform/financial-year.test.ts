import { describe, expect, it } from 'vitest'
import {
  financialYearLabel,
  financialYearOf,
  financialYearPeriod,
  financialYearSlug,
  parseFinancialYear,
} from '../../src/platform/financial-year.js'
import { financialYearField } from '../../src/platform/form-fields.js'
import { formatDateTime, formatTime } from '../../src/platform/http/web.js'

describe('financial years as people write them (issue 19 point 5)', () => {
  it('reads 2026/27, 2026-27 and 2026/2027 as the year starting 1 April 2026', () => {
    for (const written of ['2026/27', '2026-27', ' 2026 / 27 ', '2026/2027', '2026–27'])
      expect(parseFinancialYear(written)).toBe(2026)
    expect(parseFinancialYear('1999/00')).toBe(1999)
  })

  it('refuses years whose second part does not follow the first, and other text', () => {
    for (const written of ['2026/28', '2026-26', '2026', '26/27', '2026/2028', 'last year', ''])
      expect(parseFinancialYear(written)).toBeNull()
  })

  it('writes a year as 2026/27 (pages) and 2026-27 (addresses), with its days', () => {
    expect(financialYearLabel(1999)).toBe('1999/00')
    expect(financialYearSlug(2026)).toBe('2026-27')
    expect(financialYearPeriod(2026)).toEqual({ from: '2026-04-01', to: '2027-03-31' })
    expect(financialYearOf('2027-03-31')).toBe(2026)
    expect(financialYearOf('2027-04-01')).toBe(2027)
  })

  it('gives forms one field that keeps either way of writing as 2026/27', () => {
    const field = financialYearField('Enter the financial year')
    expect(field.parse('2026-27')).toBe('2026/27')
    expect(field.parse('2026/27')).toBe('2026/27')
    const bad = field.safeParse('2026/28')
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.message).toBe('Enter the financial year')
  })
})

describe('times as people read them', () => {
  it('writes clock times as 10:00am and 2:30pm, midnight and noon as 12', () => {
    expect(formatTime('10:00')).toBe('10:00am')
    expect(formatTime('14:30')).toBe('2:30pm')
    expect(formatTime('00:05')).toBe('12:05am')
    expect(formatTime('12:00:00')).toBe('12:00pm')
    expect(formatTime('soon')).toBe('soon')
  })

  it('writes an instant as its London date and time', () => {
    expect(formatDateTime(new Date('2026-12-14T10:00:00Z'))).toBe('14 December 2026 at 10:00am')
    expect(formatDateTime(new Date('2026-07-01T13:30:00Z'))).toBe('1 July 2026 at 2:30pm')
  })
})
