/**
 * The statutory clocks of the child protection journey, as pure functions of dates, the
 * partnership's settings and its working-day calendar. Working Together: the initial conference
 * within 15 working days of the strategy discussion (of the last one, when there were several);
 * the first core group within 10 working days of the initial conference; the first review within
 * 3 months, then no more than 6 months apart. Pre-birth timescales are local, so they are settings.
 */
import {
  addCalendarDays,
  addCalendarMonths,
  englandAndWales,
  type IsoDate,
  type WorkingDayCalendar,
} from '../../platform/working-days.js'

export interface ProtectionTimescales {
  icpcWorkingDays: number
  coreGroupWorkingDays: number
  firstReviewMonths: number
  reviewIntervalMonths: number
  /** Agencies' reports are due this many working days before the conference. */
  reportDueWorkingDays: number
  /** A pre-birth initial conference is held by this week of pregnancy. */
  preBirthIcpcByWeek: number
  /** A pre-birth plan's first review falls this many working days after the birth. */
  preBirthReviewWorkingDays: number
  /** A child on a plan is visited again within this many working days of the last visit. */
  visitWorkingDays: number
}

export const DEFAULT_PROTECTION_TIMESCALES: ProtectionTimescales = {
  icpcWorkingDays: 15,
  coreGroupWorkingDays: 10,
  firstReviewMonths: 3,
  reviewIntervalMonths: 6,
  reportDueWorkingDays: 3,
  preBirthIcpcByWeek: 32,
  preBirthReviewWorkingDays: 20,
  visitWorkingDays: 10,
}

/** Working Together: an assessment completes within 45 working days of the referral's decision. */
export const ASSESSMENT_WORKING_DAYS = 45
/** Local practice: a child in need plan is reviewed at least every 3 months. */
export const CIN_PLAN_REVIEW_MONTHS = 3

const FULL_TERM_WEEKS = 40

/** The initial conference's target: N working days after the (last) strategy discussion. */
export function icpcTargetDate(
  strategyHeldOn: IsoDate,
  timescales: ProtectionTimescales,
  calendar: WorkingDayCalendar = englandAndWales,
): IsoDate {
  return calendar.addWorkingDays(strategyHeldOn, timescales.icpcWorkingDays)
}

/**
 * A pre-birth initial conference's target: the usual working-day target, brought forward to the
 * set week of pregnancy when that comes sooner and is still after the strategy discussion.
 */
export function preBirthIcpcTargetDate(
  strategyHeldOn: IsoDate,
  expectedBirthDate: IsoDate,
  timescales: ProtectionTimescales,
  calendar: WorkingDayCalendar = englandAndWales,
): IsoDate {
  const usual = icpcTargetDate(strategyHeldOn, timescales, calendar)
  const byWeek = addCalendarDays(
    expectedBirthDate,
    -7 * (FULL_TERM_WEEKS - timescales.preBirthIcpcByWeek),
  )
  return byWeek > strategyHeldOn && byWeek < usual ? byWeek : usual
}

/** The first core group meeting is due N working days after the initial conference. */
export function firstCoreGroupDueDate(
  icpcHeldOn: IsoDate,
  timescales: ProtectionTimescales,
  calendar: WorkingDayCalendar = englandAndWales,
): IsoDate {
  return calendar.addWorkingDays(icpcHeldOn, timescales.coreGroupWorkingDays)
}

export interface FirstReviewInput {
  icpcHeldOn: IsoDate
  preBirth: boolean
  /** For a pre-birth plan: the birth date once known, else the expected date (a provisional target). */
  birthDate?: IsoDate | null
  expectedBirthDate?: IsoDate | null
}

/**
 * The first review conference's target: months after the initial conference or, for a pre-birth
 * plan, working days after the birth (the expected date until the child is born).
 */
export function firstReviewDueDate(
  input: FirstReviewInput,
  timescales: ProtectionTimescales,
  calendar: WorkingDayCalendar = englandAndWales,
): IsoDate {
  const birth = input.birthDate ?? input.expectedBirthDate
  if (input.preBirth && birth) {
    return calendar.addWorkingDays(birth, timescales.preBirthReviewWorkingDays)
  }
  return addCalendarMonths(input.icpcHeldOn, timescales.firstReviewMonths)
}

/** Each later review falls no more than N months after the previous one. */
export function nextReviewDueDate(lastReviewHeldOn: IsoDate, timescales: ProtectionTimescales) {
  return addCalendarMonths(lastReviewHeldOn, timescales.reviewIntervalMonths)
}

/** Agencies' reports are due N working days before the conference day. */
export function reportDueDate(
  conferenceDate: IsoDate,
  timescales: ProtectionTimescales,
  calendar: WorkingDayCalendar = englandAndWales,
): IsoDate {
  return calendar.addWorkingDays(conferenceDate, -timescales.reportDueWorkingDays)
}
