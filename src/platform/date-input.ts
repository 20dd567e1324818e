/**
 * GOV.UK date inputs: three boxes (`<name>-day`, `<name>-month`, `<name>-year`) read as one ISO
 * date, and an ISO date written back into the boxes.
 */
import { z } from 'zod'
import { isValidIsoDate } from './working-days.js'

export type DateInput = { kind: 'empty' } | { kind: 'invalid' } | { kind: 'date'; date: string }

function box(body: Record<string, unknown>, name: string): string {
  const value = body[name]
  return typeof value === 'string' ? value.trim() : ''
}

/** The boxes as an ISO date when they make a real one from 1900 on; empty when all are blank. */
export function readDateInput(body: Record<string, unknown>, name: string): DateInput {
  const day = box(body, `${name}-day`)
  const month = box(body, `${name}-month`)
  const year = box(body, `${name}-year`)
  if (!day && !month && !year) return { kind: 'empty' }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { kind: 'invalid' }
  }
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  return isValidIsoDate(date) && year >= '1900' ? { kind: 'date', date } : { kind: 'invalid' }
}

/** The boxes' values for an ISO date (day and month without leading zeros), or blank boxes. */
export function dateInputValues(
  name: string,
  date: string | null | undefined,
): Record<string, string> {
  const [year = '', month = '', day = ''] = date ? date.split('-') : []
  return {
    [`${name}-day`]: day ? String(Number(day)) : '',
    [`${name}-month`]: month ? String(Number(month)) : '',
    [`${name}-year`]: year,
  }
}

/**
 * The body with each named GOV.UK date input's boxes joined into the one field its schema reads
 * (issue 19 point 5: dates are entered one way): a real date as 'YYYY-MM-DD', three blank boxes
 * as '', anything else as 'not-a-date' for the schema to refuse. A body that already names the
 * field (the API, a script) is left as it is.
 */
export function joinDateInputs(body: unknown, names: string[]): unknown {
  if (body === null || typeof body !== 'object') return body
  const joined: Record<string, unknown> = { ...(body as Record<string, unknown>) }
  for (const name of names) {
    const boxes = [`${name}-day`, `${name}-month`, `${name}-year`]
    if (!boxes.some(box => box in joined) || name in joined) continue
    const read = readDateInput(joined, name)
    for (const box of boxes) Reflect.deleteProperty(joined, box)
    joined[name] = read.kind === 'date' ? read.date : read.kind === 'empty' ? '' : 'not-a-date'
  }
  return joined
}

/** A form schema that reads its GOV.UK date inputs' boxes joined into the ISO fields it names. */
export function withDateInputs<T extends z.ZodType>(names: string[], schema: T) {
  return z.preprocess(body => joinDateInputs(body, names), schema)
}

/** A day people write in a search box, '27/3/2019' or '2019-03-27', as an ISO date; else null. */
export function writtenDate(text: string): string | null {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null
  const written = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text)
  const date =
    iso ??
    (written
      ? `${written[3]}-${written[2]?.padStart(2, '0')}-${written[1]?.padStart(2, '0')}`
      : null)
  return date && isValidIsoDate(date) ? date : null
}
