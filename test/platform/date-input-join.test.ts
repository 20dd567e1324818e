import { describe, expect, it } from 'vitest'
import { joinDateInputs, writtenDate } from '../../src/platform/date-input.js'
import { HolidayForm } from '../../src/platform/routes/admin-schema.js'

describe('dates entered one way: GOV.UK date inputs joined for the schema (issue 19 point 5)', () => {
  it('joins the three boxes into the field, and leaves a body that names the field alone', () => {
    const boxes = { 'holidayOn-day': '29', 'holidayOn-month': '12', 'holidayOn-year': '2026', x: 1 }
    expect(joinDateInputs(boxes, ['holidayOn'])).toEqual({ holidayOn: '2026-12-29', x: 1 })
    expect(joinDateInputs({ holidayOn: '2026-12-29' }, ['holidayOn'])).toEqual({
      holidayOn: '2026-12-29',
    })
    const blank = { 'a-day': '', 'a-month': ' ', 'a-year': '' }
    expect(joinDateInputs(blank, ['a'])).toEqual({ a: '' })
    const bad = { 'a-day': '30', 'a-month': '2', 'a-year': '2026' }
    expect(joinDateInputs(bad, ['a'])).toEqual({ a: 'not-a-date' })
  })

  it('refuses a date that is not real with a message that gives an example in words', () => {
    const refused = HolidayForm.safeParse({
      'holidayOn-day': '30',
      'holidayOn-month': '2',
      'holidayOn-year': '2026',
      name: 'Nope',
    })
    expect(refused.success).toBe(false)
    expect(refused.error?.issues[0]?.message).toBe('Enter a real date, like 29 12 2026')
    const saved = HolidayForm.parse({
      'holidayOn-day': '1',
      'holidayOn-month': '5',
      'holidayOn-year': '2026',
      name: 'Local day',
    })
    expect(saved).toEqual({ holidayOn: '2026-05-01', name: 'Local day' })
  })

  it('reads a date of birth written 27/3/2019 or 2019-03-27 in a search', () => {
    expect(writtenDate('27/3/2019')).toBe('2019-03-27')
    expect(writtenDate('2019-03-27')).toBe('2019-03-27')
    expect(writtenDate('31/2/2019')).toBeNull()
    expect(writtenDate('Lowe')).toBeNull()
  })
})
