import { describe, expect, it } from 'vitest'
import { durationBand, initialConsiderationDue } from '../../../src/modules/lado/clocks.js'
import { englandAndWales } from '../../../src/platform/working-days.js'

describe('the initial consideration: within one working day', () => {
  it.each([
    ['a Monday', '2017-03-06', '2017-03-07'],
    ['a Friday', '2017-03-10', '2017-03-13'],
    ['the Thursday before Good Friday', '2017-04-13', '2017-04-18'],
    ['Good Friday itself', '2017-04-14', '2017-04-18'],
    ['a Saturday', '2017-04-15', '2017-04-18'],
    ['the Friday before the early May bank holiday', '2017-04-28', '2017-05-02'],
    ['23 December, a Friday before Christmas on a Sunday', '2016-12-23', '2016-12-28'],
    ['the last working day of the year', '2016-12-30', '2017-01-03'],
  ])('received on %s (%s) is due %s', (_, received, due) => {
    expect(initialConsiderationDue(received, englandAndWales)).toBe(due)
  })

  it('counts a partnership’s own extra holiday', () => {
    const local = englandAndWales.withExtraHolidays(['2017-03-07'])
    expect(initialConsiderationDue('2017-03-06', local)).toBe('2017-03-08')
  })
})

describe('the one-month and three-month bands', () => {
  it.each([
    ['2017-01-10', '2017-02-10', 'within-one-month'],
    ['2017-01-10', '2017-02-11', 'within-three-months'],
    ['2017-01-31', '2017-02-28', 'within-one-month'],
    ['2017-01-31', '2017-03-01', 'within-three-months'],
    ['2016-01-31', '2016-02-29', 'within-one-month'],
    // Received on a bank holiday (Boxing Day) and closed a month later: months are calendar months.
    ['2016-12-26', '2017-01-26', 'within-one-month'],
    ['2016-12-26', '2017-01-27', 'within-three-months'],
    ['2016-12-26', '2017-03-26', 'within-three-months'],
    ['2016-12-26', '2017-03-27', 'over-three-months'],
    // Received on Good Friday 2017; three months later is 14 July.
    ['2017-04-14', '2017-07-14', 'within-three-months'],
    ['2017-04-14', '2017-07-15', 'over-three-months'],
    ['2017-05-01', '2017-05-01', 'within-one-month'],
  ])('received %s, closed %s: %s', (received, closed, band) => {
    expect(durationBand(received, closed)).toBe(band)
  })
})
