/**
 * The DfE figures laid out for downloads, the API and the command line: one row per figure with
 * its comparators and target, and the breakdowns. Counts and rates only: never a child.
 */
import type ExcelJS from 'exceljs'
import { neutraliseFormula } from '../../../platform/csv.js'
import type { CinReport } from './report.js'

export const CSV_HEADER = [
  'indicator',
  'label',
  'count',
  'out_of',
  'percent',
  'rate_per_10000',
  'comparator_year',
  'england',
  'region',
  'statistical_neighbours',
  'target',
  'rag',
]

export function reportRows(report: CinReport): unknown[][] {
  return report.figures.map(f => [
    f.id,
    f.label,
    f.count,
    f.of ?? '',
    f.percent ?? '',
    f.ratePer10k ?? '',
    f.comparators?.year ?? '',
    f.comparators?.england ?? '',
    f.comparators?.region ?? '',
    f.comparators?.neighbours ?? '',
    f.target
      ? f.target.polarity === 'range'
        ? `${f.target.rangeLow}-${f.target.rangeHigh}`
        : f.target.target
      : '',
    f.rag ?? '',
  ])
}

export function reportJson(report: CinReport) {
  return {
    from: report.from,
    to: report.to,
    financialYearEnding: report.year,
    population: report.population,
    comparatorNote: report.comparatorNote,
    figures: report.figures.map(f => ({
      indicator: f.id,
      label: f.label,
      definition: f.definition,
      count: f.count,
      outOf: f.of,
      percent: f.percent,
      ratePer10000: f.ratePer10k,
      comparators: f.comparators,
      target: f.target,
      rag: f.rag,
    })),
    breakdowns: report.breakdowns,
  }
}

/** The DfE figures and their breakdowns as two sheets of a workbook (numbers as numbers). */
export function addDfeSheets(workbook: ExcelJS.Workbook, report: CinReport): void {
  const figures = workbook.addWorksheet('DfE figures')
  figures.addRow([`DfE-comparable figures from ${report.from} to ${report.to}`]).font = {
    bold: true,
  }
  figures.addRow([report.comparatorNote])
  figures.addRow(CSV_HEADER).font = { bold: true }
  for (const row of reportRows(report)) {
    figures.addRow(row.map(cell => (typeof cell === 'number' ? cell : neutraliseFormula(cell))))
  }
  figures.getColumn(2).width = 60
  const breakdowns = workbook.addWorksheet('DfE breakdowns')
  breakdowns.addRow(['breakdown', 'label', 'count', 'out_of']).font = { bold: true }
  for (const breakdown of report.breakdowns) {
    for (const row of breakdown.rows) {
      breakdowns.addRow([breakdown.title, row.label, row.count, breakdown.of])
    }
  }
  breakdowns.getColumn(1).width = 50
  breakdowns.getColumn(2).width = 40
}
