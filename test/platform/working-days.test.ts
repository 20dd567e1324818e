import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  WorkingDayCalendar,
  addCalendarDays,
  addWorkingDays,
  builtInBankHolidays,
  englandAndWales,
  englandAndWalesBankHolidays,
  fromDayNumber,
  isValidIsoDate,
  toDayNumber,
  workingDaysBetween,
} from '../../src/platform/working-days.js'

// Dates from 2010 to 2030, as ISO strings.
const isoDate = fc
  .integer({ min: Date.UTC(2010, 0, 1) / 86_400_000, max: Date.UTC(2030, 11, 31) / 86_400_000 })
  .map(day => new Date(day * 86_400_000).toISOString().slice(0, 10))
const workingDate = isoDate.filter(date => englandAndWales.isWorkingDay(date))

describe('day numbers', () => {
  it('turn into the same dates as the JavaScript calendar, from year 0 to 9999', () => {
    const wrong: string[] = []
    // 0000-01-01 is day -719,528 and 9999-12-31 day 2,932,896; every 7th day, then every day near now.
    for (let day = -719_528; day <= 2_932_896; day += 7) {
      const expected = new Date(day * 86_400_000).toISOString().split('T')[0]
      if (fromDayNumber(day) !== expected) wrong.push(`${String(day)}: ${fromDayNumber(day)}`)
    }
    for (let day = -1000; day <= 30_000; day++) {
      const expected = new Date(day * 86_400_000).toISOString().split('T')[0]
      if (fromDayNumber(day) !== expected) wrong.push(`${String(day)}: ${fromDayNumber(day)}`)
    }
    expect(wrong).toEqual([])
    expect(fromDayNumber(-719_528)).toBe('0000-01-01')
    expect(toDayNumber('2024-02-29')).toBe(19_782)
    expect(() => toDayNumber('2023-02-29')).toThrow(RangeError)
  })
})

describe('England and Wales bank holidays', () => {
  it.each([
    [
      2012,
      [
        '2012-01-02',
        '2012-04-06',
        '2012-04-09',
        '2012-05-07',
        '2012-06-04',
        '2012-06-05',
        '2012-08-27',
        '2012-12-25',
        '2012-12-26',
      ],
    ],
    [
      2020,
      [
        '2020-01-01',
        '2020-04-10',
        '2020-04-13',
        '2020-05-08',
        '2020-05-25',
        '2020-08-31',
        '2020-12-25',
        '2020-12-28',
      ],
    ],
    [
      2022,
      [
        '2022-01-03',
        '2022-04-15',
        '2022-04-18',
        '2022-05-02',
        '2022-06-02',
        '2022-06-03',
        '2022-08-29',
        '2022-09-19',
        '2022-12-26',
        '2022-12-27',
      ],
    ],
    [
      2023,
      [
        '2023-01-02',
        '2023-04-07',
        '2023-04-10',
        '2023-05-01',
        '2023-05-08',
        '2023-05-29',
        '2023-08-28',
        '2023-12-25',
        '2023-12-26',
      ],
    ],
    [
      2024,
      [
        '2024-01-01',
        '2024-03-29',
        '2024-04-01',
        '2024-05-06',
        '2024-05-27',
        '2024-08-26',
        '2024-12-25',
        '2024-12-26',
      ],
    ],
    [
      2026,
      [
        '2026-01-01',
        '2026-04-03',
        '2026-04-06',
        '2026-05-04',
        '2026-05-25',
        '2026-08-31',
        '2026-12-25',
        '2026-12-28',
      ],
    ],
  ])('lists the %i holidays as gov.uk publishes them', (year, expected) => {
    expect(englandAndWalesBankHolidays(year)).toEqual(expected)
  })

  it('covers every year from 2010 to 2030 with 8 or more holidays each', () => {
    const all = builtInBankHolidays()
    for (let year = 2010; year <= 2030; year++) {
      expect(all.filter(date => date.startsWith(`${year}-`)).length).toBeGreaterThanOrEqual(8)
    }
  })
})

