import { describe, expect, it } from 'vitest'
import {
  clockState,
  notificationDueOn,
  publicationTargetOn,
  rapidReviewDueOn,
} from '../../../src/modules/reviews/clocks.js'
import { englandAndWales } from '../../../src/platform/working-days.js'

describe('the serious incident notification: 5 working days from awareness', () => {
  it('counts a plain week without the day of awareness', () => {
    // Monday 9 November 2026: Tuesday to Friday, then Monday.
    expect(notificationDueOn('2026-11-09', englandAndWales)).toBe('2026-11-16')
  })

  it('steps over Christmas Day and the Boxing Day holiday moved to Monday 28 December 2026', () => {
    // Aware Monday 21 December: 22, 23, 24, (25 and 28 are bank holidays), 29, 30.
    expect(notificationDueOn('2026-12-21', englandAndWales)).toBe('2026-12-30')
    // Aware Friday 18 December: 21, 22, 23, 24, 29.
    expect(notificationDueOn('2026-12-18', englandAndWales)).toBe('2026-12-29')
  })

  it('starts from the next working day when the partnership becomes aware on a bank holiday', () => {
    // Aware on Good Friday 26 March 2027: Easter Monday does not count either, so 30 and
    // 31 March, 1, 2 and 5 April.
    expect(notificationDueOn('2027-03-26', englandAndWales)).toBe('2027-04-05')
  })

  it('takes a partnership’s own extra holidays into account', () => {
    const local = englandAndWales.withExtraHolidays(['2026-11-12'])
    expect(notificationDueOn('2026-11-09', local)).toBe('2026-11-17')
  })
})

describe('the rapid review: 15 working days from the notification', () => {
  it('counts three plain weeks', () => {
    expect(rapidReviewDueOn('2026-10-05', englandAndWales)).toBe('2026-10-26')
  })

  it('steps over Good Friday and Easter Monday 2027', () => {
    // Notified Friday 12 March 2027: 15-19 (5), 22-25 (9), 30, 31, 1, 2 April (13), 5, 6 (15).
    expect(rapidReviewDueOn('2027-03-12', englandAndWales)).toBe('2027-04-06')
  })

  it('steps over the Christmas holidays 2026', () => {
    // Notified Wednesday 16 December 2026: 17, 18, 21-24 (6), 29-31 (9), 1 Jan is a holiday,
    // 4-8 January (14), 11 January (15).
    expect(rapidReviewDueOn('2026-12-16', englandAndWales)).toBe('2027-01-11')
  })
})

describe('where a clock stands at its boundary', () => {
  it('is due on the due date, overdue the day after', () => {
    expect(clockState('2026-12-30', null, '2026-12-30')).toBe('due')
    expect(clockState('2026-12-30', null, '2026-12-31')).toBe('overdue')
  })

  it('is on time when done on the due date, late the day after', () => {
    expect(clockState('2026-12-30', '2026-12-30', '2027-01-05')).toBe('done-on-time')
    expect(clockState('2026-12-30', '2026-12-31', '2027-01-05')).toBe('done-late')
  })

  it('targets publication six calendar months after the decision, at the month’s end when shorter', () => {
    expect(publicationTargetOn('2026-06-15')).toBe('2026-12-15')
    expect(publicationTargetOn('2026-08-31')).toBe('2027-02-28')
  })
})
