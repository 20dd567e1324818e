import * as Plot from '@observablehq/plot'
import { parseHTML } from 'linkedom'

/**
 * Charts drawn on the server as accessible SVG (they work without JavaScript), always shown with
 * the data table they were drawn from (the GOV.UK pattern: the table is the accessible form; the
 * chart is a picture of it). Render with `renderChart(spec)` and show with the Nunjucks macro
 * `chartWithTable` in `platform/views/chart.njk`.
 */

export type ChartPoint = { x: string; y: number | null }
export type ChartSeries = { name: string; points: ChartPoint[] }
/** A comparator or target drawn as a dashed horizontal line across the chart. */
export type ChartReference = { label: string; value: number }

export type ChartSpec = {
  /** Unique on the page: used for the ids of the chart and its table. */
  id: string
  title: string
  kind: 'line' | 'bar'
  xLabel: string
  yLabel: string
  /** Appended to numbers in the table, e.g. '%'. */
  unit?: string
  series: ChartSeries[]
  references?: ChartReference[]
  width?: number
  height?: number
}

export type ChartTable = {
  caption: string
  head: string[]
  rows: { label: string; cells: string[] }[]
}

export type RenderedChart = {
  id: string
  title: string
  /** The SVG markup (escaped by the DOM serialiser; safe to output unescaped). */
  svg: string
  /** One sentence that says what the chart shows, for screen readers and the figure caption. */
  description: string
  table: ChartTable
  references: { label: string; text: string }[]
  isEmpty: boolean
}

/** GOV.UK colours with enough contrast against white, in a fixed order. */
const PALETTE = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#f47738', '#505a5f']
const REFERENCE_COLOUR = '#0b0c0c'

function formatNumber(value: number | null, unit = ''): string {
  if (value === null || !Number.isFinite(value)) return 'No data'
  const text = Number.isInteger(value)
    ? value.toLocaleString('en-GB')
    : value.toLocaleString('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 })
  return `${text}${unit}`
}

/** The x values of all series, in the order they first appear. */
function xDomain(series: ChartSeries[]): string[] {
  const seen = new Set<string>()
  for (const one of series) for (const point of one.points) seen.add(point.x)
  return [...seen]
}

function chartTable(spec: ChartSpec, domain: string[]): ChartTable {
  const bySeries = spec.series.map(one => new Map(one.points.map(point => [point.x, point.y])))
  return {
    caption: `${spec.title}: the data in the chart`,
    head: [spec.xLabel, ...spec.series.map(one => one.name)],
    rows: domain.map(x => ({
      label: x,
      cells: bySeries.map(values => formatNumber(values.get(x) ?? null, spec.unit)),
    })),
  }
}

function describe(spec: ChartSpec, domain: string[]): string {
  const what = spec.kind === 'line' ? 'Line chart' : 'Bar chart'
  const series = spec.series.map(one => one.name).join(', ')
  const range = domain.length ? ` from ${domain[0]} to ${domain[domain.length - 1]}` : ''
  const refs = (spec.references ?? [])
    .map(ref => `${ref.label} ${formatNumber(ref.value, spec.unit)}`)
    .join(', ')
  return `${what} of ${spec.yLabel.toLowerCase()} by ${spec.xLabel.toLowerCase()}${range}: ${series}${
    refs ? `; reference lines: ${refs}` : ''
  }. The table beside it gives the same figures.`
}

type Row = { x: string; y: number; series: string }

/** The little of the DOM used here (the project compiles without the DOM library). */
type SvgNode = {
  querySelectorAll(selector: string): Iterable<SvgNode>
  remove(): void
  removeAttribute(name: string): void
  setAttribute(name: string, value: string): void
  attributes: Iterable<{ name: string; value: string }>
  insertBefore(node: SvgNode, before: unknown): void
  firstChild: unknown
  textContent: string | null
  outerHTML: string
}
type SvgDocument = { createElementNS(namespace: string, name: string): SvgNode }

function rowsOf(spec: ChartSpec): Row[] {
  return spec.series.flatMap(one =>
    one.points
      .filter((point): point is { x: string; y: number } => point.y !== null)
      .map(point => ({ x: point.x, y: point.y, series: one.name })),
  )
}

function referenceMarks(references: ChartReference[]): Plot.Markish[] {
  if (!references.length) return []
  return [
    Plot.ruleY(references, {
      y: 'value',
      stroke: REFERENCE_COLOUR,
      strokeDasharray: '6,4',
      strokeWidth: 1.5,
    }),
    Plot.text(references, {
      y: 'value',
      frameAnchor: 'right',
      text: 'label',
      dy: -6,
      textAnchor: 'end',
      fill: REFERENCE_COLOUR,
      fontSize: 12,
    }),
  ]
}

function dataMarks(spec: ChartSpec, rows: Row[], colours: string[]): Plot.Markish[] {
  const names = spec.series.map(one => one.name)
  const colour = (name: string) => colours[names.indexOf(name) % colours.length] ?? PALETTE[0]
  if (spec.kind === 'bar') {
    if (names.length === 1) return [Plot.barY(rows, { x: 'x', y: 'y', fill: colours[0] })]
    return [
      Plot.barY(rows, { fx: 'x', x: 'series', y: 'y', fill: (row: Row) => colour(row.series) }),
    ]
  }
  return names.flatMap(name => {
    const own = rows.filter(row => row.series === name)
    return [
      Plot.lineY(own, { x: 'x', y: 'y', stroke: colour(name), strokeWidth: 2.5 }),
      Plot.dot(own, { x: 'x', y: 'y', fill: colour(name), r: 3 }),
      ...(names.length > 1
        ? [
            Plot.text(
              own,
              Plot.selectLast({
                x: 'x',
                y: 'y',
                text: () => name,
                dx: 6,
                textAnchor: 'start',
                fill: colour(name),
                fontSize: 12,
              }),
            ),
          ]
        : []),
    ]
  })
}

function drawSvg(spec: ChartSpec, domain: string[], description: string): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>') as unknown as {
    document: SvgDocument
  }
  const rows = rowsOf(spec)
  const references = spec.references ?? []
  const grouped = spec.kind === 'bar' && spec.series.length > 1
  const values = [...rows.map(row => row.y), ...references.map(ref => ref.value), 0]
  const figure = Plot.plot({
    ...({ document } as object),
    width: spec.width ?? 640,
    height: spec.height ?? 320,
    marginRight: spec.kind === 'line' && spec.series.length > 1 ? 110 : 20,
    marginBottom: 45,
    ariaLabel: spec.title,
    ariaDescription: description,
    style: { fontSize: '12px', color: '#0b0c0c' },
    x: grouped
      ? { axis: null, domain: spec.series.map(one => one.name) }
      : {
          domain,
          type: spec.kind === 'bar' ? 'band' : 'point',
          label: spec.xLabel,
          tickRotate: domain.length > 8 ? -35 : 0,
        },
    ...(grouped ? { fx: { domain, label: spec.xLabel } } : {}),
    y: { label: spec.yLabel, grid: true, domain: [0, Math.max(...values) * 1.1 || 1], nice: true },
    marks: [Plot.ruleY([0]), ...dataMarks(spec, rows, PALETTE), ...referenceMarks(references)],
  }) as unknown as SvgNode
  return finishSvg(document, figure, spec.title)
}

