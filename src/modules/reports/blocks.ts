import type { Trx } from '../../db/database.js'
import { returnRates } from '../assurance/queries.js'
import { cdopAnnualFigures } from '../cdop/queries.js'
import { computeCinReport, type CinReport, type ReportedFigure } from '../dataset/queries.js'
import { boardAttendanceForReports, budgetForReports } from '../governance/queries.js'
import { ladoAnnualFigures } from '../lado/queries.js'
import { caseReviewFigures } from '../reviews/queries.js'
import { trainingFigures } from '../training/queries.js'
import type { Cell, ContentTable } from './content.js'

import {
  count,
  empty,
  pct,
  periodOf,
  yearLabel,
  type Block,
  type BlockContent,
  type YearScope,
} from './blocks/shared.js'
import { boardPapers, planProgress } from './blocks/governance.js'
import { agencyFigures, reportCards } from './blocks/dataset.js'

export { periodOf, yearLabel, type YearScope } from './blocks/shared.js'

async function attendance(
  trx: Trx,
  { partnershipId, startYear }: YearScope,
): Promise<BlockContent> {
  const appendix = await boardAttendanceForReports(trx, partnershipId, periodOf(startYear))
  if (!appendix) return empty('No board is recorded in governance.')
  return {
    summary: [
      `${appendix.bodyName} met ${appendix.meetings} times in ${yearLabel(startYear)}. Attendance is counted over the meetings each member was eligible for; a nominated deputy counts for the seat. The target is ${appendix.target}%.`,
    ],
    tables: [
      {
        caption: `Attendance at ${appendix.bodyName} meetings, ${yearLabel(startYear)}`,
        head: ['Member', 'Meetings eligible', 'Meetings attended', 'Attendance'],
        rows: appendix.members.map(m => ({
          label: m.name,
          cells: [
            String(m.eligible),
            String(m.attended),
            m.percent === null ? '' : `${m.percent}%${m.belowTarget ? ' (below target)' : ''}`,
          ],
        })),
      },
    ],
    charts: [],
    notes: [],
  }
}

async function budget(trx: Trx, { partnershipId, startYear }: YearScope): Promise<BlockContent> {
  const statement = await budgetForReports(trx, partnershipId, yearLabel(startYear))
  if (!statement) return empty(`No budget is recorded for ${yearLabel(startYear)}.`)
  const money = (pence: number | null): Cell => (pence === null ? '' : { money: pence })
  return {
    summary: [
      `Carry forward: £${Math.round(statement.totals.carryForward / 100).toLocaleString('en-GB')}.`,
    ],
    tables: [
      {
        caption: `Income ${statement.label}`,
        head: ['Source', 'Amount'],
        rows: [
          ...statement.income.map(l => ({ label: l.description, cells: [money(l.actualPence)] })),
          { label: 'Total income', cells: [money(statement.totals.income)] },
        ],
      },
      {
        caption: `Expenditure ${statement.label}`,
        head: ['Line', 'Amount'],
        rows: [
          ...statement.expenditure.map(l => ({
            label: l.description,
            cells: [money(l.actualPence)],
          })),
          { label: 'Total expenditure', cells: [money(statement.totals.spend)] },
          { label: 'Carry forward', cells: [money(statement.totals.carryForward)] },
        ],
      },
    ],
    charts: [],
    notes: [],
  }
}

const find = (report: CinReport, id: string) => report.figures.find(f => f.id === id)
const headline = (f: ReportedFigure | undefined): Cell => {
  if (!f) return 'No data'
  if (f.percent !== null) return pct(f.percent, f.count, f.of ?? undefined)
  return count(f.count)
}
const comparator = (f: ReportedFigure | undefined, which: 'england' | 'neighbours'): Cell => {
  const value = f?.comparators?.[which]
  return value === null || value === undefined
    ? ''
    : { value, unit: f?.percent === null ? ' per 10,000' : '%' }
}

