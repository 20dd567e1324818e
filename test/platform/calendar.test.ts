import { describe, expect, it } from 'vitest'
import {
  dateOfDateOnlyValue,
  londonDate,
  londonInstant,
  londonParts,
  londonStartOfDay,
  londonToday,
} from '../../src/platform/calendar.js'
import { formatDate, formatDateTime, formatTime } from '../../src/platform/http/web.js'

describe('the London calendar', () => {
  it('is already tomorrow in London between 23:00 and midnight UTC in summer', () => {
    const justAfterLondonMidnight = new Date('2026-07-14T23:30:00Z')
    expect(londonToday(justAfterLondonMidnight)).toBe('2026-07-15')
    expect(londonDate(justAfterLondonMidnight)).toBe('2026-07-15')
  })

  it('is the UTC date in winter', () => {
    expect(londonToday(new Date('2026-12-14T23:30:00Z'))).toBe('2026-12-14')
  })

  it('makes instants from London wall times on both sides of the clock changes', () => {
    expect(londonInstant('2026-07-15', 10 * 3600).toISOString()).toBe('2026-07-15T09:00:00.000Z')
    expect(londonInstant('2026-12-15', 10 * 3600).toISOString()).toBe('2026-12-15T10:00:00.000Z')
    expect(londonStartOfDay('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z')
    expect(londonStartOfDay('2026-03-30').toISOString()).toBe('2026-03-29T23:00:00.000Z')
  })

  it('gives the time zone database’s date and time for every instant, clock changes included', () => {
    const zone = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      dateStyle: 'short',
      timeStyle: 'medium',
      hourCycle: 'h23',
    })
    const expected = (instant: Date) => {
      const [day, month, year, hour, minute, second] = zone.format(instant).split(/\D+/).map(Number)
      const date = `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
      return { date, seconds: (hour ?? 0) * 3600 + (minute ?? 0) * 60 + (second ?? 0) }
    }
    const instants: Date[] = []
    // Each hour either side of the clock changes from 1968 (British Standard Time) to 2040,
    // and a spread of instants from 1900 to 2100 (seeded: the same every run).
    for (let year = 1968; year <= 2040; year++) {
      for (const month of [2, 3, 9, 10]) {
        for (let day = 1; day <= 31; day += 1) {
          for (const hour of [0, 1, 2, 3])
            instants.push(new Date(Date.UTC(year, month, day, hour, 59, 59)))
        }
      }
    }
    let seed = 17
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 48271) % 2147483647
      instants.push(
        new Date(Date.UTC(1900, 0, 1) + (seed / 2147483647) * 200 * 365.25 * 86_400_000),
      )
    }
    const wrong = instants.filter(instant => {
      const [found, wanted] = [londonParts(instant), expected(instant)]
      return found.date !== wanted.date || found.seconds !== wanted.seconds
    })
    expect(wrong.map(instant => instant.toISOString())).toEqual([])
    expect(() => londonParts(new Date('not a date'))).toThrow(RangeError)
  })

  it('reads a date-only value by its UTC day', () => {
    expect(dateOfDateOnlyValue(new Date(Date.UTC(2026, 6, 15)))).toBe('2026-07-15')
  })
})

describe('dates and times as pages show them', () => {
  const intlDate = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  })
  const intlClock = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  })

  it('say what the time zone database says, in GOV.UK style', () => {
    let seed = 5
    for (let i = 0; i < 3000; i++) {
      seed = (seed * 48271) % 2147483647
      const instant = new Date(
        Date.UTC(1990, 0, 1) + (seed / 2147483647) * 50 * 365.25 * 86_400_000,
      )
      const clock = intlClock.format(instant).replace(' ', '').toLowerCase()
      expect(formatTime(instant)).toBe(clock.replace(/^0:/, '12:'))
      expect(formatDateTime(instant)).toBe(`${intlDate.format(instant)} at ${formatTime(instant)}`)
      const day = londonDate(instant)
      expect(formatDate(day)).toBe(intlDate.format(new Date(`${day}T12:00:00Z`)))
    }
    expect(formatDateTime(new Date('2026-07-14T23:30:00Z'))).toBe('15 July 2026 at 12:30am')
    expect(formatTime('14:05')).toBe('2:05pm')
    expect(formatTime('soon')).toBe('soon')
    expect(formatDate('2026-04-01')).toBe('1 April 2026')
    expect(formatDate('')).toBe('')
  })
})
