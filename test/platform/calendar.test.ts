import { describe, expect, it } from 'vitest'
import {
  dateOfDateOnlyValue,
  londonDate,
  londonInstant,
  londonStartOfDay,
  londonToday,
} from '../../src/platform/calendar.js'

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

  it('reads a date-only value by its UTC day', () => {
    expect(dateOfDateOnlyValue(new Date(Date.UTC(2026, 6, 15)))).toBe('2026-07-15')
  })
})
