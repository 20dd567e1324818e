/**
 * Agency returns at the edge: the indicator catalogue's form, the request form, the quarters a
 * return covers, list filters, and the one rule for a figure's value that the page and the
 * uploaded spreadsheet both use.
 */
import { z } from 'zod'
import {
  addCalendarDays,
  addCalendarMonths,
  isValidIsoDate,
} from '../../../platform/working-days.js'
import type { IsoDate } from '../../../platform/calendar.js'

export const FREQUENCIES = {
  quarterly: 'Quarterly',
  annual: 'Annual (in the fourth quarter)',
} as const
export const POLARITIES = {
  higher: 'Higher is better',
  lower: 'Lower is better',
  neither: 'Neither: context only',
} as const
export const UNITS = {
  count: 'Count',
  percentage: 'Percentage',
  rate: 'Rate per 10,000 children',
} as const
export type Unit = keyof typeof UNITS

export const RETURN_STATUSES = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  'signed-off': 'Signed off',
} as const
export type ReturnStatus = keyof typeof RETURN_STATUSES

export const IdParams = z.object({ id: z.uuid() })

/** One value of a form or query field: a repeated field is bad input, not a choice. */
function single(message: string) {
  return z.preprocess(
    value => (value === undefined ? '' : value),
    z.string({ error: message }).trim(),
  )
}

function choice<T extends Record<string, string>>(values: T, message: string) {
  return z.preprocess(
    value => (value === undefined ? '' : value),
    z.enum(Object.keys(values) as [keyof T & string], { error: message }),
  )
}

export const IndicatorForm = z.object({
  key: single('Enter a key').pipe(
    z
      .string()
      .min(1, 'Enter a key, like police-protection')
      .regex(
        /^[a-z0-9][a-z0-9-]{0,59}$/,
        'The key must be lower-case letters, numbers and hyphens, 60 characters or fewer',
      ),
  ),
  name: single('Enter the indicator’s name').pipe(
    z
      .string()
      .min(1, 'Enter the indicator’s name')
      .max(160, 'The name must be 160 characters or fewer'),
  ),
  definition: single('Enter the definition').pipe(
    z
      .string()
      .min(1, 'Enter the definition: what is counted, and for which period')
      .max(2000, 'The definition must be 2,000 characters or fewer'),
  ),
  agencyId: z.uuid({ error: 'Select the agency that returns this figure' }),
  frequency: choice(FREQUENCIES, 'Select how often the figure is returned'),
  polarity: choice(POLARITIES, 'Select whether higher or lower is better'),
  unit: choice(UNITS, 'Select the unit'),
  isActive: z.preprocess(
    value => (value === undefined ? 'yes' : value),
    z.enum(['yes', 'no'], { error: 'Select whether the indicator is still asked for' }),
  ),
})
export type IndicatorInput = z.infer<typeof IndicatorForm>

/** A financial quarter: q1-2026-27 is April to June 2026. */
export interface Quarter {
  key: string
  start: IsoDate
  end: IsoDate
  label: string
  /** The fourth quarter, when annual figures are asked for too. */
  isYearEnd: boolean
}

const QUARTER_KEY = /^q([1-4])-(\d{4})-(\d{2})$/
const QUARTER_MONTHS = [
  'April to June',
  'July to September',
  'October to December',
  'January to March',
]

export function quarterOf(key: string): Quarter | null {
  const match = QUARTER_KEY.exec(key)
  if (!match) return null
  const number = Number(match[1])
  const year = Number(match[2])
  if (String((year + 1) % 100).padStart(2, '0') !== match[3] || year < 2000 || year > 2099)
    return null
  const start = addCalendarMonths(`${year}-04-01`, (number - 1) * 3)
  const end = addCalendarDays(addCalendarMonths(start, 3), -1)
  const calendarYear = number === 4 ? year + 1 : year
  return {
    key,
    start,
    end,
    label: `Q${number} ${year}/${match[3]} (${QUARTER_MONTHS[number - 1] ?? ''} ${calendarYear})`,
    isYearEnd: number === 4,
  }
}

/** The quarter that a date falls in. */
export function quarterContaining(date: IsoDate): Quarter {
  const [year = 0, month = 1] = date.split('-').map(Number)
  const fyStart = month >= 4 ? year : year - 1
  const number = month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4
  const quarter = quarterOf(`q${number}-${fyStart}-${String((fyStart + 1) % 100).padStart(2, '0')}`)
  if (!quarter) throw new Error('No quarter for the date')
  return quarter
}

/** The quarter a period starting on `start` is. */
export function quarterStarting(start: IsoDate): Quarter {
  return quarterContaining(start)
}