/** The child protection figures with last year, comparators and targets, and a chart. */
async function childProtection(
  trx: Trx,
  { partnershipId, startYear }: YearScope,
): Promise<BlockContent> {
  const [now, before] = [
    await computeCinReport(trx, partnershipId, periodOf(startYear)),
    await computeCinReport(trx, partnershipId, periodOf(startYear - 1)),
  ]
  const rows: ContentTable['rows'] = []
  const row = (label: string, id: string) => {
    const f = find(now, id)
    const target = f?.target?.target
    rows.push({
      label,
      cells: [
        headline(find(before, id)),
        headline(f),
        comparator(f, 'england'),
        comparator(f, 'neighbours'),
        target === undefined || target === null
          ? ''
          : `${target}${f?.headlineUnit === '%' ? '%' : ''}`,
      ],
    })
  }
  const countRow = (label: string, id: string) =>
    rows.push({
      label,
      cells: [count(find(before, id)?.count ?? 0), count(find(now, id)?.count ?? 0), '', '', ''],
    })
  countRow('Section 47 enquiries started', 'Section_47')
  countRow('Initial child protection conferences', 'ISCP_Conf')
  row('Children on a child protection plan at 31 March', 'CPP_Num')
  const open = find(now, 'CPP_Num')
  const openBefore = find(before, 'CPP_Num')
  const rate = (f: ReportedFigure | undefined, column: number): Cell =>
    f?.ratePer10k == null
      ? 'No data'
      : {
          value: f.ratePer10k,
          unit: ' per 10,000',
          from: { numerator: f.count, cell: [2, column] },
        }
  rows.push({
    label: 'Rate per 10,000 children',
    cells: [
      rate(openBefore, 0),
      rate(open, 1),
      comparator(open, 'england'),
      comparator(open, 'neighbours'),
      '',
    ],
  })
  countRow('Children who became subject to a plan in the year', 'ReRegCPR_Denominator')
  countRow('… of whom had had a plan before', 'PrevRegCPR')
  row('Second or subsequent plans (share of plans started)', 'PrevRegCPR')
  countRow('Plans ended in the year', 'DeRegCPR')
  row('Plans ended that lasted two years or more', 'CPPlans2yrs')
  row('Plans reviewed on time', 'CPP_Reviewed_InReqTimeScl')
  const ended = now.breakdowns.find(b => b.id === 'plans-ended-by-reason')
  const share = (n: number) => (ended?.of ? Math.round((n / ended.of) * 1000) / 10 : null)
  const endedRows = (ended?.rows ?? []).map((r, index): ContentTable['rows'][number] => ({
    label: r.label,
    cells: [
      count(r.count),
      share(r.count) === null
        ? 'No data'
        : {
            value: share(r.count) ?? 0,
            unit: '%',
            from: { numerator: r.count, cell: [index, 0] },
          },
    ],
  }))
  const tables: ContentTable[] = [
    {
      caption: `Child protection figures, ${yearLabel(startYear - 1)} and ${yearLabel(startYear)}`,
      head: [
        'Figure',
        yearLabel(startYear - 1),
        yearLabel(startYear),
        'England',
        'Statistical neighbours',
        'Target',
      ],
      rows,
    },
  ]
  if (ended && ended.of > 0)
    tables.push({
      caption: `Plans that ended in ${yearLabel(startYear)}, by reason`,
      head: ['Reason', 'Plans', 'Share'],
      rows: [...endedRows, { label: 'Total', cells: [count(ended.of), ''] }],
      totalRow: true,
    })
  return {
    summary: [],
    tables,
    charts: [
      {
        id: `cp-${startYear}`,
        title: 'Children on a child protection plan at 31 March',
        kind: 'bar',
        xLabel: 'Year',
        yLabel: 'Children',
        series: [
          {
            name: 'Children on a plan',
            points: [
              { x: yearLabel(startYear - 1), y: openBefore?.count ?? null },
              { x: yearLabel(startYear), y: open?.count ?? null },
            ],
          },
        ],
      },
    ],
    notes: [
      now.comparatorNote,
      ...(now.population ? [`Population: ${now.population.source}.`] : []),
    ],
  }
}

async function cdop(trx: Trx, { startYear }: YearScope): Promise<BlockContent> {
  const f = await cdopAnnualFigures(trx, { startYear })
  return {
    summary: [],
    tables: [
      {
        caption: `Child deaths, ${f.year}`,
        head: ['Figure', 'Number'],
        rows: [
          { label: 'Deaths notified', cells: [count(f.notified)] },
          { label: 'Reviews completed', cells: [count(f.reviewsCompleted)] },
          { label: 'Reviews ongoing at 31 March', cells: [count(f.ongoingAtYearEnd)] },
          {
            label: 'Reviews with modifiable factors',
            cells: [count(f.modifiableFactors.identified)],
          },
        ],
      },
    ],
    charts: [],
    notes: [],
  }
}

const SECTOR_WORDS: Record<string, string> = {
  education: 'Education',
  'early-years': 'Early years',
  faith: 'Faith groups',
  health: 'Health',
  police: 'Police',
  'social-care': 'Social care',
  'foster-care': 'Foster care',
  voluntary: 'Voluntary sector',
  sports: 'Sports',
  transport: 'Transport',
  other: 'Other',
}

