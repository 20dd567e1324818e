import { describe, expect, it } from 'vitest'
import { earliestChildBirthDate } from '../../../src/modules/frontdoor/schema.js'
import {
  decisionDueAt,
  formatReference,
  referencePrefix,
} from '../../../src/modules/frontdoor/service.js'
import { londonInstant } from '../../../src/platform/calendar.js'
import { englandAndWales } from '../../../src/platform/working-days.js'

describe('the decision clock', () => {
  it.each([
    ['Wednesday afternoon, summer time', '2026-06-17T14:30:00Z', '2026-06-18T14:30:00Z'],
    ['Friday 15:00 London, due Monday', '2026-06-19T14:00:00Z', '2026-06-22T14:00:00Z'],
    ['Saturday, due Monday', '2026-06-20T09:00:00Z', '2026-06-22T09:00:00Z'],
    [
      'Friday before the May bank holiday, due Tuesday',
      '2026-05-01T10:00:00Z',
      '2026-05-05T10:00:00Z',
    ],
    ['Christmas Eve, due after Boxing Day', '2026-12-24T16:00:00Z', '2026-12-29T16:00:00Z'],
    [
      'across the clocks going back: same London time',
      '2026-10-23T13:00:00Z',
      '2026-10-26T14:00:00Z',
    ],
  ])('%s', (_label, received, due) => {
    expect(decisionDueAt(new Date(received)).toISOString()).toBe(new Date(due).toISOString())
  })

  it('counts a partnership’s own holidays', () => {
    const calendar = englandAndWales.withExtraHolidays(['2026-06-18'])
    expect(decisionDueAt(new Date('2026-06-17T14:30:00Z'), calendar).toISOString()).toBe(
      '2026-06-19T14:30:00.000Z',
    )
  })

  it('turns London wall-clock time into an instant in winter and summer', () => {
    expect(londonInstant('2026-01-15', 9 * 3600).toISOString()).toBe('2026-01-15T09:00:00.000Z')
    expect(londonInstant('2026-07-15', 9 * 3600).toISOString()).toBe('2026-07-15T08:00:00.000Z')
  })
})

describe('reference numbers', () => {
  it.each([
    ['Northbridge Safeguarding Children Partnership', 'NSCP'],
    ['Milton Keynes Together', 'MKT'],
    ['Birmingham Safeguarding Children Partnership', 'BSCP'],
    ['Children and Families of the North', 'CFN'],
    ['123', 'REF'],
  ])('%s is %s', (name, prefix) => {
    expect(referencePrefix(name)).toBe(prefix)
  })

  it('pads the number to six digits', () => {
    expect(formatReference('NSCP', 2026, 123)).toBe('NSCP-2026-000123')
  })
})

describe('the age limit of a child', () => {
  it.each([
    ['2026-11-22', '2008-11-23'],
    ['2028-02-29', '2010-03-01'],
    ['2026-12-31', '2009-01-01'],
  ])('on %s a child was born on or after %s', (today, earliest) => {
    expect(earliestChildBirthDate(today)).toBe(earliest)
  })
})
