import { describe, expect, it } from 'vitest'
import { categoryName, rankedCategory } from '../../../src/modules/cdop/categories.js'
import { ageGroup } from '../../../src/modules/cdop/export.js'
import { roundedShares } from '../../../src/modules/cdop/figures.js'
import { suppressCount, suppressSeries } from '../../../src/platform/suppression.js'

// CDOP publishes its figures through the platform's suppression, each row with its total.
const suppressCells = (counts: number[]) =>
  suppressSeries(counts, { publish: true, total: true }).values

describe('the category the national analysis form records', () => {
  it.each([
    [[8], 8],
    [[8, 3], 3],
    [[10, 9, 7], 7],
    [[2, 1, 10], 1],
    [[4, 5, 6, 7, 8, 9, 10], 4],
    [[10], 10],
    [[], null],
    [[0, 11], null],
  ])('of %j applying, records %s', (applicable, expected) => {
    expect(rankedCategory(applicable)).toBe(expected)
  })

  it('names each category in the form’s words, and a missing one as unknown', () => {
    expect(categoryName(1)).toBe('Deliberately inflicted injury, abuse or neglect')
    expect(categoryName(8)).toBe('Perinatal/neonatal event')
    expect(categoryName(null)).toBe('Unknown')
  })
})

describe('percentages that add up to 100', () => {
  it('gives the spare points to the largest remainders, as the 2016/17 report shows', () => {
    // 31 reviews: 14, 6, 4, 2, 2, 2, 1 are 45.2, 19.4, 12.9, 6.5, 6.5, 6.5 and 3.2 per cent.
    expect(roundedShares([14, 6, 4, 2, 2, 2, 1])).toEqual([45, 19, 13, 7, 7, 6, 3])
  })

  it('gives nothing when there is nothing to share', () => {
    expect(roundedShares([0, 0])).toEqual([0, 0])
  })
})

describe('small-number suppression', () => {
  it('shows 1 to 5 as c, and 0 and 6 as they are', () => {
    expect([0, 1, 5, 6].map(count => suppressCount(count, { publish: true }))).toEqual([
      0,
      'c',
      'c',
      6,
    ])
  })

  it('suppresses the next smallest cell when only one is small, so the total cannot give it away', () => {
    expect(suppressCells([7, 22, 0])).toEqual([7, 22, 0])
    expect(suppressCells([3, 22, 9])).toEqual(['c', 22, 'c'])
    expect(suppressCells([14, 6, 4, 7])).toEqual([14, 'c', 'c', 7])
  })

  it('needs no second cell when two or more are already suppressed', () => {
    expect(suppressCells([14, 2, 2, 13])).toEqual([14, 'c', 'c', 13])
  })

  it('leaves a lone small cell alone when every other cell is zero (the total is small too)', () => {
    expect(suppressCells([0, 3, 0])).toEqual([0, 'c', 0])
  })
})

describe('the age groups of the national form', () => {
  it.each([
    ['2017-01-01', '2017-01-28', '0 to 27 days'],
    ['2017-01-01', '2017-01-29', '28 to 364 days'],
    ['2016-01-01', '2016-12-31', '28 to 364 days'],
    ['2016-01-01', '2017-01-01', '1 to 4 years'],
    ['2012-01-01', '2017-01-01', '5 to 9 years'],
    ['2007-01-01', '2017-01-01', '10 to 14 years'],
    ['2002-01-01', '2017-01-01', '15 to 17 years'],
    [null, '2017-01-01', 'Not known'],
  ])('born %s, died %s: %s', (born, died, group) => {
    expect(ageGroup(born, died)).toBe(group)
  })
})
