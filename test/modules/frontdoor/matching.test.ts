import { describe, expect, it } from 'vitest'
import { dueAtFor, monthsBefore } from '../../../src/modules/frontdoor/decisions.js'
import {
  likelyMatches,
  nameSimilarity,
  scoreMatch,
  type CandidateRecord,
} from '../../../src/modules/frontdoor/matching.js'
import { englandAndWales } from '../../../src/platform/working-days.js'

const TODAY = '2026-11-22'
const AMIRA = {
  givenName: 'Amira',
  familyName: 'Khan',
  birthDate: '2018-04-03',
  approximateAge: null,
}

function record(values: Partial<CandidateRecord>): CandidateRecord {
  return {
    id: values.laChildId ?? 'id',
    laChildId: 'C1',
    upn: null,
    formerUpn: null,
    givenName: null,
    familyName: null,
    birthDate: null,
    ...values,
  }
}

describe('name similarity', () => {
  it.each([
    ['Khan', 'Khan', 1],
    ['Khan', 'KHAN', 1],
    ['Zoë', 'Zoe', 1],
    ['', 'Khan', 0],
  ])('%s and %s score %d', (a, b, expected) => {
    expect(nameSimilarity(a, b)).toBe(expected)
  })

  it.each([
    ['Khan', 'Kahn'],
    ['Amira', 'Amirah'],
    ['Mohammed', 'Muhammad'],
  ])('finds %s and %s similar', (a, b) => {
    expect(nameSimilarity(a, b)).toBeGreaterThanOrEqual(0.85)
  })

  it.each([
    ['Khan', 'Smith'],
    ['Amira', 'Oliver'],
  ])('finds %s and %s different', (a, b) => {
    expect(nameSimilarity(a, b)).toBeLessThan(0.85)
  })
})

describe('scoring a candidate record', () => {
  it.each([
    [
      'same name and date of birth',
      record({ givenName: 'Amira', familyName: 'Khan', birthDate: '2018-04-03' }),
      ['Same date of birth', 'Same family name', 'Same first name'],
    ],
    [
      'a census record with no name',
      record({ birthDate: '2018-04-03' }),
      ['Same date of birth', 'Imported from the census: no name held'],
    ],
    [
      'day and month swapped',
      record({ givenName: 'Amira', familyName: 'Khan', birthDate: '2018-03-04' }),
      ['Date of birth with day and month swapped', 'Same family name', 'Same first name'],
    ],
    ['nothing in common', record({ givenName: 'Oliver', birthDate: '2015-01-01' }), []],
  ])('%s', (_, candidate, reasons) => {
    expect(scoreMatch(AMIRA, candidate, { today: TODAY }).reasons).toEqual(reasons)
  })

  it('scores an identifier the practitioner typed', () => {
    const candidate = record({ upn: 'A123456789012' })
    expect(scoreMatch(AMIRA, candidate, { today: TODAY, identifier: 'a123456789012' })).toEqual({
      score: 100,
      reasons: ['Same UPN', 'Imported from the census: no name held'],
    })
  })

  it('uses an approximate age when there is no date of birth', () => {
    const child = { givenName: 'Amy', familyName: null, birthDate: null, approximateAge: 7 }
    expect(
      scoreMatch(child, record({ birthDate: '2019-01-01' }), { today: TODAY }).reasons,
    ).toEqual(['Age fits (7)', 'Imported from the census: no name held'])
  })

  it('leaves out weak matches and keeps the best five', () => {
    const records = [
      record({ laChildId: 'weak', givenName: 'Amira' }),
      ...Array.from({ length: 7 }, (_, i) =>
        record({ laChildId: `C${String(i)}`, birthDate: '2018-04-03' }),
      ),
    ]
    const matches = likelyMatches(AMIRA, records, { today: TODAY })
    expect(matches).toHaveLength(5)
    expect(matches.map(m => m.record.laChildId)).not.toContain('weak')
  })
})

describe('the decision clock by RAG rating', () => {
  const timescales = { redHours: 4, amberWorkingDays: 1, greenWorkingDays: 2 }
  // Friday 20 November 2026, 15:00 in London (GMT).
  const friday = new Date('2026-11-20T15:00:00Z')

  it.each([
    ['red', '2026-11-20T19:00:00.000Z'],
    ['amber', '2026-11-23T15:00:00.000Z'],
    ['green', '2026-11-24T15:00:00.000Z'],
  ] as const)('%s is due at %s', (rag, due) => {
    expect(dueAtFor(friday, rag, timescales, englandAndWales).toISOString()).toBe(due)
  })

  it('skips a partnership’s own holiday', () => {
    const calendar = englandAndWales.withExtraHolidays(['2026-11-23'])
    expect(dueAtFor(friday, 'amber', timescales, calendar).toISOString()).toBe(
      '2026-11-24T15:00:00.000Z',
    )
  })
})

describe('12 months before', () => {
  it.each([
    ['2026-11-22', 12, '2025-11-22'],
    ['2024-02-29', 12, '2023-02-28'],
    ['2026-01-15', 1, '2025-12-15'],
    ['2026-03-31', 1, '2026-02-28'],
  ])('%s minus %d months is %s', (date, months, expected) => {
    expect(monthsBefore(date, months)).toBe(expected)
  })
})
