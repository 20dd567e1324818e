import type { ChartSpec } from '../../platform/charts.js'
import { SUPPRESSED, isSmallCount, suppressionMask } from '../../platform/suppression.js'

/**
 * What a report holds once its blocks have been read: plain data, the same for the HTML page, the
 * PDF and the Word document, and what sign-off freezes as JSON. Numbers stay numbers until
 * `publishContent` applies small-number suppression; `formatCell` turns them into text.
 */

/** A count of children or events (suppressed when 1 to 5), or a figure derived from counts. */
export type Cell =
  | string
  | { count: number }
  | {
      value: number
      unit?: '%' | ' per 10,000'
      from?: { numerator: number; denominator?: number; cell?: [number, number] }
    }
  | { money: number }
  | null

export interface ContentTable {
  caption: string
  head: string[]
  rows: { label: string; cells: Cell[] }[]
  /** The last row is the total of the rows above it (so one held-back cell needs a second). */
  totalRow?: boolean
}

export interface ContentSection {
  id: string
  kind: string
  title: string
  /** Markdown, shown through markdown-it with raw HTML off. */
  markdown: string
  /** Short sentences shown before the tables (what a block says in words). */
  summary: string[]
  tables: ContentTable[]
  charts: ChartSpec[]
  notes: string[]
}

export interface ReportContent {
  title: string
  partnershipName: string
  year: string
  kind: string
  /** True once suppression has been applied (published outputs). */
  published: boolean
  sections: ContentSection[]
}

export const SUPPRESSION_NOTE =
  'Counts from 1 to 5 are shown as c, and so is any figure from which one could be worked out, so that no child can be identified.'

const plain = (value: number) =>
  Number.isInteger(value)
    ? value.toLocaleString('en-GB')
    : value.toLocaleString('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 })

export function formatCell(cell: Cell): string {
  if (cell === null) return ''
  if (typeof cell === 'string') return cell
  if ('count' in cell) return plain(cell.count)
  if ('money' in cell) return `£${plain(Math.round(cell.money / 100))}`
  return `${plain(cell.value)}${cell.unit ?? ''}`
}

/** A table's count cells as a grid (0 elsewhere), and which cells are counts. */
function countGrid(table: ContentTable, rows: ContentTable['rows']) {
  return rows.map(row =>
    row.cells.map(c => (c && typeof c === 'object' && 'count' in c ? c.count : 0)),
  )
}

/** Suppresses one table: counts 1-5, then secondary cells, then derived figures that reveal them. */
export function suppressContentTable(table: ContentTable): { table: ContentTable; held: boolean } {
  const body = table.totalRow ? table.rows.slice(0, -1) : table.rows
  const mask = suppressionMask(countGrid(table, body), { rows: false, columns: !!table.totalRow })
  let held = false
  const rows = table.rows.map((row, r) => ({
    label: row.label,
    cells: row.cells.map((cell, c): Cell => {
      if (!cell || typeof cell !== 'object') return cell
      const isTotal = table.totalRow && r === table.rows.length - 1
      const hide =
        ('count' in cell && (isTotal ? mask.columnTotals[c] : mask.cells[r]?.[c])) ||
        ('value' in cell &&
          cell.from !== undefined &&
          (isSmallCount(cell.from.numerator) ||
            (cell.from.denominator !== undefined && isSmallCount(cell.from.denominator)) ||
            (cell.from.cell !== undefined && !!mask.cells[cell.from.cell[0]]?.[cell.from.cell[1]])))
      if (hide) held = true
      return hide ? SUPPRESSED : cell
    }),
  }))
  return { table: { ...table, rows }, held }
}

/** Charts of counts show nothing for a held-back value (the table beside says c). */
function suppressChart(chart: ChartSpec, countsOnly: boolean): ChartSpec {
  if (!countsOnly) return chart
  return {
    ...chart,
    series: chart.series.map(s => ({
      ...s,
      points: s.points.map(p => (p.y !== null && isSmallCount(p.y) ? { ...p, y: null } : p)),
    })),
  }
}

/** The content as it may be published: every count table and chart suppressed, notes added. */
export function publishContent(content: ReportContent): ReportContent {
  if (content.published) return content
  return {
    ...content,
    published: true,
    sections: content.sections.map(section => {
      const tables = section.tables.map(suppressContentTable)
      const held = tables.some(t => t.held)
      return {
        ...section,
        tables: tables.map(t => t.table),
        charts: section.charts.map(chart => suppressChart(chart, chart.unit === undefined)),
        notes: held ? [...section.notes, SUPPRESSION_NOTE] : section.notes,
      }
    }),
  }
}
