import { describe, expect, it } from 'vitest'
import {
  describePeriod,
  periodChoices,
  presetPeriod,
  previousPeriod,
  readPeriodQuery,
} from '../../../src/modules/dataset/schema.js'

describe('periods', () => {
  it.each([
    ['2025-10', '2025-10-01', '2025-10-31', 'October 2025'],
    ['2024-02', '2024-02-01', '2024-02-29', 'February 2024'],
    ['q1-2025-26', '2025-04-01', '2025-06-30', 'Quarter 1, 2025 to 2026'],
    ['q4-2025-26', '2026-01-01', '2026-03-31', 'Quarter 4, 2025 to 2026'],
    ['fy-2025-26', '2025-04-01', '2026-03-31', 'Financial year 2025 to 2026'],
  ])('reads the preset %s as %s to %s, %s', (preset, from, to, label) => {
    expect(presetPeriod(preset)).toEqual({ from, to, label })
  })

  it.each(['2025-13', '2025-00', 'q5-2025-26', 'fy-25-26', 'last month'])(
    'knows no preset %s',
    preset => {
      expect(presetPeriod(preset)).toBeNull()
    },
  )

  it.each([
    ['2025-10-01', '2025-10-31', '2025-09-01', '2025-09-30'],
    ['2025-03-01', '2025-03-31', '2025-02-01', '2025-02-28'],
    ['2026-01-01', '2026-03-31', '2025-10-01', '2025-12-31'],
    ['2025-04-01', '2026-03-31', '2024-04-01', '2025-03-31'],
    ['2025-10-01', '2025-10-15', '2025-09-16', '2025-09-30'],
    ['2025-10-05', '2025-10-05', '2025-10-04', '2025-10-04'],
  ])('compares %s to %s with %s to %s', (from, to, previousFrom, previousTo) => {
    const previous = previousPeriod({ from, to, label: describePeriod(from, to) })
    expect([previous.from, previous.to]).toEqual([previousFrom, previousTo])
  })

  it('offers 5 financial years, 8 quarters and 13 months, the latest first', () => {
    const choices = periodChoices('2025-11-22')
    expect(choices).toHaveLength(26)
    expect(choices[0]).toEqual({ value: 'fy-2025-26', text: 'Financial year 2025 to 2026' })
    expect(choices[5]).toEqual({ value: 'q3-2025-26', text: 'Quarter 3, 2025 to 2026' })
    expect(choices[13]).toEqual({ value: '2025-11', text: 'November 2025' })
    for (const choice of choices) expect(presetPeriod(choice.value)?.label).toBe(choice.text)
  })

  it('reads date boxes, ISO dates and presets, and defaults to last month', () => {
    const boxes = readPeriodQuery(
      {
        'from-day': '1',
        'from-month': '10',
        'from-year': '2025',
        'to-day': '15',
        'to-month': '10',
        'to-year': '2025',
      },
      '2025-11-22',
    )
    expect(boxes).toMatchObject({ ok: true, period: { from: '2025-10-01', to: '2025-10-15' } })
    expect(readPeriodQuery({ from: '2025-10-01', to: '2025-10-02' }, '2025-11-22')).toMatchObject({
      ok: true,
      period: { from: '2025-10-01', to: '2025-10-02' },
    })
    expect(readPeriodQuery({}, '2026-01-10')).toMatchObject({
      ok: true,
      period: { from: '2025-12-01', to: '2025-12-31', label: 'December 2025' },
    })
  })

  it('refuses a period of more than 5 years by a day', () => {
    const result = readPeriodQuery({ from: '2020-04-01', to: '2025-04-01' }, '2025-11-22')
    expect(result).toMatchObject({
      ok: false,
      errors: { fields: { 'to-day': { text: 'The period must be 5 years or shorter' } } },
    })
  })
})