describe('addWorkingDays', () => {
  it.each([
    ['2024-03-28', 1, '2024-04-02'], // Maundy Thursday: Good Friday and Easter Monday skipped
    ['2024-12-24', 1, '2024-12-27'],
    ['2025-06-06', 1, '2025-06-09'], // Friday to Monday
    ['2025-06-07', 1, '2025-06-09'], // from a Saturday
    ['2025-06-09', 0, '2025-06-09'],
    ['2025-06-09', -1, '2025-06-06'],
    ['2025-06-02', 15, '2025-06-23'],
    ['2024-04-01', -1, '2024-03-28'],
  ])('%s plus %i working days is %s', (from, days, expected) => {
    expect(addWorkingDays(from, days)).toBe(expected)
  })

  it('never lands on a weekend or bank holiday when moving', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 1, max: 60 }), (date, days) => {
        expect(englandAndWales.isWorkingDay(addWorkingDays(date, days))).toBe(true)
        expect(englandAndWales.isWorkingDay(addWorkingDays(date, -days))).toBe(true)
      }),
    )
  })

  it('is undone by subtracting the same number of working days from a working day', () => {
    fc.assert(
      fc.property(workingDate, fc.integer({ min: -60, max: 60 }), (date, days) => {
        expect(addWorkingDays(addWorkingDays(date, days), -days)).toBe(date)
      }),
    )
  })

  it('adds in steps: n then m is the same as n + m (same sign)', () => {
    fc.assert(
      fc.property(
        isoDate,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (date, n, m) => {
          expect(addWorkingDays(addWorkingDays(date, n), m)).toBe(addWorkingDays(date, n + m))
        },
      ),
    )
  })

  it('rejects a fractional number of days and an impossible date', () => {
    expect(() => addWorkingDays('2025-06-02', 1.5)).toThrow(RangeError)
    expect(() => addWorkingDays('2025-02-30', 1)).toThrow(/Not a calendar date/)
  })
})

describe('workingDaysBetween', () => {
  it.each([
    ['2025-06-06', '2025-06-09', 1],
    ['2025-06-09', '2025-06-09', 0],
    ['2024-03-28', '2024-04-02', 1],
    ['2025-06-09', '2025-06-06', -1],
    ['2024-12-20', '2025-01-03', 7],
  ])('from %s to %s is %i', (from, to, expected) => {
    expect(workingDaysBetween(from, to)).toBe(expected)
  })

  it('is the inverse of addWorkingDays', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -60, max: 60 }), (date, days) => {
        expect(workingDaysBetween(date, addWorkingDays(date, days))).toBe(days)
      }),
    )
  })

  it('changes sign when two working days swap, and never exceeds the calendar days', () => {
    fc.assert(
      fc.property(workingDate, workingDate, (a, b) => {
        expect(workingDaysBetween(a, b) + workingDaysBetween(b, a)).toBe(0)
        const calendarDays = Math.abs(Date.parse(b) - Date.parse(a)) / 86_400_000
        expect(Math.abs(workingDaysBetween(a, b))).toBeLessThanOrEqual(calendarDays)
      }),
    )
  })

  it('counts five working days in any seven calendar days without holidays', () => {
    const noHolidays = new WorkingDayCalendar([])
    fc.assert(
      fc.property(isoDate, date => {
        expect(noHolidays.workingDaysBetween(date, addCalendarDays(date, 7))).toBe(5)
      }),
    )
  })
})

describe('a partnership calendar with its own holidays', () => {
  it('skips an added holiday', () => {
    const calendar = englandAndWales.withExtraHolidays(['2025-06-10'])
    expect(calendar.addWorkingDays('2025-06-09', 1)).toBe('2025-06-11')
    expect(englandAndWales.addWorkingDays('2025-06-09', 1)).toBe('2025-06-10')
  })

  it('validates calendar dates', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true)
    expect(isValidIsoDate('2023-02-29')).toBe(false)
    expect(isValidIsoDate('2024-2-1')).toBe(false)
  })
})
