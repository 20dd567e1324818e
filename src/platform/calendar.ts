/**
 * The partnership's calendar: every "today", every date shown and every instant made from a date
 * and a time is London's. A UTC date is yesterday's between midnight
 * and 1 am in summer, so nothing outside this file reads the date from an instant's UTC form.
 */

export type IsoDate = string

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

/** The London calendar date and seconds since London midnight of an instant. */
export function londonParts(instant: Date): { date: IsoDate; seconds: number } {
  const parts = Object.fromEntries(
    londonFields.formatToParts(instant).map(part => [part.type, part.value]),
  ) as Record<string, string>
  const date = `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''}`
  const seconds =
    Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second ?? '0')
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
