import { describe, expect, it } from 'vitest'
import {
  isSmallCount,
  suppressCount,
  suppressDerived,
  suppressSeries,
  suppressTable,
} from '../../src/platform/suppression.js'

const publish = { publish: true }
const internal = { publish: false }

describe('small-number suppression', () => {
  it('holds back counts from 1 to 5 and shows 0 and 6', () => {
    expect([0, 1, 5, 6].map(isSmallCount)).toEqual([false, true, true, false])
    expect(suppressCount(0, publish)).toBe(0)
    expect(suppressCount(1, publish)).toBe('c')
    expect(suppressCount(5, publish)).toBe('c')
    expect(suppressCount(6, publish)).toBe(6)
  })

  it('shows every figure on internal pages', () => {
    expect(suppressCount(3, internal)).toBe(3)
    expect(suppressDerived(50, { numerator: 3, denominator: 6 }, internal)).toBe(50)
    expect(suppressSeries([3, 10, 12], { ...internal, total: true })).toEqual({
      values: [3, 10, 12],
      total: 25,
    })
  })

  it('holds back a rate whose numerator or denominator is small', () => {
    expect(suppressDerived(12.5, { numerator: 4, denominator: 32 }, publish)).toBe('c')
    expect(suppressDerived(40, { numerator: 2 * 10, denominator: 50 }, publish)).toBe(40)
    expect(suppressDerived(100, { numerator: 0, denominator: 3 }, publish)).toBe('c')
    expect(suppressDerived(7.1, { numerator: 71 }, publish)).toBe(7.1)
  })

  it('holds back a second value when one small count and the total would reveal it', () => {
    // 25 - 10 - 12 = 3: with the total shown, the smallest other value (10) goes too.
    expect(suppressSeries([3, 10, 12], { ...publish, total: true })).toEqual({
      values: ['c', 'c', 12],
      total: 25,
    })
    // No total: nothing can be worked out, so only the small count goes.
    expect(suppressSeries([3, 10, 12], { ...publish, total: false }).values).toEqual(['c', 10, 12])
    // Two small counts already protect each other.
    expect(suppressSeries([3, 4, 12], { ...publish, total: true }).values).toEqual(['c', 'c', 12])
  })

  it('holds back the total when the small count is the only non-zero other cell', () => {
    expect(suppressSeries([0, 4, 0], { ...publish, total: true })).toEqual({
      values: [0, 'c', 0],
      total: 'c',
    })
  })

  it('suppresses across rows and columns until no suppressed count can be worked out', () => {
    const table = suppressTable(
      [
        [2, 20, 30],
        [40, 50, 60],
      ],
      { ...publish, rowTotals: true, columnTotals: true },
    )
    // Row 1: 2 held, so 20 too. Column 1: 2 held, so 40 too. Then column 2 (20 held) needs 50,
    // and row 2 (40, 50 held) is safe.
    expect(table.cells).toEqual([
      ['c', 'c', 30],
      ['c', 'c', 60],
    ])
    expect(table.rowTotals).toEqual([52, 150])
    expect(table.columnTotals).toEqual([42, 70, 90])
  })
})
