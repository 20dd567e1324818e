/** The front door's figures: contacts and referrals received, decisions, checks with agencies. */
import type { Trx } from '../../../db/database.js'
import {
  countFigure,
  countOf,
  rateFigure,
  sum,
  type FigureContext,
  type FigureSection,
} from './shared.js'
import { DECISION_WORKING_DAYS } from '../../frontdoor/service.js'
import {
  countChecksByAgency,
  countDecisionTimes,
  countReferralsReceived,
} from '../../frontdoor/queries.js'

// ---- Contacts and referrals received ---------------------------------------------------

const SOURCES = { public: 'From members of the public', professional: 'From professionals' }
const RAG_RATINGS = { red: 'Rated red', amber: 'Rated amber', green: 'Rated green' }

export async function referralsReceivedFigures(
  trx: Trx,
  { bounds }: FigureContext,
): Promise<FigureSection> {
  const rows = await countReferralsReceived(trx, bounds)
  const total = sum(rows, row => row.count)
  return {
    id: 'received',
    title: 'Contacts and referrals received',
    help: [
      'Every contact or referral the front door received in the period (its time of receipt, London time), from the public reporting form and from professionals.',
      'By source and by RAG rating, each out of all received; those not yet rated are counted as not rated.',
    ],
    figures: [
      countFigure('received', 'Contacts and referrals received', total),
      ...Object.entries(SOURCES).map(([source, label]) =>
        rateFigure(
          `received-${source}`,
          label,
          countOf(rows, row => row.source === source),
          total,
        ),
      ),
      ...Object.entries(RAG_RATINGS).map(([rag, label]) =>
        rateFigure(
          `received-${rag}`,
          label,
          countOf(rows, row => row.ragRating === rag),
          total,
        ),
      ),
      rateFigure(
        'received-not-rated',
        'Not rated',
        countOf(rows, row => row.ragRating === null),
        total,
      ),
    ],
  }
}

// ---- Front door decisions ---------------------------------------------------------------

const DECISIONS = {
  'no-further-action': 'No further action',
  'information-and-advice': 'Information and advice',
  'early-help': 'Early help',
  assessment: 'Assessment',
  'strategy-discussion': 'Strategy discussion',
  'already-open': 'Already open to children’s social care',
}

export async function frontDoorDecisionFigures(
  trx: Trx,
  { bounds, calendar }: FigureContext,
): Promise<FigureSection> {
  const rows = await countDecisionTimes(trx, bounds)
  const total = sum(rows, row => row.count)
  // Due at the same London time of day on the next working day (as the front door's
  // decisionDueAt): compared as London dates and wall-clock times, so one query counts them all.
  const withinOneDay = countOf(rows, row => {
    const dueOn = calendar.addWorkingDays(row.receivedOn, DECISION_WORKING_DAYS)
    return row.decidedOn < dueOn || (row.decidedOn === dueOn && row.isByTimeOfReceipt)
  })
  return {
    id: 'decisions',
    title: 'Front door decisions',
    help: [
      'Final decisions made in the period (the time of the decision, London time); a practitioner’s decision still waiting for a manager’s authorisation is not counted.',
      'Within 1 working day: decided no later than the same London time of day on the next working day after receipt, on the partnership’s calendar (weekends, England and Wales bank holidays and the partnership’s own holidays are not working days). A referral received at 15:00 on a Friday is decided in time by 15:00 on the Monday, or the Tuesday after a bank holiday Monday.',
      'Decisions by outcome, each out of all final decisions in the period.',
    ],
    figures: [
      rateFigure(
        'decided-within-1-working-day',
        'Decided within 1 working day',
        withinOneDay,
        total,
      ),
      ...Object.entries(DECISIONS).map(([decision, label]) =>
        rateFigure(
          `decision-${decision}`,
          label,
          countOf(rows, row => row.decision === decision),
          total,
        ),
      ),
    ],
  }
}

// ---- Checks with agencies ---------------------------------------------------------------

export async function agencyCheckFigures(
  trx: Trx,
  { bounds }: FigureContext,
): Promise<FigureSection> {
  const rows = await countChecksByAgency(trx, bounds)
  const checkFigures = (id: string, name: string, row: (typeof rows)[number] | undefined) => {
    const due = row?.due ?? 0
    return [
      rateFigure(`${id}-checks-on-time`, `${name}: answered on time`, row?.onTime ?? 0, due),
      rateFigure(`${id}-checks-late`, `${name}: answered late`, row?.late ?? 0, due),
      rateFigure(`${id}-checks-unanswered`, `${name}: not answered`, row?.unanswered ?? 0, due),
    ]
  }
  const all = {
    agencyId: 'all',
    agencyName: 'All agencies',
    due: sum(rows, row => row.due),
    onTime: sum(rows, row => row.onTime),
    late: sum(rows, row => row.late),
    unanswered: sum(rows, row => row.unanswered),
  }
  return {
    id: 'checks',
    title: 'Checks answered by agencies',
    help: [
      'Checks the front door asked of partner agencies whose answer was due in the period (London time), per agency and for all agencies together.',
      'On time: answered at or before the due time. Late: answered after it. Not answered: no answer yet.',
    ],
    figures: [
      ...checkFigures('all-agencies', all.agencyName, all),
      ...rows.flatMap(row => checkFigures(`agency-${row.agencyId}`, row.agencyName, row)),
    ],
  }
}
