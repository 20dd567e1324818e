/**
 * The partnership's calendar: every "today", every date shown and every instant made from a date
 * and a time is London's. A UTC date is yesterday's between midnight
 * and 1 am in summer, so nothing outside this file reads the date from an instant's UTC form.
 */

export type IsoDate = string

/** The months' names, as GOV.UK dates show them ('1 April 2025'). */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const

const londonFields = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

const HOUR_MS = 3_600_000
const OFFSETS_KEPT = 100_000
/** London's offset from UTC (ms) in each UTC hour asked about: clocks change on the hour. */
const offsetByHour = new Map<number, number>()

/** London's offset from UTC at an instant, from the time zone database (slow: Intl). */
function offsetFromZoneDatabase(instantMs: number): number {
  const parts = Object.fromEntries(
    londonFields.formatToParts(new Date(instantMs)).map(part => [part.type, part.value]),
  ) as Record<string, string>
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second ?? '0'),
  )
  return wall - Math.floor(instantMs / 1000) * 1000
}

/**
 * London's offset at an instant. Asked for every date shown, so each UTC hour's offset is kept
 * once found; an hour whose two ends disagree (no change of the clocks since 1847 has been off
 * the hour) is never kept.
 */
function londonOffsetMs(instantMs: number): number {
  const hour = Math.floor(instantMs / HOUR_MS)
  const known = offsetByHour.get(hour)
  if (known !== undefined) return known
  const offset = offsetFromZoneDatabase(hour * HOUR_MS)
  if (offsetFromZoneDatabase(hour * HOUR_MS + HOUR_MS - 1000) !== offset) {
    return offsetFromZoneDatabase(instantMs)
  }
  if (offsetByHour.size >= OFFSETS_KEPT) offsetByHour.clear()
  offsetByHour.set(hour, offset)
  return offset
}

const twoDigits = (value: number) => String(value).padStart(2, '0')

/** The London calendar date and seconds since London midnight of an instant. */
export function londonParts(instant: Date): { date: IsoDate; seconds: number } {
  const instantMs = instant.getTime()
  if (Number.isNaN(instantMs)) throw new RangeError('Invalid time value')
  const wall = new Date(instantMs + londonOffsetMs(instantMs))
  const date = `${String(wall.getUTCFullYear()).padStart(4, '0')}-${twoDigits(wall.getUTCMonth() + 1)}-${twoDigits(wall.getUTCDate())}`
  const seconds = wall.getUTCHours() * 3600 + wall.getUTCMinutes() * 60 + wall.getUTCSeconds()
  return { date, seconds }
}

/** Today's date in London ('YYYY-MM-DD'). */
export function londonToday(now = new Date()): IsoDate {
  return londonParts(now).date
}

/** The London date of an instant ('YYYY-MM-DD'). */
export function londonDate(instant: Date): IsoDate {
  return londonParts(instant).date
}

/** The instant at which London clocks show `date` and `seconds` past midnight. */
export function londonInstant(date: IsoDate, seconds: number): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + seconds * 1000
  // London is UTC or UTC+1: try the wall time as UTC, then correct by the offset found there.
  let instant = wall
  for (let i = 0; i < 2; i++) {
    const shown = londonParts(new Date(instant))
    const shownWall = Date.parse(`${shown.date}T00:00:00Z`) + shown.seconds * 1000
    instant += wall - shownWall
  }
  return new Date(instant)
}

/** The instant London's `date` begins (midnight, London time). */
export function londonStartOfDay(date: IsoDate): Date {
  return londonInstant(date, 0)
}

/**
 * The calendar date of a value that carries no time of day, such as a spreadsheet's date cell,
 * which ExcelJS hands over as midnight UTC: its UTC day is the date the person typed.
 */
export function dateOfDateOnlyValue(value: Date): IsoDate {
  const month = String(value.getUTCMonth() + 1).padStart(2, '0')
  const day = String(value.getUTCDate()).padStart(2, '0')
  return `${String(value.getUTCFullYear())}-${month}-${day}`
}

/** Whole years between a birth date and a day (a child's age on that day). */
export function ageOn(birthDate: IsoDate, day: IsoDate): number {
  const [by = 0, bm = 0, bd = 0] = birthDate.split('-').map(Number)
  const [y = 0, m = 0, d = 0] = day.split('-').map(Number)
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}
