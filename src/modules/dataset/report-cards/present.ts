/**
 * A report card's indicators as charts with their data tables, and as rows for a download. Pages
 * inside the partnership show every figure; a download for publication suppresses small numbers.
 */
import { renderChart, type ChartReference, type RenderedChart } from '../../../platform/charts.js'
import {
  suppressDerived,
  suppressSeries,
  type Published,
  type SuppressOptions,
} from '../../../platform/suppression.js'
import type { Series } from './figures.js'
import { SECTIONS, type Section } from './schema.js'
import type { CardIndicator } from './service.js'

const UNIT_WORDS = { count: 'Number', percentage: 'Percentage', rate: 'Rate per 10,000 children' }

/** 'Q1 2026/27 (April to June 2026)' as 'Q1 2026/27' for an axis. */
export function shortQuarter(label: string): string {
  return label.replace(/ \(.*\)$/, '')
}

/**
 * Plot labels its mark groups (<g aria-label="bar">) inside an SVG that is one image (role="img"):
 * axe refuses aria-label on an element with no role, so the groups lose theirs. (To move into
 * platform/charts.ts, which its owner is writing.)
 */
export function withoutGroupLabels(chart: RenderedChart): RenderedChart {
  return { ...chart, svg: chart.svg.replace(/(<g\b[^>]*?) aria-label="[^"]*"/g, '$1') }
}

/** A DfE figure's target (or range) and comparators, as the chart's reference lines. */
export function referencesOf(series: Series): ChartReference[] {
  const refs: ChartReference[] = []
  const { target, comparators } = series
  if (target?.polarity === 'range') {
    if (target.rangeLow !== null) refs.push({ label: 'Target range from', value: target.rangeLow })
    if (target.rangeHigh !== null) refs.push({ label: 'Target range to', value: target.rangeHigh })
  } else if (target?.target !== null && target?.target !== undefined) {
    refs.push({ label: 'Target', value: target.target })
  }
  if (comparators) {
    const year = `, year to March ${String(comparators.year)}`
    const add = (label: string, value: number | null) => {
      if (value !== null) refs.push({ label: `${label}${year}`, value })
    }
    add('England', comparators.england)
    add(
      comparators.regionName ? `Region (${comparators.regionName})` : 'Region',
      comparators.region,
    )
    add('Statistical neighbours', comparators.neighbours)
  }
  return refs
}

export function chartOf(series: Series, index: number): RenderedChart {
  return withoutGroupLabels(
    renderChart({
      id: `indicator-${index}`,
      title: series.name,
      kind: series.unit === 'count' ? 'bar' : 'line',
      xLabel: 'Quarter',
      yLabel: UNIT_WORDS[series.unit],
      ...(series.unit === 'percentage' ? { unit: '%' } : {}),
      references: referencesOf(series),
      series: [
        {
          name: series.name,
          points: series.points.map(p => ({ x: shortQuarter(p.quarter.label), y: p.value })),
        },
      ],
    }),
  )
}

export interface SectionView {
  id: Section
  title: string
  indicators: { key: string; series: Series | null; chart: RenderedChart | null }[]
}

/** The card's indicators grouped under the three OBA questions, each with its chart. */
export function sectionsOf(indicators: CardIndicator[]): SectionView[] {
  let index = 0
  return (Object.keys(SECTIONS) as Section[]).map(id => ({
    id,
    title: SECTIONS[id],
    indicators: indicators
      .filter(i => i.section === id)
      .map(i => ({
        key: i.key,
        series: i.series,
        chart: i.series ? chartOf(i.series, (index += 1)) : null,
      })),
  }))
}

/**
 * One row per indicator: its values by quarter, and for counts the total over the quarters, with
 * small numbers held back when the download is for publication.
 */
export function exportRows(indicators: CardIndicator[], options: SuppressOptions): unknown[][] {
  return indicators.flatMap(indicator => {
    const series = indicator.series
    if (!series) return []
    let values: (Published | null)[]
    let total: Published | null = null
    if (series.unit === 'count') {
      const counts = series.points.map(p => p.value ?? 0)
      const published = suppressSeries(counts, { ...options, total: true })
      values = published.values.map((value, i) => (series.points[i]?.value === null ? null : value))
      total = published.total
    } else {
      values = series.points.map(p =>
        p.value === null
          ? null
          : p.numerator === null
            ? p.value
            : suppressDerived(
                p.value,
                { numerator: p.numerator, denominator: p.denominator },
                options,
              ),
      )
    }
    return [
      [
        SECTIONS[indicator.section],
        series.name,
        UNIT_WORDS[series.unit],
        ...values.map(value => (value === null ? '' : value)),
        total ?? '',
      ],
    ]
  })
}
