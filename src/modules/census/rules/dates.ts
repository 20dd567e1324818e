/**
 * Comparisons of optional 'YYYY-MM-DD' dates. ISO dates sort as strings, and a comparison
 * with a missing date is never true: a rule about two dates says nothing when one is absent.
 */
import { addCalendarMonths, isWeekendDate } from '../../../platform/working-days.js'
import type { IsoDate } from '../model.js'

type MaybeDate = IsoDate | undefined

export function isBefore(a: MaybeDate, b: MaybeDate): boolean {
  return a !== undefined && b !== undefined && a < b
}

export function isAfter(a: MaybeDate, b: MaybeDate): boolean {
  return a !== undefined && b !== undefined && a > b
}

/**
 * A plan that ends after the child's death, or is still open at the end of the year: either way
 * it has, in effect, outlived the child (rules 4009Q and 8920).
 */
export function outlivesChild(
  plan: { startDate?: string; endDate?: string },
  personDeathDate: string,
): boolean {
  const isOpen = plan.endDate === undefined && plan.startDate !== undefined
  return isOpen || isAfter(plan.endDate, personDeathDate)
}

export function isSameDay(a: MaybeDate, b: MaybeDate): boolean {
  return a !== undefined && b !== undefined && a === b
}

export function isOutside(date: MaybeDate, first: IsoDate, last: IsoDate): boolean {
  return date !== undefined && (date < first || date > last)
}

// A return holds a few thousand distinct dates, each seen many times: the calendar work on
// each is done once (the caches are emptied when full, so they stay small).
const CACHED_DATES = 20_000
const weekends = new Map<IsoDate, boolean>()
const yearsLater = new Map<number, Map<IsoDate, IsoDate>>()

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHED_DATES) cache.clear()
  cache.set(key, value)
  return value
}

/** Saturday or Sunday. */
export function isWeekend(date: IsoDate): boolean {
  return weekends.get(date) ?? remember(weekends, date, isWeekendDate(date))
}

/** The same day `years` years earlier or later (29 February becomes 28 February). */
export function addYears(date: IsoDate, years: number): IsoDate {
  let byDate = yearsLater.get(years)
  if (byDate === undefined) {
    byDate = new Map()
    yearsLater.set(years, byDate)
  }
  return byDate.get(date) ?? remember(byDate, date, addMonths(date, years * 12))
}

/** Calendar months, clamped to the end of a shorter month: 31 May plus one month is 30 June. */
export const addMonths = addCalendarMonths

/** Days since 1970-01-01 of a date already known to be valid (no checks: it runs per record). */
export function dayNumberOf(date: IsoDate): number {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  const day = Number(date.slice(8, 10))
  return Date.UTC(year, month - 1, day) / 86_400_000
}

/** Memoises a calculation that depends only on the return's ReferenceDate. */
export function perReferenceDate<T>(calculate: (referenceDate: IsoDate) => T): (ref: IsoDate) => T {
  const cache = new Map<IsoDate, T>()
  return referenceDate => {
    let value = cache.get(referenceDate)
    if (value === undefined) {
      value = calculate(referenceDate)
      cache.set(referenceDate, value)
    }
    return value
  }
}
