/**
 * The DfE figures made ready to read: each with its headline value (a percentage, a rate per
 * 10,000 children or a count), comparators with the LAIT year compared, and the target's RAG.
 */
import { comparatorsFor, type Comparators, type Lait } from '../lait.js'
import { definitionOf } from './definitions.js'
import type { CinBreakdown, CinFigure, CinFigureSet } from './figures.js'
import type { TargetRow } from './repo.js'
import { financialYearOf as financialYearStarting } from '../../../platform/financial-year.js'

export type Rag = 'green' | 'amber' | 'red'

export interface Population {
  value: number
  /** Where it came from, in words ("ONS mid-2011 estimate, imported" or "derived from LAIT"). */
  source: string
  /** Imported estimates of age bands (e.g. '11-17', 'under-1'), for rates by age. */
  bands?: Record<string, number>
}

export interface ReportedFigure extends CinFigure {
  percent: number | null
  ratePer10k: number | null
  /** What targets and comparators are compared with: the percentage, else the rate, else the count. */
  headline: number
  headlineUnit: '%' | 'per 10,000' | ''
  comparators: Comparators | null
  target: TargetRow | null
  rag: Rag | null
}

export interface CinReport extends Omit<CinFigureSet, 'figures'> {
  /** The LAIT year: the financial year ending 31 March of this year. */
  year: number
  population: Population | null
  figures: ReportedFigure[]
  comparatorNote: string
  /** LAIT is still being read after start-up: comparators and the derived population come later. */
  comparatorsLoading: boolean
  /** The calendar of working days used for DfE timescales. */
  calendar: 'england-and-wales' | 'partnership'
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10

/** The financial year (ending 31 March of the year returned) that holds a date. */
export function financialYearOf(date: string): number {
  return financialYearStarting(date) + 1
}

/** A RAG from a target: green when met, amber when within the tolerance of it, else red. */
export function ragOf(value: number, target: TargetRow): Rag {
  const { polarity, tolerance } = target
  if (polarity === 'range') {
    const low = target.rangeLow ?? -Infinity
    const high = target.rangeHigh ?? Infinity
    if (value >= low && value <= high) return 'green'
    return value >= low - tolerance && value <= high + tolerance ? 'amber' : 'red'
  }
  const goal = target.target ?? 0
  const shortfall = polarity === 'higher' ? goal - value : value - goal
  if (shortfall <= 0) return 'green'
  return shortfall <= tolerance ? 'amber' : 'red'
}

/** The target in force for a year: that year's, else the latest earlier one. */
export function targetFor(targets: TargetRow[], key: string, year: number): TargetRow | null {
  return (
    targets
      .filter(t => t.indicatorKey === key && t.year <= year)
      .sort((a, b) => b.year - a.year)[0] ?? null
  )
}

function report(
  figure: CinFigure,
  context: {
    population: Population | null
    lait: Lait | null
    laNumber: number | null
    year: number
    targets: TargetRow[]
  },
): ReportedFigure {
  const percent = figure.of ? oneDecimal((figure.count / figure.of) * 100) : null
  const denominator = figure.populationBand
    ? context.population?.bands?.[figure.populationBand]
    : context.population?.value
  const ratePer10k =
    figure.per10k && denominator ? oneDecimal((figure.count / denominator) * 10_000) : null
  const headline = percent ?? ratePer10k ?? figure.count
  const headlineUnit = percent !== null ? '%' : ratePer10k !== null ? 'per 10,000' : ''
  const comparator = definitionOf(figure.id)?.comparator
  const comparators =
    comparator && context.lait
      ? comparatorsFor(context.lait, comparator.measure, context.laNumber, context.year)
      : null
  const target = targetFor(context.targets, figure.id, context.year)
  const rag = target && (figure.of === null || figure.of > 0) ? ragOf(headline, target) : null
  return { ...figure, percent, ratePer10k, headline, headlineUnit, comparators, target, rag }
}

/** Each age band's rate per 10,000 children of that age, where its population was imported. */
function withBandRates(breakdown: CinBreakdown, population: Population | null): CinBreakdown {
  const bands = breakdown.populationBands
  if (!bands) return breakdown
  return {
    ...breakdown,
    rows: breakdown.rows.map(row => {
      const band = bands[row.label]
      const of = band ? population?.bands?.[band] : undefined
      return { ...row, ratePer10k: of ? oneDecimal((row.count / of) * 10_000) : null }
    }),
  }
}

export function buildCinReport(
  set: CinFigureSet,
  context: {
    population: Population | null
    lait: Lait | null
    laitMessage: string | null
    comparatorsLoading?: boolean
    laNumber: number | null
    targets: TargetRow[]
    calendar: 'england-and-wales' | 'partnership'
  },
): CinReport {
  const year = financialYearOf(set.to)
  const figures = set.figures.map(figure => report(figure, { ...context, year }))
  const comparatorNote = context.laitMessage
    ? context.laitMessage
    : context.laNumber === null
      ? 'Choose the partnership’s local authority in the dataset settings to compare with its region and statistical neighbours; England is shown.'
      : `Comparators are DfE’s published figures (LAIT) for the latest year available up to the year ending 31 March ${year}; each says its year. Statistical neighbours are the average of the ten in ${context.lait?.neighboursFile ?? 'the statistical neighbour list'}; the region is the average of its local authorities.`
  return {
    from: set.from,
    to: set.to,
    breakdowns: set.breakdowns.map(breakdown => withBandRates(breakdown, context.population)),
    year,
    population: context.population,
    figures,
    comparatorNote,
    comparatorsLoading: context.comparatorsLoading ?? false,
    calendar: context.calendar,
  }
}
