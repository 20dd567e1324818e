/**
 * The period the dataset's figures cover: a month, a quarter or a financial year (April to March)
 * chosen from a list, or any dates from and to. Read from the query string of the page, its
 * exports and the API, with GOV.UK messages for anything that is not a period.
 */
import { MONTH_NAMES } from '../../platform/calendar.js'
import { toGovukErrors, type GovukErrors } from '../../platform/forms.js'
import { formatDate } from '../../platform/http/web.js'
import {
  addCalendarDays,
  addCalendarMonths,
  isValidIsoDate,
  toDayNumber,
  type IsoDate,
} from '../../platform/working-days.js'

/** Longer periods than this are refused: the figures are for comparing months, quarters and years. */
export const MAX_PERIOD_YEARS = 5

export interface Period {
  from: IsoDate
  to: IsoDate
  label: string
}

export type PeriodQueryResult =
  | { ok: true; period: Period; form: Record<string, string> }
  | { ok: false; errors: GovukErrors; form: Record<string, string> }

const MONTH_PRESET = /^(\d{4})-(0[1-9]|1[0-2])$/
const QUARTER_PRESET = /^q([1-4])-(\d{4})-\d{2}$/
const YEAR_PRESET = /^fy-(\d{4})-\d{2}$/

function text(value: unknown): string {
  if (Array.isArray(value)) return text(value[0])
  return typeof value === 'string' ? value.trim() : ''
}

function lastDayOfMonth(firstDay: IsoDate): IsoDate {
  return addCalendarDays(addCalendarMonths(firstDay, 1), -1)
}

function isFirstOfMonth(date: IsoDate): boolean {
  return date.endsWith('-01')
}

function isLastOfMonth(date: IsoDate): boolean {
  return addCalendarDays(date, 1).endsWith('-01')
}

/** Months from `from` to `to` when both sit on month boundaries, else null. */
function wholeMonths(from: IsoDate, to: IsoDate): number | null {
  if (!isFirstOfMonth(from) || !isLastOfMonth(to)) return null
  const [fromYear = 0, fromMonth = 0] = from.split('-').map(Number)
  const [toYear = 0, toMonth = 0] = to.split('-').map(Number)
  return (toYear - fromYear) * 12 + (toMonth - fromMonth) + 1
}

function financialYearName(startYear: number): string {
  return `${String(startYear)} to ${String(startYear + 1)}`
}

/** A period's name: "October 2025", "Quarter 3, 2025 to 2026", "Financial year 2025 to 2026". */
export function describePeriod(from: IsoDate, to: IsoDate): string {
  const months = wholeMonths(from, to)
  const [year = 0, month = 1] = from.split('-').map(Number)
  if (months === 1) return `${MONTH_NAMES[month - 1] ?? ''} ${String(year)}`
  const fyStart = month >= 4 ? year : year - 1
  if (months === 3 && [1, 4, 7, 10].includes(month)) {
    const quarter = ((month + 8) % 12) / 3 + 1
    return `Quarter ${String(quarter)}, ${financialYearName(fyStart)}`
  }
  if (months === 12 && month === 4) return `Financial year ${financialYearName(year)}`
  return `${formatDate(from)} to ${formatDate(to)}`
}

export function periodOf(from: IsoDate, to: IsoDate): Period {
  return { from, to, label: describePeriod(from, to) }
}

/**
 * The period just before, for comparison: the same number of whole months when the period is
 * made of whole months (the previous month, quarter or financial year), else the same number of
 * days.
 */
export function previousPeriod(period: Period): Period {
  const months = wholeMonths(period.from, period.to)
  const to = addCalendarDays(period.from, -1)
  if (months !== null) return periodOf(addCalendarMonths(period.from, -months), to)
  const days = toDayNumber(period.to) - toDayNumber(period.from)
  return periodOf(addCalendarDays(to, -days), to)
}

/** A preset's dates: '2025-10' (a month), 'q3-2025-26' (a financial quarter), 'fy-2025-26'. */
export function presetPeriod(preset: string): Period | null {
  const month = MONTH_PRESET.exec(preset)
  if (month) {
    const from = `${month[1] ?? ''}-${month[2] ?? ''}-01`
    return periodOf(from, lastDayOfMonth(from))
  }
  const quarter = QUARTER_PRESET.exec(preset)
  if (quarter) {
    const index = Number(quarter[1]) - 1
    const year = Number(quarter[2]) + (index === 3 ? 1 : 0)
    const firstMonth = index === 3 ? 1 : 4 + index * 3
    const from = `${String(year)}-${String(firstMonth).padStart(2, '0')}-01`
    return periodOf(from, addCalendarDays(addCalendarMonths(from, 3), -1))
  }
  const year = YEAR_PRESET.exec(preset)
  if (year) {
    const from = `${year[1] ?? ''}-04-01`
    return periodOf(from, `${String(Number(year[1]) + 1)}-03-31`)
  }
  return null
}

function presetCode(from: IsoDate, months: number): string {
  const [year = 0, month = 1] = from.split('-').map(Number)
  const fyStart = month >= 4 ? year : year - 1
  const fy = `${String(fyStart)}-${String(fyStart + 1).slice(2)}`
  if (months === 1) return from.slice(0, 7)
  if (months === 3) return `q${String(((month + 8) % 12) / 3 + 1)}-${fy}`
  return `fy-${fy}`
}

