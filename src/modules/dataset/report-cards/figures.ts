/**
 * The series a report card charts: catalogue indicators from the agencies' signed-off returns, and
 * the dataset's own figures computed per quarter. This file is the one place that knows how the
 * dataset's figures are asked for.
 */
import type { Db, Trx } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import type { Actor } from '../../../platform/http/types.js'
import { addCalendarMonths } from '../../../platform/working-days.js'
import { quarterContaining, recentQuarters, type Quarter } from '../returns/schema.js'
import { returnSeries } from '../returns/service.js'
import { datasetFigures, rateOf } from '../service.js'
import { DEFINITIONS } from '../cin/definitions.js'
import type { ReportedFigure } from '../cin/report.js'
import { cinReports } from '../cin/service.js'
import type { Comparators } from '../lait.js'

export const QUARTERS_SHOWN = 8

export interface Series {
  key: string
  name: string
  definition: string
  source: string
  unit: 'count' | 'percentage' | 'rate'
  /** For a DfE figure: the target in force for the latest quarter's year, and the comparators. */
  target?: ReportedFigure['target']
  comparators?: Comparators | null
  /** LAIT is still being read after start-up, so the comparators are not there yet. */
  comparatorsLoading?: boolean
  /** Counts behind each value, when the value is derived (for suppression). */
  points: {
    quarter: Quarter
    value: number | null
    numerator: number | null
    denominator: number | null
  }[]
}

/** The last complete quarters, oldest first. */
export function quartersShown(today = londonToday()): Quarter[] {
  const lastComplete = addCalendarMonths(quarterContaining(today).start, -3)
  return recentQuarters(lastComplete, QUARTERS_SHOWN).reverse()
}

export async function catalogueSeries(
  trx: Trx,
  partnershipId: string,
  keys: string[],
  quarters: Quarter[],
): Promise<Series[]> {
  const rows = await returnSeries(trx, partnershipId, keys, quarters)
  return rows.map(row => ({
    key: `return:${row.key}`,
    name: row.name,
    definition: row.definition,
    source: `${row.agencyName}’s quarterly return (signed off)`,
    unit: row.unit as Series['unit'],
    points: row.values.map(({ quarter, value }) => ({
      quarter,
      value,
      numerator: row.unit === 'count' ? value : null,
      denominator: null,
    })),
  }))
}

/** The dataset's figures by quarter for the ids asked for (all of them when `ids` is null). */
export async function datasetSeries(
  db: Db,
  actor: Actor,
  ids: string[] | null,
  quarters: Quarter[],
): Promise<Series[]> {
  if (ids !== null && ids.length === 0) return []
  const periods = quarters.map(q => ({ from: q.start, to: q.end, label: q.label }))
  const results = await datasetFigures(db, actor, periods)
  const byId = new Map<string, Series>()
  results.forEach((result, index) => {
    const quarter = quarters[index]
    if (!quarter) return
    for (const section of result.sections)
      for (const figure of section.figures) {
        if (ids !== null && !ids.includes(figure.id)) continue
        const series = byId.get(figure.id) ?? {
          key: `dataset:${figure.id}`,
          name: figure.label,
          definition: section.help.join(' '),
          source: `Keepsafe’s records (${section.title})`,
          unit: figure.of === null ? ('count' as const) : ('percentage' as const),
          points: [],
        }
        series.points.push({
          quarter,
          value: figure.of === null ? figure.count : rateOf(figure),
          numerator: figure.count,
          denominator: figure.of,
        })
        byId.set(figure.id, series)
      }
  })
  return [...byId.values()]
}

/** The dataset figures a card can choose from: id and label. */
export async function datasetChoices(
  db: Db,
  actor: Actor,
): Promise<{ id: string; label: string }[]> {
  const [quarter] = quartersShown().slice(-1)
  if (!quarter) return []
  const series = await datasetSeries(db, actor, null, [quarter])
  return series.map(s => ({ id: s.key.slice('dataset:'.length), label: s.name }))
}

const DFE_UNITS = { '%': 'percentage', 'per 10,000': 'rate', '': 'count' } as const

/** A DfE figure's value for a quarter: its percentage, rate per 10,000 or count (null if 0 of 0). */
function dfePoint(quarter: Quarter, figure: ReportedFigure | undefined) {
  if (!figure || figure.of === 0)
    return {
      quarter,
      value: null,
      numerator: figure?.count ?? null,
      denominator: figure?.of ?? null,
    }
  return { quarter, value: figure.headline, numerator: figure.count, denominator: figure.of }
}

/**
 * The DfE figures by quarter for the ids asked for, with the target and comparators of the latest
 * quarter (drawn as reference lines). LAIT is not waited for: comparators come once it is read.
 */
export async function dfeSeries(
  db: Db,
  actor: Actor,
  ids: string[],
  quarters: Quarter[],
): Promise<Series[]> {
  if (ids.length === 0) return []
  const periods = quarters.map(q => ({ from: q.start, to: q.end }))
  const reports = await cinReports(db, actor, periods)
  return ids.flatMap(id => {
    const definition = (DEFINITIONS as Record<string, { label: string; text: string }>)[id]
    if (!definition) return []
    const figures = reports.map(report => report.figures.find(f => f.id === id))
    const latest = figures.at(-1)
    const unit = DFE_UNITS[latest?.headlineUnit ?? '']
    return [
      {
        key: `dfe:${id}`,
        name: definition.label,
        definition: definition.text,
        source: 'Keepsafe’s records, as DfE defines the figure',
        unit,
        target: latest?.target ?? null,
        comparators: latest?.comparators ?? null,
        comparatorsLoading: reports.at(-1)?.comparatorsLoading ?? false,
        points: quarters.map((quarter, i) => dfePoint(quarter, figures[i])),
      },
    ]
  })
}

/** Definitions that describe a breakdown (a table of counts), not one figure a card can chart. */
const BREAKDOWNS = new Set(['RefBySource', 'AssessmentFactors'])

/** The DfE figures a card can choose from (each with its target and comparators). */
export function dfeChoices(): { id: string; label: string }[] {
  return Object.entries(DEFINITIONS)
    .filter(([id]) => !BREAKDOWNS.has(id))
    .map(([id, d]) => ({ id, label: d.label }))
}
