/**
 * Working days in England and Wales.
 *
 * Statutory timescales (Working Together to Safeguard Children) count working days: Monday to
 * Friday, less the bank holidays of England and Wales. Calendar dates are 'YYYY-MM-DD' strings
 * throughout; arithmetic is on whole UTC days so that clock changes never move a date.
 */

export type IsoDate = string

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000

export const BUILT_IN_HOLIDAY_YEARS: { from: number; to: number } = { from: 2010, to: 2030 }

/** Days since 1970-01-01 for a valid ISO date; throws on anything else. */
export function toDayNumber(date: IsoDate): number {
  const match = ISO_DATE.exec(date)
  if (!match) throw new RangeError(`Not a calendar date: ${date}`)
  const [, y, m, d] = match.map(Number) as [number, number, number, number]
  const ms = Date.UTC(y, m - 1, d)
  if (fromDayNumber(ms / MS_PER_DAY) !== date) throw new RangeError(`Not a calendar date: ${date}`)
  return ms / MS_PER_DAY
}

/**
 * The date of a day number, by arithmetic (civil-from-days, after Howard Hinnant's algorithm):
 * the working-day clocks call this for every day they step over.
 */
export function fromDayNumber(dayNumber: number): IsoDate {
  const z = Math.floor(dayNumber) + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  if (year < 0 || year > 9999)
    throw new RangeError(`Outside the years 0000 to 9999: day ${String(dayNumber)}`)
  const twoDigits = (value: number) => String(value).padStart(2, '0')
  return `${String(year).padStart(4, '0')}-${twoDigits(month)}-${twoDigits(day)}`
}

/** Calendar months later (earlier when negative), clamped to a shorter month's end: 31 May + 1 is 30 June. */
export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number)
  const target = new Date(Date.UTC(year, month - 1 + months, 1))
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(day, last))
  return target.toISOString().slice(0, 10)
}

export function isValidIsoDate(date: string): boolean {
  try {
    toDayNumber(date)
    return true
  } catch {
    return false
  }
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days)
}

function weekday(day: number): number {
  // 1970-01-01 was a Thursday (4); 0 is Sunday.
  return (((day + 4) % 7) + 7) % 7
}

function isWeekend(day: number): boolean {
  const dow = weekday(day)
  return dow === 0 || dow === 6
}

/** Saturday or Sunday, for an ISO date; false for text that is not a calendar date. */
export function isWeekendDate(date: string): boolean {
  return isValidIsoDate(date) && isWeekend(toDayNumber(date))
}

function dayNumber(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY
}

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(year: number): number {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1
  return dayNumber(year, month, dayOfMonth)
}

function firstMonday(year: number, month: number): number {
  const first = dayNumber(year, month, 1)
  return first + ((8 - weekday(first)) % 7)
}

function lastMonday(year: number, month: number): number {
  const last = dayNumber(year, month + 1, 1) - 1
  return last - ((weekday(last) + 6) % 7)
}

/** A fixed-date holiday that falls on a weekend is observed on the next free weekday. */
function substitute(day: number, taken: Set<number>): number {
  let observed = day
  while (isWeekend(observed) || taken.has(observed)) observed += 1
  return observed
}

// Royal proclamations that moved or added bank holidays (gov.uk/bank-holidays).
const MOVED_HOLIDAYS: Record<string, { from: IsoDate; to: IsoDate }[]> = {
  '2012': [{ from: '2012-05-28', to: '2012-06-04' }],
  '2020': [{ from: '2020-05-04', to: '2020-05-08' }],
  '2022': [{ from: '2022-05-30', to: '2022-06-02' }],
}
const EXTRA_HOLIDAYS: IsoDate[] = [
  '2011-04-29', // Royal wedding
  '2012-06-05', // Diamond Jubilee
  '2022-06-03', // Platinum Jubilee
  '2022-09-19', // State funeral of Queen Elizabeth II
  '2023-05-08', // Coronation of King Charles III
]

