import { z } from 'zod'
import { dateInputValues, readDateInput, type DateInput } from '../../../platform/date-input.js'
import { addCalendarDays, isValidIsoDate } from '../../../platform/working-days.js'

/** A child is under 18: a date of birth more than 18 years ago is refused. */
export const CHILD_AGE_LIMIT = 18
/** More children than this on one report is a job for the phone line, not a form. */
export const MAX_CHILDREN = 10

/** A required free-text answer: trimmed, not empty, not too long. */
export function required(max: number, empty: string, tooLong: string) {
  return z.string({ error: empty }).trim().min(1, empty).max(max, tooLong)
}

/** An optional free-text answer: missing or not a string counts as empty. */
export function optional(max: number, tooLong: string) {
  return z.preprocess(
    value => (typeof value === 'string' ? value : ''),
    z.string().trim().max(max, tooLong),
  )
}

export const PHONE = /^\+?[0-9 ()-]{7,25}$/
export const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i

export function validPhone(value: string): boolean {
  const digits = value.replace(/\D/g, '')
  return PHONE.test(value) && digits.length >= 10 && digits.length <= 15
}

export const PHONE_MESSAGE =
  'Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192'
export const EMAIL_MESSAGE = 'Enter an email address in the correct format, like name@example.com'
export const emailSchema = z.email({ error: EMAIL_MESSAGE }).max(254, EMAIL_MESSAGE)

export type Parsed<T> = { success: true; data: T } | { success: false; issues: Issue[] }
export interface Issue {
  field: string
  message: string
}

export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map(issue => ({ field: issue.path.join('-'), message: issue.message }))
}

/** The string a form field holds, or '' for anything else (arrays, objects, missing). */
export function field(body: Record<string, unknown>, name: string): string {
  const value = body[name]
  return typeof value === 'string' ? value.trim() : ''
}

export type DateCheck = DateInput
export { readDateInput, dateInputValues }

/** The earliest date of birth of someone under 18 today. */
export function earliestChildBirthDate(today: string): string {
  const candidate = `${String(Number(today.slice(0, 4)) - CHILD_AGE_LIMIT)}${today.slice(4)}`
  // 29 February 18 years back may not exist: the day after 28 February is then the limit.
  const valid = isValidIsoDate(candidate) ? candidate : `${candidate.slice(0, 4)}-02-28`
  return addCalendarDays(valid, 1)
}

export interface PageContext {
  today: string
  agencies: { id: string; name: string }[]
}
