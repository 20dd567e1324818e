import { addCalendarMonths, type WorkingDayCalendar } from '../../platform/working-days.js'

/**
 * The designated officer considers an allegation within one working day of receiving it (Working
 * Together; Keeping children safe in education).
 */
export const INITIAL_CONSIDERATION_WORKING_DAYS = 1

export function initialConsiderationDue(receivedOn: string, calendar: WorkingDayCalendar): string {
  return calendar.addWorkingDays(receivedOn, INITIAL_CONSIDERATION_WORKING_DAYS)
}

/** How long an allegation took: the bands the national standards and annual reports count. */
export type DurationBand = 'within-one-month' | 'within-three-months' | 'over-three-months'

export const BAND_NAMES: Record<DurationBand, string> = {
  'within-one-month': 'Within one month',
  'within-three-months': 'Between one and three months',
  'over-three-months': 'Over three months',
}

/**
 * The band of an allegation closed on `closedOn`, or still open on `asOf`. One month is the same
 * day of the next month (31 January: 28 or 29 February); a case closed that day is within it.
 */
export function durationBand(receivedOn: string, closedOn: string): DurationBand {
  if (closedOn <= addCalendarMonths(receivedOn, 1)) return 'within-one-month'
  if (closedOn <= addCalendarMonths(receivedOn, 3)) return 'within-three-months'
  return 'over-three-months'
}
