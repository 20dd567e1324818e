import type { Trx } from '../../../db/database.js'
import {
  agencyReturnFiguresForReports,
  reportCardsForReports,
  type AgencyReturnFigure,
} from '../../dataset/queries.js'
import type { Cell } from '../content.js'
import { count, empty, periodOf, yearLabel, type BlockContent, type YearScope } from './shared.js'

/** Each report card's story, and its critical messages, as it stood at the end of the year. */
export async function reportCards(
  trx: Trx,
  { partnershipId, startYear }: YearScope,
): Promise<BlockContent> {
  const cards = await reportCardsForReports(trx, partnershipId, periodOf(startYear))
  if (!cards.length)
    return empty(`No report card was written by the end of ${yearLabel(startYear)}.`)
  return {
    summary: cards.filter(c => c.story.trim()).map(c => `${c.title}: ${c.story.trim()}`),
    tables: [
      {
        caption: `Report cards, ${yearLabel(startYear)}`,
        head: ['Report card', 'Theme', 'What works', 'Next steps', 'Critical messages'],
        rows: cards.map(c => ({
          label: c.title,
          cells: [c.theme ?? '', c.whatWorks, c.nextSteps, c.criticalMessages],
        })),
      },
    ],
    charts: [],
    notes: [],
  }
}

const QUARTERS = ['April to June', 'July to September', 'October to December', 'January to March']
/** A quarter's place in the financial year from the month it starts: April is 0, January 3. */
const quarterOf = (periodStart: string) =>
  Math.floor(((Number(periodStart.slice(5, 7)) + 8) % 12) / 3)

function figureCell(figure: AgencyReturnFigure, quarter: number): Cell {
  const found = figure.quarters.find(q => quarterOf(q.periodStart) === quarter)
  if (!found) return ''
  if (figure.unit === 'count') return count(found.value)
  return figure.unit === 'percentage' ? { value: found.value, unit: '%' } : String(found.value)
}

/** The figures each agency returned and signed off for the year's quarters. */
export async function agencyFigures(
  trx: Trx,
  { partnershipId, startYear }: YearScope,
): Promise<BlockContent> {
  const figures = await agencyReturnFiguresForReports(trx, partnershipId, periodOf(startYear))
  if (!figures.length)
    return empty(`No agency return was signed off for a quarter of ${yearLabel(startYear)}.`)
  const agencies = [...new Set(figures.map(f => f.agencyName))]
  return {
    summary: [],
    tables: agencies.map(agency => ({
      caption: `${agency}: figures returned for ${yearLabel(startYear)}`,
      head: ['Figure', ...QUARTERS],
      rows: figures
        .filter(f => f.agencyName === agency)
        .map(f => ({ label: f.indicator, cells: QUARTERS.map((_, q) => figureCell(f, q)) })),
    })),
    charts: [],
    notes: [],
  }
}
