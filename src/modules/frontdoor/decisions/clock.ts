/** The front door's clocks: when a decision is due, and the months that make a re-referral. */
import {
  addCalendarMonths,
  englandAndWales,
  type WorkingDayCalendar,
} from '../../../platform/working-days.js'
import { londonInstant, londonParts } from '../../../platform/calendar.js'
import type { RagRating } from '../table.js'

const HOUR_MS = 3_600_000
/** Working Together: a child referred again within 12 months of a previous referral. */
export const RE_REFERRAL_MONTHS = 12

export interface Timescales {
  redHours: number
  amberWorkingDays: number
  greenWorkingDays: number
}

export const DEFAULT_TIMESCALES: Timescales = {
  redHours: 4,
  amberWorkingDays: 1,
  greenWorkingDays: 1,
}

/**
 * When the decision is due for a RAG rating: red in clock hours after receipt; amber and green at
 * the same London time of day, that many working days later.
 */
export function dueAtFor(
  receivedAt: Date,
  rag: RagRating,
  timescales: Timescales,
  calendar: WorkingDayCalendar = englandAndWales,
): Date {
  if (rag === 'red') return new Date(receivedAt.getTime() + timescales.redHours * HOUR_MS)
  const days = rag === 'amber' ? timescales.amberWorkingDays : timescales.greenWorkingDays
  const { date, seconds } = londonParts(receivedAt)
  return londonInstant(calendar.addWorkingDays(date, days), seconds)
}

/** The date `months` before `date` (29 February goes to 28 February). */
export function monthsBefore(date: string, months: number): string {
  return addCalendarMonths(date, -months)
}

export { partnershipCalendarIn as calendarIn } from '../../../platform/admin.js'
