/**
 * Zod fields for record forms, with GOV.UK-worded messages: ISO dates from date inputs, text with
 * a length limit, and record ids in route parameters.
 */
import { z } from 'zod'
import { financialYearLabel, parseFinancialYear } from './financial-year.js'
import { isValidIsoDate } from './working-days.js'

export const DATE_EXAMPLE = 'Enter a real date, for example 2017-03-31'

/** A required date: `message` when it is empty ("Enter the date of the meeting"). */
export function isoDateField(message: string) {
  return z.string({ error: message }).trim().min(1, message).refine(isValidIsoDate, DATE_EXAMPLE)
}

/** An optional date: null when left empty. */
export function optionalDateField() {
  return z
    .string({ error: DATE_EXAMPLE })
    .trim()
    .optional()
    .refine(value => !value || isValidIsoDate(value), DATE_EXAMPLE)
    .transform(value => value || null)
}

/** The message for a date from a GOV.UK date input that is not a real one (issue 19 point 5). */
export const DATE_IN_WORDS = 'The date must be a real date'

/** A required date from a GOV.UK date input: `message` when it is empty, `invalid` when not real. */
export function dateInputField(message: string, invalid = DATE_IN_WORDS) {
  return z.string({ error: message }).trim().min(1, message).refine(isValidIsoDate, invalid)
}

/** An optional date from a GOV.UK date input: null when left empty. */
export function optionalDateInputField(invalid = DATE_IN_WORDS) {
  return z
    .string({ error: invalid })
    .trim()
    .optional()
    .refine(value => !value || isValidIsoDate(value), invalid)
    .transform(value => value || null)
}

/** Date messages in words: the dates come from GOV.UK date inputs (issue 19 point 5). */
export const dateMessage = (what: string) =>
  `${what.charAt(0).toUpperCase()}${what.slice(1)} must be a real date`

/** A required date named in words: "Enter {what}" when empty, "{What} must be a real date". */
export const requiredDate = (what: string) => dateInputField(`Enter ${what}`, dateMessage(what))

/** An optional date named in words: null when left empty. */
export const optionalDate = (what: string) => optionalDateInputField(dateMessage(what))

/** "Must be 200 characters or fewer", or with the field named: "Title must be …". */
const tooLong = (max: number, label?: string) =>
  `${label ? `${label} must` : 'Must'} be ${String(max)} characters or fewer`

/** Required text named in words: `message` when empty, "{label} must be {max} characters or fewer". */
export const requiredText = (message: string, max: number, label: string) =>
  textField(message, max, tooLong(max, label))

/** Optional text named in words: null when left empty. */
export const optionalText = (max: number, label: string) =>
  optionalTextField(max, tooLong(max, label))

/** Required text: `message` when it is empty, `tooLongMessage` past `max` characters. */
export function textField(message: string, max: number, tooLongMessage = tooLong(max)) {
  return z.string({ error: message }).trim().min(1, message).max(max, tooLongMessage)
}

/** Optional text: null when left empty. */
export function optionalTextField(max: number, tooLongMessage = tooLong(max)) {
  return z
    .string({ error: tooLongMessage })
    .trim()
    .max(max, tooLongMessage)
    .optional()
    .transform(value => (value ? value : null))
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The id of the record a page or form is about. */
export const RecordIdParams = z.object({ id: z.string().regex(UUID_PATTERN) })

/**
 * A form field for a financial year: either way of writing it, read as its label ("2026/27").
 * `message` is the GOV.UK message for a blank or unreadable answer.
 */
export function financialYearField(message = 'Enter the financial year, like 2026/27 or 2026-27') {
  return z
    .string({ error: message })
    .trim()
    .transform((value, context) => {
      const start = parseFinancialYear(value)
      if (start === null) {
        context.addIssue({ code: 'custom', message })
        return z.NEVER
      }
      return financialYearLabel(start)
    })
}
