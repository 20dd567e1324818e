import { durationBand, type DurationBand } from './clocks.js'
import { OUTCOME_SHORT_NAMES, SECTOR_NAMES } from './schema.js'
import type { Outcome, Sector } from './table.js'
import { financialYear } from '../../platform/annual-figures.js'

export interface ReferralFacts {
  id: string
  receivedOn: string
  sector: Sector
  adultKey: string
  initialConsiderationDueOn: string
  initialConsiderationOn: string | null
  outcome: Outcome | null
  closedOn: string | null
}

/** The national expectations the annual report measures against. */
export const STANDARD_WITHIN_ONE_MONTH_PERCENT = 80
export const STANDARD_WITHIN_THREE_MONTHS_PERCENT = 10

export interface LadoYearFigures {
  year: string
  from: string
  to: string
  referrals: number
  bySector: Record<Sector, number>
  byOutcome: Record<Outcome | 'open', number>
  bands: Record<DurationBand | 'open', number>
  /**
   * Shares of the year's referrals, rounded down: a figure reported against a standard never
   * claims more than was achieved (971 of 1,284 is 75.6%, reported as 75%).
   */
  percentWithinOneMonth: number
  percentWithinThreeMonths: number
  meetsOneMonthStandard: boolean
  initialConsiderationOnTime: number
  initialConsiderationLate: number
  /** Referrals about an adult who had been referred before. */
  repeatReferrals: number
}

function zeroes<K extends string>(names: readonly K[]): Record<K, number> {
  return Object.fromEntries(names.map(name => [name, 0])) as Record<K, number>
}

const floorPercent = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.floor((part * 100) / whole)

export function ladoYearFigures(
  rows: readonly ReferralFacts[],
  startYear: number,
): LadoYearFigures {
  const { year, from, to } = financialYear(startYear)
  const inYear = rows.filter(row => row.receivedOn >= from && row.receivedOn <= to)
  const bySector = zeroes(Object.keys(SECTOR_NAMES) as Sector[])
  const byOutcome = zeroes([...(Object.keys(OUTCOME_SHORT_NAMES) as Outcome[]), 'open' as const])
  const bands = zeroes([
    'within-one-month',
    'within-three-months',
    'over-three-months',
    'open',
  ] as const)
  const firstSeen = new Map<string, { receivedOn: string; id: string }>()
  for (const row of rows) {
    const seen = firstSeen.get(row.adultKey)
    if (
      !seen ||
      row.receivedOn < seen.receivedOn ||
      (row.receivedOn === seen.receivedOn && row.id < seen.id)
    )
      firstSeen.set(row.adultKey, { receivedOn: row.receivedOn, id: row.id })
  }
  let onTime = 0
  let late = 0
  let repeats = 0
  for (const row of inYear) {
    bySector[row.sector] += 1
    byOutcome[row.closedOn ? (row.outcome ?? 'open') : 'open'] += 1
    bands[row.closedOn ? durationBand(row.receivedOn, row.closedOn) : 'open'] += 1
    if (row.initialConsiderationOn && row.initialConsiderationOn <= row.initialConsiderationDueOn)
      onTime += 1
    else if (row.initialConsiderationOn || row.initialConsiderationDueOn < to) late += 1
    if (firstSeen.get(row.adultKey)?.id !== row.id) repeats += 1
  }
  const withinOneMonth = floorPercent(bands['within-one-month'], inYear.length)
  return {
    year,
    from,
    to,
    referrals: inYear.length,
    bySector,
    byOutcome,
    bands,
    percentWithinOneMonth: withinOneMonth,
    percentWithinThreeMonths: floorPercent(bands['within-three-months'], inYear.length),
    meetsOneMonthStandard: withinOneMonth >= STANDARD_WITHIN_ONE_MONTH_PERCENT,
    initialConsiderationOnTime: onTime,
    initialConsiderationLate: late,
    repeatReferrals: repeats,
  }
}
