/**
 * The dataset laid out as rows: one per figure, with the period and the period before side by
 * side, for the page's tables and for CSV and XLSX downloads. Only counts, rates and the names of
 * sections, figures and agencies: never a child.
 */
import ExcelJS from 'exceljs'
import { neutraliseFormula } from '../../platform/csv.js'
import { addDfeSheets } from './cin/export.js'
import type { CinReport } from './cin/report.js'
import { rateOf, type DatasetFigures, type Figure, type FigureSection } from './service.js'

export interface FigureValue {
  count: number
  of: number | null
  rate: number | null
  text: string
}

export interface FigureRow {
  id: string
  label: string
  current: FigureValue
  previous: FigureValue
}

export interface SectionRows {
  id: string
  title: string
  help: string[]
  rows: FigureRow[]
  isEmpty: boolean
}

function valueOf(figure: Figure | undefined, isRate: boolean): FigureValue {
  const count = figure?.count ?? 0
  const of = figure ? figure.of : isRate ? 0 : null
  const rate = rateOf({ count, of })
  if (of === null) return { count, of, rate, text: String(count) }
  const percent = rate === null ? '' : ` (${rate.toFixed(1)}%)`
  return { count, of, rate, text: `${String(count)} of ${String(of)}${percent}` }
}

function isNothing(value: FigureValue): boolean {
  return value.count === 0 && !value.of
}

/** A section's figures in both periods; an agency seen in only one period shows 0 in the other. */
function sectionRows(current: FigureSection, previous: FigureSection | undefined): SectionRows {
  const before = new Map((previous?.figures ?? []).map(figure => [figure.id, figure]))
  const now = new Map(current.figures.map(figure => [figure.id, figure]))
  const figures = [...current.figures, ...(previous?.figures ?? []).filter(f => !now.has(f.id))]
  const rows = figures.map(figure => {
    const isRate = figure.of !== null
    return {
      id: figure.id,
      label: figure.label,
      current: valueOf(now.get(figure.id), isRate),
      previous: valueOf(before.get(figure.id), isRate),
    }
  })
  return {
    id: current.id,
    title: current.title,
    help: current.help,
    rows,
    isEmpty: rows.every(row => isNothing(row.current) && isNothing(row.previous)),
  }
}

export function compareFigures(current: DatasetFigures, previous: DatasetFigures): SectionRows[] {
  return current.sections.map(section =>
    sectionRows(
      section,
      previous.sections.find(other => other.id === section.id),
    ),
  )
}

export const EXPORT_HEADER = [
  'section',
  'figure',
  'period_from',
  'period_to',
  'numerator',
  'denominator',
  'rate_percent',
  'previous_from',
  'previous_to',
  'previous_numerator',
  'previous_denominator',
  'previous_rate_percent',
]

/** One line per figure, numbers as numbers and empty cells where there is no rate. */
export function exportRows(current: DatasetFigures, previous: DatasetFigures): unknown[][] {
  return compareFigures(current, previous).flatMap(section =>
    section.rows.map(row => [
      section.title,
      row.label,
      current.period.from,
      current.period.to,
      row.current.count,
      row.current.of ?? '',
      row.current.rate ?? '',
      previous.period.from,
      previous.period.to,
      row.previous.count,
      row.previous.of ?? '',
      row.previous.rate ?? '',
    ]),
  )
}

/**
 * A workbook with the figures, how each section is computed, and the DfE figures with their
 * comparators, targets and breakdowns.
 */
export async function datasetWorkbook(
  current: DatasetFigures,
  previous: DatasetFigures,
  dfe: CinReport | null,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const figures = workbook.addWorksheet('Figures')
  figures.addRow(EXPORT_HEADER).font = { bold: true }
  for (const row of exportRows(current, previous)) {
    // Agency names are typed by people: text cells are never read as formulas.
    figures.addRow(row.map(cell => (typeof cell === 'number' ? cell : neutraliseFormula(cell))))
  }
  figures.getColumn(1).width = 40
  figures.getColumn(2).width = 60
  const definitions = workbook.addWorksheet('Definitions')
  definitions.addRow(['section', 'how the figures are computed']).font = { bold: true }
  for (const section of current.sections) {
    for (const sentence of section.help) {
      definitions.addRow([neutraliseFormula(section.title), neutraliseFormula(sentence)])
    }
  }
  definitions.getColumn(1).width = 40
  definitions.getColumn(2).width = 120
  if (dfe) addDfeSheets(workbook, dfe)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
