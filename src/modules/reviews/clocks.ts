import { addCalendarMonths, type WorkingDayCalendar } from '../../platform/working-days.js'

/**
 * The statutory clocks of a case review (Working Together 2023, chapter 5). The day the clock
 * starts is not counted: aware on a Friday, the first working day is the Monday.
 */
export const NOTIFICATION_WORKING_DAYS = 5
export const RAPID_REVIEW_WORKING_DAYS = 15
/** The national panel expects a local review published within six months of the decision. */
export const PUBLICATION_MONTHS = 6

/** The serious incident notification is due within 5 working days of the partnership becoming aware. */
export function notificationDueOn(awareOn: string, calendar: WorkingDayCalendar): string {
  return calendar.addWorkingDays(awareOn, NOTIFICATION_WORKING_DAYS)
}

/** The rapid review is due within 15 working days of the notification. */
export function rapidReviewDueOn(notifiedOn: string, calendar: WorkingDayCalendar): string {
  return calendar.addWorkingDays(notifiedOn, RAPID_REVIEW_WORKING_DAYS)
}

export function publicationTargetOn(decidedOn: string): string {
  return addCalendarMonths(decidedOn, PUBLICATION_MONTHS)
}

export type ClockState = 'done-on-time' | 'done-late' | 'due' | 'overdue'

/** Where a clock stands: done by its due date or after it, or still running on `today`. */
export function clockState(dueOn: string, doneOn: string | null, today: string): ClockState {
  if (doneOn) return doneOn <= dueOn ? 'done-on-time' : 'done-late'
  return today > dueOn ? 'overdue' : 'due'
}

export const CLOCK_STATE_NAMES: Record<ClockState, string> = {
  'done-on-time': 'Done on time',
  'done-late': 'Done late',
  due: 'Due',
  overdue: 'Overdue',
}
