import { z } from 'zod'
import { parseFinancialYear } from '../../platform/financial-year.js'
import { queryObject } from '../../platform/query.js'

export const CALENDAR_FORMATS = ['csv', 'xlsx', 'ics'] as const

/** `/calendar?year=2026/27` (or 2026-27) and `&format=csv|xlsx|ics`. */
export const CalendarQuery = queryObject({
  year: z
    .string()
    .trim()
    .refine(
      value => value === '' || parseFinancialYear(value) !== null,
      'Enter the financial year, like 2026/27 or 2026-27',
    )
    .transform(value => (value === '' ? null : parseFinancialYear(value)))
    .optional(),
  format: z.enum(CALENDAR_FORMATS, { error: 'Choose CSV, XLSX or iCalendar' }).optional(),
})
export type CalendarQueryInput = z.infer<typeof CalendarQuery>
