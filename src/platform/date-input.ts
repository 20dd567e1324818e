/**
 * GOV.UK date inputs: three boxes (`<name>-day`, `<name>-month`, `<name>-year`) read as one ISO
 * date, and an ISO date written back into the boxes.
 */
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
