/**
 * The clocks of missing episodes. A return home interview is offered within 72 hours of the child
 * being found (Statutory guidance on children who run away or go missing from home or care, 2014).
 */

export const INTERVIEW_HOURS = 72
const HOUR_MS = 3_600_000

/** The latest instant an interview can be offered on time. */
export function interviewDueAt(foundAt: Date): Date {
  return new Date(foundAt.getTime() + INTERVIEW_HOURS * HOUR_MS)
}

/** Offered at or before 72 hours after being found. */
export function interviewOfferedOnTime(foundAt: Date, offeredAt: Date): boolean {
  return offeredAt.getTime() <= interviewDueAt(foundAt).getTime()
}

export interface RepeatRule {
  episodes: number
  days: number
}

/**
 * Whether a child is repeatedly missing on `asOf`: at least `rule.episodes` episodes reported in
 * the `rule.days` days up to and including that instant (a partnership setting, 3 in 90 by
 * default).
 */
export function isRepeatMissing(
  reportedAts: readonly Date[],
  rule: RepeatRule,
  asOf: Date,
): boolean {
  const from = asOf.getTime() - rule.days * 24 * HOUR_MS
  const recent = reportedAts.filter(at => at.getTime() > from && at.getTime() <= asOf.getTime())
  return recent.length >= rule.episodes
}
