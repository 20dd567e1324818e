/** What the dataset's figure groups share: the shapes of a figure and a section, and counting. */
import type { PeriodBounds } from '../../../platform/period-counts.js'
import type { WorkingDayCalendar } from '../../../platform/working-days.js'
import type { ProtectionTimescales } from '../../protection/queries.js'
import type { Period } from '../schema.js'

export const ASSESSMENT_WORKING_DAYS = 45

/** A count and, for a rate, what it is out of. */
export interface Figure {
  id: string
  label: string
  count: number
  /** The denominator; null for a plain count. */
  of: number | null
}

export interface FigureSection {
  id: string
  title: string
  /** Exactly how the figures are computed, sentence by sentence. */
  help: string[]
  figures: Figure[]
}

export interface DatasetFigures {
  period: Period
  sections: FigureSection[]
}

/** A period as the queries see it: calendar dates, and London midnights for timestamps. */
export type Bounds = PeriodBounds

/** What every figure group needs: the period, the calendar and the protection timescales. */
export interface FigureContext {
  bounds: Bounds
  calendar: WorkingDayCalendar
  timescales: ProtectionTimescales
}

/** The rate as a percentage to one decimal place; null when there is nothing to divide by. */
export function rateOf(figure: Pick<Figure, 'count' | 'of'>): number | null {
  if (figure.of === null || figure.of === 0) return null
  return Math.round((figure.count / figure.of) * 1000) / 10
}

export const rateFigure = (id: string, label: string, count: number, of: number): Figure => ({
  id,
  label,
  count,
  of,
})
export const countFigure = (id: string, label: string, count: number): Figure => ({
  id,
  label,
  count,
  of: null,
})

export function sum<T>(rows: T[], pick: (row: T) => number): number {
  return rows.reduce((total, row) => total + pick(row), 0)
}

/** The counts of the grouped rows that match, added up. */
export function countOf<T extends { count: number }>(
  rows: T[],
  matches: (row: T) => boolean,
): number {
  return sum(rows, row => (matches(row) ? row.count : 0))
}