/** The last `count` quarters up to the one `today` is in, newest first. */
export function recentQuarters(today: IsoDate, count = 6): Quarter[] {
  const quarters: Quarter[] = []
  let date = quarterContaining(today).start
  for (let index = 0; index < count; index += 1) {
    quarters.push(quarterContaining(date))
    date = addCalendarMonths(date, -3)
  }
  return quarters
}

function dateFrom(form: Record<string, unknown>, name: string): string | null {
  const part = (suffix: string) => {
    const value = form[`${name}-${suffix}`]
    return typeof value === 'string' ? value.trim() : null
  }
  const [day, month, year] = [part('day'), part('month'), part('year')]
  if (day === null || month === null || year === null) return null
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  return isValidIsoDate(date) ? date : null
}

export const RequestForm = z
  .object({
    quarter: single('Select the quarter').pipe(
      z.string().refine(value => quarterOf(value) !== null, 'Select the quarter from the list'),
    ),
    agencyIds: z.preprocess(
      (value: unknown): unknown[] =>
        value === undefined ? [] : Array.isArray(value) ? (value as unknown[]) : [value],
      z
        .array(z.uuid({ error: 'Select agencies from the list' }))
        .min(1, 'Select at least one agency to ask for a return'),
    ),
    dueOn: z.string({ error: 'Enter a real due date, like 20 7 2026' }),
  })
  .refine(
    form => quarterOf(form.quarter) === null || form.dueOn > (quarterOf(form.quarter)?.end ?? ''),
    {
      message: 'The due date must be after the end of the quarter',
      path: ['dueOn'],
    },
  )
export type RequestInput = z.infer<typeof RequestForm>

/** The request form with its date fields joined into one value (absent when not a real date). */
export function readRequestForm(body: Record<string, unknown>) {
  const dueOn = dateFrom(body, 'dueOn')
  return RequestForm.safeParse({ ...body, dueOn: dueOn ?? undefined })
}

/** The quarter a list is narrowed to: empty for every quarter, else one the list offers. */
const QuarterFilter = z
  .string()
  .refine(value => value === '' || quarterOf(value) !== null, 'Select the quarter from the list')
  .optional()

/** The spreadsheet a page may be downloaded as. */
export const ExportFormat = z.enum(['csv', 'xlsx'], { error: 'Choose CSV or XLSX' }).optional()

export const ListQuery = z
  .object({
    quarter: QuarterFilter,
    agencyId: z
      .string()
      .refine(
        value => value === '' || z.uuid().safeParse(value).success,
        'Select an agency from the list',
      )
      .optional(),
    status: z
      .enum(['', ...Object.keys(RETURN_STATUSES)] as [string, ...string[]], {
        error: 'Select a status from the list',
      })
      .optional(),
    format: ExportFormat,
    notice: z.string().max(40).optional(),
  })
  .strict()

export const QuarterQuery = z
  .object({
    quarter: QuarterFilter,
    format: ExportFormat,
    notice: z.string().max(40).optional(),
  })
  .strict()

export const PageQuery = z
  .object({
    notice: z.string().max(40).optional(),
    format: ExportFormat,
  })
  .strict()

export type ValueOutcome = { ok: true; value: number | null } | { ok: false; message: string }

const WHOLE = /^\d{1,9}$/
const DECIMAL = /^\d{1,9}(\.\d{1,2})?$/

/**
 * One figure as typed on the page or in a spreadsheet cell. Empty is "not yet given". Counts are
 * whole numbers; percentages are from 0 to 100 with up to 2 decimal places; rates are 0 or more.
 */
export function readValue(unit: string, raw: string): ValueOutcome {
  const text = raw.trim().replace(/,/g, '')
  if (text === '') return { ok: true, value: null }
  if (unit === 'count') {
    return WHOLE.test(text)
      ? { ok: true, value: Number(text) }
      : { ok: false, message: 'enter a whole number, like 12' }
  }
  const withoutSign = unit === 'percentage' ? text.replace(/%$/, '') : text
  if (!DECIMAL.test(withoutSign))
    return {
      ok: false,
      message:
        unit === 'percentage'
          ? 'enter a percentage from 0 to 100, like 12.5'
          : 'enter a number of 0 or more with up to 2 decimal places, like 38.3',
    }
  const value = Number(withoutSign)
  if (unit === 'percentage' && value > 100)
    return { ok: false, message: 'enter a percentage from 0 to 100, like 12.5' }
  return { ok: true, value }
}

/** "enter a whole number" as the first words of a message on its own. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1)
}