/** England and Wales bank holidays for one year, sorted. */
export function englandAndWalesBankHolidays(year: number): IsoDate[] {
  const days = new Set<number>()
  days.add(substitute(dayNumber(year, 1, 1), days))
  const easter = easterSunday(year)
  days.add(easter - 2)
  days.add(easter + 1)
  days.add(firstMonday(year, 5))
  days.add(lastMonday(year, 5))
  days.add(lastMonday(year, 8))
  const christmas = substitute(dayNumber(year, 12, 25), days)
  days.add(christmas)
  days.add(substitute(dayNumber(year, 12, 26), days))

  for (const { from, to } of MOVED_HOLIDAYS[String(year)] ?? []) {
    days.delete(toDayNumber(from))
    days.add(toDayNumber(to))
  }
  for (const extra of EXTRA_HOLIDAYS) if (extra.startsWith(`${year}-`)) days.add(toDayNumber(extra))

  return [...days].sort((a, b) => a - b).map(fromDayNumber)
}

export function builtInBankHolidays(): IsoDate[] {
  const all: IsoDate[] = []
  for (let year = BUILT_IN_HOLIDAY_YEARS.from; year <= BUILT_IN_HOLIDAY_YEARS.to; year++) {
    all.push(...englandAndWalesBankHolidays(year))
  }
  return all
}

/**
 * A calendar of working days: weekdays that are not holidays. Partnerships extend the built-in
 * bank holidays with their own (see the bank_holiday table).
 */
export class WorkingDayCalendar {
  private readonly holidays: Set<number>

  constructor(holidays: Iterable<IsoDate> = builtInBankHolidays()) {
    this.holidays = new Set([...holidays].map(toDayNumber))
  }

  withExtraHolidays(extra: Iterable<IsoDate>): WorkingDayCalendar {
    return new WorkingDayCalendar([...[...this.holidays].map(fromDayNumber), ...extra])
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.isWorkingDayNumber(toDayNumber(date))
  }

  /**
   * The date `days` working days after `date` (before it when negative). The start date is not
   * counted, so adding 1 to a Friday gives the next Monday, and adding 0 returns the date itself.
   */
  addWorkingDays(date: IsoDate, days: number): IsoDate {
    if (!Number.isInteger(days))
      throw new RangeError(`Working days must be a whole number: ${days}`)
    let day = toDayNumber(date)
    const step = days < 0 ? -1 : 1
    for (let remaining = Math.abs(days); remaining > 0;) {
      day += step
      if (this.isWorkingDayNumber(day)) remaining -= 1
    }
    return fromDayNumber(day)
  }

  /**
   * The working days stepped onto going from `start` to `end`: those after `start` up to and
   * including `end` or, when `end` is earlier, minus those from `end` up to but excluding `start`.
   * So workingDaysBetween(start, addWorkingDays(start, n)) === n for every start and n.
   */
  workingDaysBetween(start: IsoDate, end: IsoDate): number {
    const from = toDayNumber(start)
    const to = toDayNumber(end)
    if (to < from) return negate(this.countWorkingDays(to, from - 1))
    return this.countWorkingDays(from + 1, to)
  }

  /** Working days in [first, last]. */
  private countWorkingDays(first: number, last: number): number {
    let count = 0
    for (let day = first; day <= last; day++) if (this.isWorkingDayNumber(day)) count += 1
    return count
  }

  private isWorkingDayNumber(day: number): boolean {
    return !isWeekend(day) && !this.holidays.has(day)
  }
}

/** Without -0, which would make 0 !== -0 in Object.is comparisons. */
function negate(count: number): number {
  return count === 0 ? 0 : -count
}

export const englandAndWales = new WorkingDayCalendar()

export function addWorkingDays(
  date: IsoDate,
  days: number,
  calendar: WorkingDayCalendar = englandAndWales,
): IsoDate {
  return calendar.addWorkingDays(date, days)
}

export function workingDaysBetween(
  start: IsoDate,
  end: IsoDate,
  calendar: WorkingDayCalendar = englandAndWales,
): number {
  return calendar.workingDaysBetween(start, end)
}
