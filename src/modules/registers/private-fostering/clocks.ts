import { addCalendarDays, addCalendarMonths } from '../../../platform/working-days.js'
import type { WorkingDayCalendar } from '../../../platform/working-days.js'

/**
 * Private fostering visits (the Children (Private Arrangements for Fostering) Regulations 2005,
 * regulations 4 and 8): the first visit within 7 working days of the notification, then at
 * intervals of not more than 6 weeks in the first year of the arrangement and not more than 12
 * weeks after it.
 */

export const FIRST_VISIT_WORKING_DAYS = 7
export const FIRST_YEAR_INTERVAL_DAYS = 42
export const LATER_INTERVAL_DAYS = 84

/** The last day the first visit is on time. */
export function firstVisitDue(notifiedOn: string, calendar: WorkingDayCalendar): string {
  return calendar.addWorkingDays(notifiedOn, FIRST_VISIT_WORKING_DAYS)
}

/** The last day the visit after one on `lastVisitOn` is on time. */
export function nextVisitDue(arrangementStart: string, lastVisitOn: string): string {
  const firstYearEnds = addCalendarMonths(arrangementStart, 12)
  const interval = lastVisitOn < firstYearEnds ? FIRST_YEAR_INTERVAL_DAYS : LATER_INTERVAL_DAYS
  return addCalendarDays(lastVisitOn, interval)
}

export interface VisitTiming {
  visitedOn: string
  dueOn: string
  onTime: boolean
}

/** Each visit, earliest first, with the day it was due and whether it was on time. */
export function visitTimings(
  arrangement: { notifiedOn: string; arrangementStart: string },
  visitedOns: readonly string[],
  calendar: WorkingDayCalendar,
): VisitTiming[] {
  const sorted = [...visitedOns].sort()
  return sorted.map((visitedOn, index) => {
    const previous = sorted[index - 1]
    const dueOn = previous
      ? nextVisitDue(arrangement.arrangementStart, previous)
      : firstVisitDue(arrangement.notifiedOn, calendar)
    return { visitedOn, dueOn, onTime: visitedOn <= dueOn }
  })
}

/** The day the next visit is due, given the visits so far. */
export function upcomingVisitDue(
  arrangement: { notifiedOn: string; arrangementStart: string },
  visitedOns: readonly string[],
  calendar: WorkingDayCalendar,
): string {
  const last = [...visitedOns].sort().at(-1)
  return last
    ? nextVisitDue(arrangement.arrangementStart, last)
    : firstVisitDue(arrangement.notifiedOn, calendar)
}

/** Whole years between a birth date and a day: now the platform's, kept here for its callers. */
export { ageOn } from '../../../platform/calendar.js'
