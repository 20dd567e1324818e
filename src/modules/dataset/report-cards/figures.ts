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

export const QUARTERS_SHOWN = 8

export interface Series {
  key: string
  name: string
  definition: string
  source: string
  unit: 'count' | 'percentage' | 'rate'
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
