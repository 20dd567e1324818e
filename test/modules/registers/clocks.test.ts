import { describe, expect, it } from 'vitest'
import { londonInstant } from '../../../src/platform/calendar.js'
import { WorkingDayCalendar } from '../../../src/platform/working-days.js'
import {
  interviewDueAt,
  interviewOfferedOnTime,
  isRepeatMissing,
} from '../../../src/modules/registers/missing/clocks.js'
import {
  ageOn,
  firstVisitDue,
  nextVisitDue,
  upcomingVisitDue,
  visitTimings,
} from '../../../src/modules/registers/private-fostering/clocks.js'

const at = (date: string, hours: number, minutes = 0) =>
  londonInstant(date, hours * 3600 + minutes * 60)
const calendar = new WorkingDayCalendar()

describe('the return home interview: offered within 72 hours of being found', () => {
  const found = at('2026-11-03', 8, 15)

  it.each([
    ['on the dot of 72 hours', at('2026-11-06', 8, 15), true],
    ['a minute after 72 hours', at('2026-11-06', 8, 16), false],
    ['the next morning', at('2026-11-04', 9, 0), true],
  ])('%s', (_, offered, onTime) => {
    expect(interviewOfferedOnTime(found, offered)).toBe(onTime)
  })

  it('counts 72 real hours across the change of the clocks', () => {
    // British Summer Time ended at 02:00 on Sunday 25 October 2026: 72 hours after 08:00 on the
    // Friday is 07:00 on the Monday, London time.
    expect(interviewDueAt(at('2026-10-23', 8))).toEqual(at('2026-10-26', 7))
  })
})

describe('the repeat-missing flag: 3 episodes in 90 days by default', () => {
  const rule = { episodes: 3, days: 90 }
  const asOf = at('2026-12-01', 12)

  it('flags a third episode within 90 days', () => {
    const reports = [at('2026-09-03', 12, 1), at('2026-10-15', 9), at('2026-11-30', 23)]
    expect(isRepeatMissing(reports, rule, asOf)).toBe(true)
  })

  it('does not flag when the first of three is 90 days or more before', () => {
    const reports = [at('2026-09-02', 12), at('2026-10-15', 9), at('2026-11-30', 23)]
    expect(isRepeatMissing(reports, rule, asOf)).toBe(false)
  })

  it('does not count an episode reported after the day asked about', () => {
    const reports = [at('2026-10-01', 12), at('2026-11-15', 9), at('2026-12-02', 9)]
    expect(isRepeatMissing(reports, rule, asOf)).toBe(false)
  })

  it('follows the partnership’s own rule', () => {
    const reports = [at('2026-11-20', 12), at('2026-11-30', 9)]
    expect(isRepeatMissing(reports, { episodes: 2, days: 30 }, asOf)).toBe(true)
    expect(isRepeatMissing(reports, { episodes: 3, days: 30 }, asOf)).toBe(false)
  })
})

describe('private fostering visits', () => {
  it('wants the first visit within 7 working days of the notification, skipping weekends', () => {
    // Notified on Monday 2 November 2026: 7 working days later is Wednesday 11 November.
    expect(firstVisitDue('2026-11-02', calendar)).toBe('2026-11-11')
    const timings = (visit: string) =>
      visitTimings(
        { notifiedOn: '2026-11-02', arrangementStart: '2026-10-20' },
        [visit],
        calendar,
      )[0]
    expect(timings('2026-11-11')?.onTime).toBe(true)
    expect(timings('2026-11-12')?.onTime).toBe(false)
  })

  it('skips bank holidays, including the partnership’s own', () => {
    // Notified on Tuesday 22 December 2026: not Christmas Day, Boxing Day (Monday 28th in lieu),
    // New Year's Day or the weekends between. 23, 24, 29, 30, 31 December, 4 and 5 January.
    expect(firstVisitDue('2026-12-22', calendar)).toBe('2027-01-05')
    expect(firstVisitDue('2026-12-22', calendar.withExtraHolidays(['2026-12-31']))).toBe(
      '2027-01-06',
    )
  })

  it('wants visits every 6 weeks in the first year of the arrangement', () => {
    const arrangement = { notifiedOn: '2026-01-05', arrangementStart: '2026-01-05' }
    const onTime = (visits: string[]) =>
      visitTimings(arrangement, visits, calendar).map(v => v.onTime)
    // 42 days after 8 January is 19 February.
    expect(nextVisitDue('2026-01-05', '2026-01-08')).toBe('2026-02-19')
    expect(onTime(['2026-01-08', '2026-02-19'])).toEqual([true, true])
    expect(onTime(['2026-01-08', '2026-02-20'])).toEqual([true, false])
  })

  it('wants visits every 12 weeks after the first year', () => {
    // The first year of an arrangement that started on 5 January 2026 ends on 5 January 2027.
    expect(nextVisitDue('2026-01-05', '2027-01-04')).toBe('2027-02-15')
    expect(nextVisitDue('2026-01-05', '2027-01-05')).toBe('2027-03-30')
    const arrangement = { notifiedOn: '2026-01-05', arrangementStart: '2026-01-05' }
    const onTime = (visits: string[]) =>
      visitTimings(arrangement, visits, calendar).map(v => v.onTime)
    expect(onTime(['2026-01-08', '2027-01-05', '2027-03-30'])).toEqual([true, false, true])
    expect(onTime(['2026-01-08', '2027-01-05', '2027-03-31'])).toEqual([true, false, false])
  })

  it('says when the next visit is due', () => {
    const arrangement = { notifiedOn: '2026-11-02', arrangementStart: '2026-11-02' }
    expect(upcomingVisitDue(arrangement, [], calendar)).toBe('2026-11-11')
    expect(upcomingVisitDue(arrangement, ['2026-11-05'], calendar)).toBe('2026-12-17')
  })

  it.each([
    ['2010-04-03', '2026-04-02', 15],
    ['2010-04-03', '2026-04-03', 16],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
  ])('a child born on %s is, on %s, %i years old', (birth, day, age) => {
    expect(ageOn(birth, day)).toBe(age)
  })
})
