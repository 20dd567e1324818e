import type { Trx } from '../../../db/database.js'
import { boardPapersForReports, planProgressForReports } from '../../governance/queries.js'
import { formatDay } from '../service/contributions.js'
import { empty, periodOf, yearLabel, type BlockContent, type YearScope } from './shared.js'

const RAG_WORDS: Record<string, string> = { red: 'Red', amber: 'Amber', green: 'Green' }

/** The business plan's actions with their RAG ratings, and how many are at each rating. */
export async function planProgress(
  trx: Trx,
  { partnershipId, startYear }: YearScope,
): Promise<BlockContent> {
  const plan = await planProgressForReports(trx, partnershipId, periodOf(startYear))
  if (!plan) return empty(`No business plan is recorded for ${yearLabel(startYear)}.`)
  const actions = plan.priorities.flatMap(p => p.actions)
  const rated = (rag: string | null) => actions.filter(a => a.rag === rag).length
  const words = ['green', 'amber', 'red']
    .map(rag => `${rated(rag)} ${RAG_WORDS[rag]?.toLowerCase() ?? rag}`)
    .join(', ')
  return {
    summary: [
      `${plan.title} (${formatDay(plan.startsOn)} to ${formatDay(plan.endsOn)}) has ${actions.length} actions: ${words}, and ${rated(null)} not yet rated.`,
    ],
    tables: plan.priorities.map(priority => ({
      caption: `Priority ${priority.number}: ${priority.title}`,
      head: ['Action', 'Lead', 'RAG rating'],
      rows: priority.actions.map(a => ({
        label: `${a.reference} ${a.action}`,
        cells: [a.lead, a.rag ? (RAG_WORDS[a.rag] ?? a.rag) : 'Not rated'],
      })),
    })),
    charts: [],
    notes: [],
  }
}

/** Appendix C: the reports the board received in the year, by meeting. */
export async function boardPapers(
  trx: Trx,
  { partnershipId, startYear }: YearScope,
): Promise<BlockContent> {
  const received = await boardPapersForReports(trx, partnershipId, periodOf(startYear))
  if (!received) return empty('No board is recorded in governance.')
  if (!received.papers.length)
    return empty(`${received.bodyName} received no papers in ${yearLabel(startYear)}.`)
  return {
    summary: [],
    tables: [
      {
        caption: `Reports received by ${received.bodyName}, ${yearLabel(startYear)}`,
        head: ['Report', 'Meeting'],
        rows: received.papers.map(p => ({
          label: p.title,
          cells: [`${p.meetingTitle}, ${formatDay(p.heldOn)}`],
        })),
      },
    ],
    charts: [],
    notes: [],
  }
}