/**
 * Plot writes an inline <style> (and style attributes), which the content security policy refuses:
 * drop them (keepsafe.css styles `.keepsafe-chart svg`), and make the SVG one image with a title.
 */
function finishSvg(document: SvgDocument, svg: SvgNode, title: string): string {
  for (const style of [...svg.querySelectorAll('style')]) style.remove()
  for (const styled of [svg, ...svg.querySelectorAll('[style]')]) styled.removeAttribute('style')
  // The SVG is one image (role="img"): labels on its parts are not allowed, and the table says it all.
  for (const part of [...svg.querySelectorAll('[aria-label], [aria-description]')]) {
    part.removeAttribute('aria-label')
    part.removeAttribute('aria-description')
  }
  svg.setAttribute('role', 'img')
  svg.setAttribute('focusable', 'false')
  svg.removeAttribute('class')
  const titleElement = document.createElementNS('http://www.w3.org/2000/svg', 'title')
  titleElement.textContent = title
  svg.insertBefore(titleElement, svg.firstChild)
  escapeAttributes(svg)
  return svg.outerHTML
}

/** linkedom writes attribute values as they are: escape them so a label cannot break out. */
function escapeAttributes(root: SvgNode): void {
  for (const element of [root, ...root.querySelectorAll('*')]) {
    for (const { name, value } of [...element.attributes]) {
      element.setAttribute(
        name,
        value
          .replaceAll('&', '&amp;')
          .replaceAll('<', '&lt;')
          .replaceAll('>', '&gt;')
          .replaceAll('"', '&quot;'),
      )
    }
  }
}

/** Draws a chart and builds the data table shown beside it. */
export function renderChart(spec: ChartSpec): RenderedChart {
  const domain = xDomain(spec.series)
  const description = describe(spec, domain)
  const isEmpty = rowsOf(spec).length === 0
  return {
    id: spec.id,
    title: spec.title,
    svg: isEmpty ? '' : drawSvg(spec, domain, description),
    description,
    table: chartTable(spec, domain),
    references: (spec.references ?? []).map(ref => ({
      label: ref.label,
      text: formatNumber(ref.value, spec.unit),
    })),
    isEmpty,
  }
}
