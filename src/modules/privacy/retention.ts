import { EARLY_HELP_RETENTION } from '../earlyhelp/service.js'
import { ENGAGEMENT_RETENTION, type RetentionTarget } from '../engagement/service.js'
import { FRONTDOOR_RETENTION } from '../frontdoor/service.js'
import { addCalendarDays } from '../../platform/working-days.js'

/** A rule's number counts years, or days where the owning module says so. */
export type RetentionUnit = 'years' | 'days'
export type Target = RetentionTarget & { unit?: 'days' }

/**
 * The record types retention rules cover, each with its default: the owning module says how to
 * count and remove its records from before a cut-off.
 */
export const RETENTION_TARGETS: Record<string, Target> = {
  ...ENGAGEMENT_RETENTION,
  ...FRONTDOOR_RETENTION,
  ...EARLY_HELP_RETENTION,
}

export function unitOf(target: Target): RetentionUnit {
  return target.unit ?? 'years'
}

/** The cut-off for a rule of `keep` years, or days: records dated before it are due. */
export function cutOffFor(today: string, keep: number, unit: RetentionUnit): string {
  return unit === 'days' ? addCalendarDays(today, -keep) : cutOff(today, keep)
}

export const RECORD_TYPES = Object.keys(RETENTION_TARGETS)

/** The cut-off for a rule: records dated before it are older than `years` years on `today`. */
export function cutOff(today: string, years: number): string {
  const year = today.slice(0, 4)
  const rest = today.slice(4)
  const date = `${String(Number(year) - years).padStart(4, '0')}${rest}`
  // 29 February, years later, is 28 February when that year has no leap day.
  return date.endsWith('-02-29') && !isLeap(Number(year) - years) ? date.replace(/29$/, '28') : date
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
