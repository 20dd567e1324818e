/**
 * Financial years (1 April to 31 March), as people write them: "2026/27" and "2026-27" are the
 * same year, whichever a form, a web address or a command line was given (issue 19 point 5).
 */
import type { IsoDate } from './calendar.js'

const WRITTEN = /^(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})$/

/** The year a financial year starts, from "2026/27", "2026-27" or "2026/2027"; null otherwise. */
export function parseFinancialYear(text: string): number | null {
  const match = WRITTEN.exec(text.trim())
  if (!match) return null
  const start = Number(match[1])
  const end = Number(match[2])
  const follows = match[2]?.length === 4 ? end === start + 1 : end === (start + 1) % 100
  return follows && start >= 1900 && start <= 2199 ? start : null
}

/** "2026/27", the way the partnership writes a financial year. */
export function financialYearLabel(startYear: number): string {
  return `${String(startYear)}/${String((startYear + 1) % 100).padStart(2, '0')}`
}

/** "2026-27", for file names and web addresses (no slash). */
export function financialYearSlug(startYear: number): string {
  return financialYearLabel(startYear).replace('/', '-')
}

/** The first and last days of the financial year starting 1 April `startYear`. */
export function financialYearPeriod(startYear: number): { from: IsoDate; to: IsoDate } {
  return { from: `${String(startYear)}-04-01`, to: `${String(startYear + 1)}-03-31` }
}

/** The year the financial year holding `day` starts. */
export function financialYearOf(day: IsoDate): number {
  const year = Number(day.slice(0, 4))
  return day.slice(5) >= '04-01' ? year : year - 1
}
