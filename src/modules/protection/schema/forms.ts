/** What every protection form shares: reading the body, and the Zod fields with GOV.UK words. */
import { z } from 'zod'
import { dateInputValues, readDateInput, type DateInput } from '../../../platform/date-input.js'
import { toGovukErrors, type GovukErrors } from '../../../platform/forms.js'

export type FormResult<T> = { success: true; data: T } | { success: false; errors: GovukErrors }

export type Body = Record<string, unknown>

/** A form field as trimmed text; anything that is not a string counts as empty. */
export function text(body: Body, name: string): string {
  const value = body[name]
  return typeof value === 'string' ? value.trim() : ''
}

/** Checkbox values: one string or several. */
export function list(body: Body, name: string): string[] {
  const value = body[name]
  if (typeof value === 'string') return [value]
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : []
}

export type DateRead = DateInput
/** A GOV.UK date input (day, month, year boxes) as an ISO date, if it is a real one. */
export const readDate = (body: Body, name: string): DateRead => readDateInput(body, name)
export const dateValues = dateInputValues

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
export const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/

/**
 * Checks the fields read from a form, in the order the form shows them, and shapes the result.
 * Only the first message per field is kept; `fieldOf` puts messages on another field.
 */
export function checked<S extends z.ZodType, T>(
  schema: S,
  fields: Record<string, unknown>,
  shape: (data: z.output<S>) => T,
  fieldOf: (path: string) => string = path => path,
): FormResult<T> {
  const result = schema.safeParse(fields)
  if (result.success) return { success: true, data: shape(result.data) }
  const errors: Record<string, { text: string }> = {}
  for (const issue of result.error.issues) {
    errors[fieldOf(issue.path.join('-'))] ??= { text: issue.message }
  }
  return { success: false, errors: toGovukErrors(errors) }
}

/** Text up to `max` characters; `required` is the message when it is empty. */
export function textField(max: number, what: string, required?: string) {
  const tooLong = `${what} must be ${String(max)} characters or fewer`
  return required ? z.string().min(1, required).max(max, tooLong) : z.string().max(max, tooLong)
}

export const idField = (message: string) => z.string().regex(UUID, message)

export function choice<T extends string>(values: Record<T, string>, message: string) {
  return z.string().refine((value): value is T => Object.hasOwn(values, value), message)
}

/** A date read from its boxes, as the form says it: required, a real date, maybe not after today. */
export function dateField(what: string, options: { required: boolean; today?: string }) {
  return z.custom<DateRead>().transform((read, ctx) => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message })
      return z.NEVER
    }
    if (read.kind === 'empty') return options.required ? fail(`Enter the ${what}`) : null
    if (read.kind === 'invalid') return fail(`The ${what} must be a real date`)
    if (options.today !== undefined && read.date > options.today) {
      return fail(`The ${what} must be today or in the past`)
    }
    return read.date
  })
}

/** A required date that is not after today; the error goes on the day box, as GOV.UK asks. */
export const pastDate = (what: string, today: string) =>
  dateField(what, { required: true, today }).transform(date => date ?? '')

export const seconds = (time: RegExpExecArray) => Number(time[1]) * 3600 + Number(time[2]) * 60
