/**
 * Monthly trends of the DfE figures for charts: the records of the whole span are read once and
 * each month's figures computed from them (every definition filters by its own dates).
 */
import type { Trx } from '../../../db/database.js'
import { renderChart, type ChartReference, type RenderedChart } from '../../../platform/charts.js'
import { addCalendarDays, addCalendarMonths, type IsoDate } from '../../../platform/working-days.js'
import { computeCinFigures } from './figures.js'
import { readCinRecords } from './records.js'
import type { CinReport } from './report.js'
import { englandAndWales } from '../../../platform/working-days.js'

const MONTHS = new Intl.DateTimeFormat('en-GB', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
})

/** Up to 12 calendar months ending with the month of `to`. */
export function monthsEnding(
  to: IsoDate,
  count = 12,
): { from: IsoDate; to: IsoDate; label: string }[] {
  const lastStart = `${to.slice(0, 7)}-01`
  return Array.from({ length: count }, (_, i) => {
    const from = addCalendarMonths(lastStart, i - count + 1)
    return {
      from,
      to: addCalendarDays(addCalendarMonths(from, 1), -1),
      label: MONTHS.format(new Date(`${from}T12:00:00Z`)),
    }
  })
}

function referenceLines(report: CinReport, id: string, asRate: boolean): ChartReference[] {
  const comparators = report.figures.find(f => f.id === id)?.comparators
  if (!comparators || !asRate) return []
  const lines: ChartReference[] = []
  if (comparators.england !== null)
    lines.push({ label: `England ${comparators.year}`, value: comparators.england })
  if (comparators.neighbours !== null)
    lines.push({
      label: `Statistical neighbours ${comparators.year}`,
      value: comparators.neighbours,
    })
  return lines
}

export async function cinTrendCharts(trx: Trx, report: CinReport): Promise<RenderedChart[]> {
  const months = monthsEnding(report.to)
  const first = months[0]
  if (!first) return []
  const records = await readCinRecords(trx, { from: first.from, to: report.to })
  const sets = months.map(month => ({
    month,
    set: computeCinFigures(records, month, englandAndWales),
  }))
  const count = (set: (typeof sets)[number]['set'], id: string) =>
    set.figures.find(f => f.id === id)?.count ?? 0
  const population = report.population?.value ?? null
  const perTenThousand = (value: number) =>
    population ? Math.round((value / population) * 100_000) / 10 : value
  return [
    renderChart({
      id: 'referrals-by-month',
      title: 'Referrals to children’s social care by month',
      kind: 'bar',
      xLabel: 'Month',
      yLabel: 'Referrals',
      series: [
        {
          name: 'Referrals',
          points: sets.map(({ month, set }) => ({
            x: month.label,
            y: count(set, 'CPP_Total_NumRef'),
          })),
        },
      ],
    }),
    renderChart({
      id: 'plans-by-month',
      title: population
        ? 'Children on a child protection plan at the end of each month, per 10,000 children'
        : 'Children on a child protection plan at the end of each month',
      kind: 'line',
      xLabel: 'Month',
      yLabel: population ? 'Rate per 10,000 children' : 'Children on a plan',
      series: [
        {
          name: population ? 'Rate per 10,000' : 'Children on a plan',
          points: sets.map(({ month, set }) => ({
            x: month.label,
            y: perTenThousand(count(set, 'CPP_Num')),
          })),
        },
      ],
      references: referenceLines(report, 'CPP_Num', population !== null),
    }),
  ]
}