async function lado(trx: Trx, { startYear }: YearScope): Promise<BlockContent> {
  const f = await ladoAnnualFigures(trx, { startYear })
  return {
    summary: [],
    tables: [
      {
        caption: `Allegations against people who work with children, ${f.year}, by sector`,
        head: ['Sector', 'Referrals'],
        rows: [
          ...Object.entries(f.bySector).map(([sector, n]) => ({
            label: SECTOR_WORDS[sector] ?? sector,
            cells: [count(n)],
          })),
          { label: 'Total', cells: [count(f.referrals)] },
        ],
        totalRow: true,
      },
      {
        caption: `Allegations closed within one month, ${f.year}`,
        head: ['Figure', 'Share'],
        rows: [
          {
            label: 'Closed within one month',
            cells: [pct(f.percentWithinOneMonth, f.bands['within-one-month'], f.referrals)],
          },
        ],
      },
    ],
    charts: [],
    notes: [],
  }
}

async function training(trx: Trx, { startYear }: YearScope): Promise<BlockContent> {
  const f = await trainingFigures(trx, periodOf(startYear))
  const line = (label: string, value: string) => ({ label, cells: [value] })
  const p = (v: number | null) => (v === null ? 'No data' : `${v}%`)
  return {
    summary: [],
    tables: [
      {
        caption: `Multi-agency training, ${yearLabel(startYear)}`,
        head: ['Figure', 'Value'],
        rows: [
          line('Courses (subjects)', String(f.subjects)),
          line('Events', String(f.events)),
          line('Places booked', String(f.bookings)),
          line('Attended', String(f.attended)),
          line('No-shows', p(f.noShowPercent)),
          line('Places used', p(f.utilisationPercent)),
          line('Evaluations completed', p(f.evaluationCompletionPercent)),
        ],
      },
    ],
    charts: [],
    notes: [],
  }
}

async function caseReviews(
  trx: Trx,
  { partnershipId, startYear }: YearScope,
): Promise<BlockContent> {
  const f = await caseReviewFigures(trx, partnershipId, periodOf(startYear))
  return {
    summary: [],
    tables: [
      {
        caption: `Case reviews, ${yearLabel(startYear)}`,
        head: ['Figure', 'Number'],
        rows: [
          { label: 'Cases referred for consideration', cells: [count(f.casesReferred)] },
          { label: 'Rapid reviews held', cells: [count(f.rapidReviews)] },
          { label: 'Local reviews decided', cells: [count(f.localReviewsDecided)] },
          { label: 'Reviews published', cells: [count(f.reviewsPublished)] },
        ],
      },
    ],
    charts: [],
    notes: [],
  }
}

async function returns(trx: Trx, { partnershipId, startYear }: YearScope): Promise<BlockContent> {
  const { from, to } = periodOf(startYear)
  const rates = (await returnRates(trx, partnershipId)).filter(
    r => r.dueOn >= from && r.dueOn <= to,
  )
  if (!rates.length)
    return empty(`No Section 11 or Section 175 returns were due in ${yearLabel(startYear)}.`)
  return {
    summary: [],
    tables: [
      {
        caption: `Self-assessment returns due in ${yearLabel(startYear)}`,
        head: ['Return', 'Invited', 'Returned', 'Rate', 'Target'],
        rows: rates.map(r => ({
          label: r.cycleTitle,
          cells: [
            String(r.invited),
            String(r.submitted),
            r.ratePercent === null ? '' : `${r.ratePercent}%`,
            `${r.targetPercent}%`,
          ],
        })),
      },
    ],
    charts: [],
    notes: [],
  }
}

/** Every block a section may draw, by the name stored in `report_section.block`. */
export const BLOCKS: Record<string, Block> = {
  'child-protection': { title: 'Child protection figures', read: childProtection },
  attendance: { title: 'Board attendance (appendix)', read: attendance },
  budget: { title: 'Budget (appendix)', read: budget },
  'case-reviews': { title: 'Case reviews', read: caseReviews },
  cdop: { title: 'Child death reviews', read: cdop },
  lado: { title: 'Allegations against people who work with children', read: lado },
  training: { title: 'Multi-agency training', read: training },
  'assurance-returns': { title: 'Section 11 and Section 175 returns', read: returns },
  'business-plan': { title: 'Business plan progress', read: planProgress },
  'report-cards': { title: 'Report cards', read: reportCards },
  'board-papers': { title: 'Reports received by the board (appendix)', read: boardPapers },
  'agency-figures': { title: 'Agency contribution figures', read: agencyFigures },
}

export async function readBlock(
  trx: Trx,
  name: string | null,
  scope: YearScope,
): Promise<BlockContent> {
  const block = name ? BLOCKS[name] : undefined
  return block ? block.read(trx, scope) : empty('This block is not available.')
}