/** The choices of the period list: the last 13 months, 8 quarters and 5 financial years. */
export function periodChoices(today: IsoDate): { value: string; text: string }[] {
  const thisMonth = `${today.slice(0, 7)}-01`
  const month = Number(today.slice(5, 7))
  const thisQuarter = addCalendarMonths(thisMonth, -((month - 1) % 3))
  const thisYear = `${String(month >= 4 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1)}-04-01`
  const choices: { value: string; text: string }[] = []
  const add = (from: IsoDate, months: number) => {
    const to = addCalendarDays(addCalendarMonths(from, months), -1)
    choices.push({ value: presetCode(from, months), text: describePeriod(from, to) })
  }
  for (let back = 0; back < 5; back++) add(addCalendarMonths(thisYear, -12 * back), 12)
  for (let back = 0; back < 8; back++) add(addCalendarMonths(thisQuarter, -3 * back), 3)
  for (let back = 0; back < 13; back++) add(addCalendarMonths(thisMonth, -back), 1)
  return choices
}

/** The last whole month before today: what the page shows before anyone chooses. */
export function defaultPeriod(today: IsoDate): Period {
  const from = addCalendarMonths(`${today.slice(0, 7)}-01`, -1)
  return periodOf(from, lastDayOfMonth(from))
}

type DateRead = { kind: 'empty' } | { kind: 'invalid' } | { kind: 'date'; date: IsoDate }

function readDateBoxes(query: Record<string, unknown>, name: string): DateRead {
  const day = text(query[`${name}-day`])
  const month = text(query[`${name}-month`])
  const year = text(query[`${name}-year`])
  if (!day && !month && !year) return { kind: 'empty' }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { kind: 'invalid' }
  }
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  return isValidIsoDate(date) ? { kind: 'date', date } : { kind: 'invalid' }
}

function readIsoDate(value: string): DateRead {
  if (!value) return { kind: 'empty' }
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && isValidIsoDate(value)
    ? { kind: 'date', date: value }
    : { kind: 'invalid' }
}

function dateBoxValues(name: string, date: IsoDate): Record<string, string> {
  const [year = '', month = '', day = ''] = date.split('-')
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year,
  }
}

/** Checks a from and to date pair: both real dates, in order, and no more than 5 years apart. */
function checkDates(
  from: DateRead,
  to: DateRead,
): { period: Period } | { fields: Record<string, { text: string }> } {
  const fields: Record<string, { text: string }> = {}
  if (from.kind === 'empty') fields['from-day'] = { text: 'Enter the start date of the period' }
  if (from.kind === 'invalid') fields['from-day'] = { text: 'Start date must be a real date' }
  if (to.kind === 'empty') fields['to-day'] = { text: 'Enter the end date of the period' }
  if (to.kind === 'invalid') fields['to-day'] = { text: 'End date must be a real date' }
  if (from.kind !== 'date' || to.kind !== 'date') return { fields }
  if (from.date > to.date) {
    return {
      fields: { 'to-day': { text: 'End date must be the same as or after the start date' } },
    }
  }
  if (to.date >= addCalendarMonths(from.date, 12 * MAX_PERIOD_YEARS)) {
    const message = `The period must be ${String(MAX_PERIOD_YEARS)} years or shorter`
    return { fields: { 'to-day': { text: message } } }
  }
  return { period: periodOf(from.date, to.date) }
}

/**
 * The period a query asks for: date boxes (from-day, from-month, from-year and the same for to),
 * else ISO dates (from, to), else a preset (period), else the last whole month.
 */
export function readPeriodQuery(query: unknown, today: IsoDate): PeriodQueryResult {
  const values =
    query !== null && typeof query === 'object' ? (query as Record<string, unknown>) : {}
  const boxes = ['from', 'to'].flatMap(name =>
    ['day', 'month', 'year'].map(part => `${name}-${part}`),
  )
  const usesBoxes = boxes.some(key => key in values)
  const echo = Object.fromEntries(boxes.map(key => [key, text(values[key]).slice(0, 10)]))
  const fail = (fields: Record<string, { text: string }>, form: Record<string, string>) => ({
    ok: false as const,
    errors: toGovukErrors(fields),
    form,
  })
  const succeed = (period: Period, preset = '') => ({
    ok: true as const,
    period,
    form: {
      period: preset,
      ...dateBoxValues('from', period.from),
      ...dateBoxValues('to', period.to),
    },
  })

  if (usesBoxes || 'from' in values || 'to' in values) {
    const from = usesBoxes ? readDateBoxes(values, 'from') : readIsoDate(text(values.from))
    const to = usesBoxes ? readDateBoxes(values, 'to') : readIsoDate(text(values.to))
    const checked = checkDates(from, to)
    if ('period' in checked) return succeed(checked.period)
    const form = usesBoxes
      ? echo
      : {
          ...(from.kind === 'date' ? dateBoxValues('from', from.date) : {}),
          ...(to.kind === 'date' ? dateBoxValues('to', to.date) : {}),
        }
    return fail(checked.fields, form)
  }
  if ('period' in values) {
    const preset = text(values.period)
    const period = presetPeriod(preset)
    return period ? succeed(period, preset) : fail({ period: { text: 'Select a period' } }, {})
  }
  return succeed(defaultPeriod(today))
}

/** The query string that asks for a period's figures again (for exports and links). */
export function periodSearch(period: Period): string {
  return new URLSearchParams({ from: period.from, to: period.to }).toString()
}
