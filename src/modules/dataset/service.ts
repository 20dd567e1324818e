/**
 * The multi-agency dataset: figures computed from the records for a period, each a count and,
 * where it is a rate, the count it is out of. One function per group of figures, so that the
 * annual report can call them too. Figures are aggregates: no child is named or listed.
 */
import { inPartnership, type Db, type Trx } from '../../db/database.js'
import { listPartnershipHolidayDates } from '../../platform/admin.js'
import { recordAudit } from '../../platform/audit.js'
import type { Actor } from '../../platform/http/types.js'
import {
  addCalendarDays,
  englandAndWales,
  type IsoDate,
  type WorkingDayCalendar,
} from '../../platform/working-days.js'
import { londonInstant } from '../../platform/calendar.js'
import { DECISION_WORKING_DAYS } from '../frontdoor/service.js'
import {
  DEFAULT_PROTECTION_TIMESCALES,
  firstReviewDueDate,
  icpcTargetDate,
  nextReviewDueDate,
  reportDueDate,
  type ProtectionTimescales,
} from '../protection/timescales.js'
import {
  countAuthorisedAssessments,
  countCensusOnlyPlanReviews,
  countChecksByAgency,
  countDecisionTimes,
  countInitialConferences,
  countInvitations,
  countOpenAssessments,
  countProtectionPlans,
  countReferralsReceived,
  countReferredChildren,
  countReviewConferences,
  countSection47Started,
  findProtectionSettings,
  type Bounds,
} from './repo.js'
import type { Period } from './schema.js'

/** Working Together and the national statistics: an assessment within 45 working days. */
export const ASSESSMENT_WORKING_DAYS = 45

/** A count and, for a rate, what it is out of. */
export interface Figure {
  id: string
  label: string
  count: number
  /** The denominator; null for a plain count. */
  of: number | null
}

export interface FigureSection {
  id: string
  title: string
  /** Exactly how the figures are computed, sentence by sentence. */
  help: string[]
  figures: Figure[]
}

export interface DatasetFigures {
  period: Period
  sections: FigureSection[]
}

/** What every figure group needs: the period, the calendar and the protection timescales. */
export interface FigureContext {
  bounds: Bounds
  calendar: WorkingDayCalendar
  timescales: ProtectionTimescales
}

/** The rate as a percentage to one decimal place; null when there is nothing to divide by. */
export function rateOf(figure: Pick<Figure, 'count' | 'of'>): number | null {
  if (figure.of === null || figure.of === 0) return null
  return Math.round((figure.count / figure.of) * 1000) / 10
}

const rateFigure = (id: string, label: string, count: number, of: number): Figure => ({
  id,
  label,
  count,
  of,
})
const countFigure = (id: string, label: string, count: number): Figure => ({
  id,
  label,
  count,
  of: null,
})

function sum<T>(rows: T[], pick: (row: T) => number): number {
  return rows.reduce((total, row) => total + pick(row), 0)
}

/** The counts of the grouped rows that match, added up. */
function countOf<T extends { count: number }>(rows: T[], matches: (row: T) => boolean): number {
  return sum(rows, row => (matches(row) ? row.count : 0))
}

// ---- 1. Contacts and referrals received ---------------------------------------------------

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

// ---- 2. Front door decisions ---------------------------------------------------------------

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

// ---- 3. Re-referrals -----------------------------------------------------------------------

export async function reReferralFigures(
  trx: Trx,
  { bounds }: FigureContext,
): Promise<FigureSection> {
  const row = await countReferredChildren(trx, bounds)
  return {
    id: 're-referrals',
    title: 'Re-referrals',
    help: [
      'Children named in the contacts and referrals received in the period, counted once per referral (a child referred twice counts twice, as the national statistics count referrals).',
      'A re-referral is a child the front door linked to a record that had an earlier referral within the 12 months before; a child not yet linked to a record is counted as referred but not as a re-referral.',
    ],
    figures: [
      countFigure('children-referred', 'Children referred', row.referred),
      rateFigure('re-referred', 'Re-referred within 12 months', row.reReferred, row.referred),
    ],
  }
}

// ---- 4. Assessments ------------------------------------------------------------------------

export async function assessmentFigures(
  trx: Trx,
  { bounds, calendar }: FigureContext,
): Promise<FigureSection> {
  const authorised = await countAuthorisedAssessments(trx, bounds)
  const open = await countOpenAssessments(trx, bounds)
  // At most 45 working days after the referral date means before the 46th working day after it
  // (the same as workingDaysBetween <= 45, without counting day by day over long open spells).
  const tooLateFrom = new Map<IsoDate, IsoDate>()
  const isWithin = (referralDate: IsoDate, endDate: IsoDate) => {
    let limit = tooLateFrom.get(referralDate)
    if (limit === undefined) {
      limit = calendar.addWorkingDays(referralDate, ASSESSMENT_WORKING_DAYS + 1)
      tooLateFrom.set(referralDate, limit)
    }
    return endDate < limit
  }
  const completed = sum(authorised, row => row.count)
  const onTime = countOf(authorised, row => isWithin(row.referralDate, row.authorisationDate))
  const openCount = sum(open, row => row.count)
  const overdue = countOf(open, row => !isWithin(row.referralDate, bounds.to))
  return {
    id: 'assessments',
    title: 'Assessments',
    help: [
      'Assessments authorised (completed) in the period, from the children’s records including those imported from a census.',
      'Within 45 working days: the working days after the episode’s referral date up to and including the authorisation date are 45 or fewer, as the national statistics count them (the referral day itself is not counted; working days are on the partnership’s calendar).',
      'Open past 45 working days: assessments started by the end of the period, not authorised by then, in an episode still open then, whose referral date was more than 45 working days before the end of the period; out of all assessments open at the end of the period.',
    ],
    figures: [
      rateFigure('assessments-within-45', 'Completed within 45 working days', onTime, completed),
      rateFigure('assessments-open-overdue', 'Open and past 45 working days', overdue, openCount),
    ],
  }
}

// ---- 5. Section 47 enquiries and initial conferences --------------------------------------

export async function section47Figures(
  trx: Trx,
  { bounds, calendar, timescales }: FigureContext,
): Promise<FigureSection> {
  const started = await countSection47Started(trx, bounds)
  const conferences = await countInitialConferences(trx, bounds)
  const held = sum(conferences, row => row.count)
  const onTime = countOf(
    conferences,
    row => row.heldOn <= icpcTargetDate(row.clockStart, timescales, calendar),
  )
  const days = String(timescales.icpcWorkingDays)
  return {
    id: 'section-47',
    title: 'Section 47 enquiries and initial conferences',
    help: [
      'Section 47 enquiries whose start date is in the period.',
      `Initial conferences held in the period (the enquiry’s date of initial conference), and of those the ones held within ${days} working days of the strategy discussion, on the partnership’s calendar and its initial conference timescale setting.`,
      'The clock starts at the strategy discussion recorded in Keepsafe when the enquiry is linked to one (Working Together counts from the strategy discussion, the last one when there were several), and otherwise at the enquiry’s start date, which the CIN census and LAIT take as the strategy discussion’s date; for an enquiry started in Keepsafe the two are normally the same day.',
    ],
    figures: [
      countFigure('section-47-started', 'Section 47 enquiries started', started),
      rateFigure(
        'icpc-within-timescale',
        `Initial conferences within ${days} working days`,
        onTime,
        held,
      ),
    ],
  }
}

// ---- 6. Child protection plans -------------------------------------------------------------

const CATEGORIES = {
  NEG: 'Neglect',
  PHY: 'Physical abuse',
  EMO: 'Emotional abuse',
  SAB: 'Sexual abuse',
  MUL: 'Multiple categories',
}

export async function protectionPlanFigures(
  trx: Trx,
  { bounds }: FigureContext,
): Promise<FigureSection> {
  const rows = await countProtectionPlans(trx, bounds)
  const total = (pick: (row: (typeof rows)[number]) => number) => sum(rows, pick)
  const byCategory = (category: string | null) =>
    rows.filter(row =>
      category === null
        ? !Object.hasOwn(CATEGORIES, row.initialCategory ?? '')
        : row.initialCategory === category,
    )
  const started = total(row => row.started)
  const ended = total(row => row.ended)
  const categoryFigures = (kind: 'started' | 'ended', of: number) => [
    ...Object.entries(CATEGORIES).map(([code, label]) =>
      rateFigure(
        `plans-${kind}-${code}`,
        `${kind === 'started' ? 'Started' : 'Ended'}: ${label}`,
        sum(byCategory(code), row => row[kind]),
        of,
      ),
    ),
    rateFigure(
      `plans-${kind}-unknown`,
      `${kind === 'started' ? 'Started' : 'Ended'}: category not recorded`,
      sum(byCategory(null), row => row[kind]),
      of,
    ),
  ]
  return {
    id: 'plans',
    title: 'Child protection plans',
    help: [
      'Plans whose start date is in the period, and plans whose end date is in the period, by the initial category of abuse (each out of all plans started, or ended, in the period).',
      'Second or subsequent plans: plans started in the period for a child who had one or more plans before (number of previous plans above 0).',
      'Open at the end of the period: plans started by the last day of the period and not ended by then.',
      'Lasting 2 years or more (as DfE counts, LAIT CPPlans2yrs): plans ended in the period that lasted more than 729 days including the day they ended, that is an end date at least 729 days after the start date; out of all plans ended in the period.',
    ],
    figures: [
      countFigure('plans-started', 'Plans started', started),
      ...categoryFigures('started', started),
      rateFigure(
        'plans-started-again',
        'Second or subsequent plans',
        total(row => row.startedAgain),
        started,
      ),
      countFigure('plans-ended', 'Plans ended', ended),
      ...categoryFigures('ended', ended),
      rateFigure(
        'plans-ended-after-2-years',
        'Ended after lasting 2 years or more',
        total(row => row.endedAfterTwoYears),
        ended,
      ),
      countFigure(
        'plans-open',
        'Plans open at the end of the period',
        total(row => row.openAtEnd),
      ),
    ],
  }
}

// ---- 7. Reviews on time --------------------------------------------------------------------

/** The review dates in the period of a census-only plan, and how many were on time. */
function censusReviewsInPeriod(
  startDate: IsoDate,
  reviewDates: IsoDate[],
  bounds: Bounds,
  timescales: ProtectionTimescales,
  calendar: WorkingDayCalendar,
): { held: number; onTime: number } {
  let due = firstReviewDueDate({ icpcHeldOn: startDate, preBirth: false }, timescales, calendar)
  let held = 0
  let onTime = 0
  for (const reviewDate of [...reviewDates].sort()) {
    if (reviewDate >= bounds.from && reviewDate <= bounds.to) {
      held += 1
      if (reviewDate <= due) onTime += 1
    }
    due = nextReviewDueDate(reviewDate, timescales)
  }
  return { held, onTime }
}

export async function reviewFigures(
  trx: Trx,
  { bounds, calendar, timescales }: FigureContext,
): Promise<FigureSection> {
  const conferences = await countReviewConferences(trx, bounds)
  const censusPlans = await countCensusOnlyPlanReviews(trx, bounds)
  let censusHeld = 0
  let censusOnTime = 0
  for (const plan of censusPlans) {
    const reviews = censusReviewsInPeriod(
      plan.startDate,
      plan.reviewDates,
      bounds,
      timescales,
      calendar,
    )
    censusHeld += reviews.held * plan.count
    censusOnTime += reviews.onTime * plan.count
  }
  const first = String(timescales.firstReviewMonths)
  const interval = String(timescales.reviewIntervalMonths)
  return {
    id: 'reviews',
    title: 'Review conferences on time',
    help: [
      'Review conferences recorded in Keepsafe and held in the period; on time when held on or before their target date.',
      `Plans known only from a census (no conference in Keepsafe made or reviewed them): each review date in the period, on time when within ${first} months of the plan’s start for the first review, and within ${interval} months of the previous review for each later one.`,
      'All reviews: both together.',
    ],
    figures: [
      rateFigure(
        'reviews-conference-on-time',
        'Review conferences held on time',
        conferences.onTime,
        conferences.held,
      ),
      rateFigure('reviews-census-on-time', 'Census reviews on time', censusOnTime, censusHeld),
      rateFigure(
        'reviews-on-time',
        'All reviews on time',
        conferences.onTime + censusOnTime,
        conferences.held + censusHeld,
      ),
    ],
  }
}

// ---- 8. Agencies at conferences -------------------------------------------------------------

interface AgencyTally {
  name: string
  invited: number
  invitedInTime: number
  reportsRequested: number
  reportsOnTime: number
  reportsLate: number
  reportsMissing: number
  attended: number
}

const emptyTally = (name: string): AgencyTally => ({
  name,
  invited: 0,
  invitedInTime: 0,
  reportsRequested: 0,
  reportsOnTime: 0,
  reportsLate: 0,
  reportsMissing: 0,
  attended: 0,
})

function agencyConferenceFigures(id: string, tally: AgencyTally, days: string): Figure[] {
  const name = tally.name
  return [
    rateFigure(
      `${id}-invited-in-time`,
      `${name}: invited ${days} or more working days before`,
      tally.invitedInTime,
      tally.invited,
    ),
    rateFigure(
      `${id}-reports-on-time`,
      `${name}: reports received on time`,
      tally.reportsOnTime,
      tally.reportsRequested,
    ),
    rateFigure(
      `${id}-reports-late`,
      `${name}: reports received late`,
      tally.reportsLate,
      tally.reportsRequested,
    ),
    rateFigure(
      `${id}-reports-missing`,
      `${name}: reports not received`,
      tally.reportsMissing,
      tally.reportsRequested,
    ),
    rateFigure(`${id}-attended`, `${name}: attended`, tally.attended, tally.invited),
  ]
}

export async function conferenceAgencyFigures(
  trx: Trx,
  { bounds, calendar, timescales }: FigureContext,
): Promise<FigureSection> {
  const rows = await countInvitations(trx, bounds)
  const all = emptyTally('All agencies')
  const agencies = new Map<string, AgencyTally>()
  for (const row of rows) {
    const agency = agencies.get(row.agencyId) ?? emptyTally(row.agencyName)
    agencies.set(row.agencyId, agency)
    const invitedInTime =
      row.sentOn !== null && row.sentOn <= reportDueDate(row.heldOn, timescales, calendar)
    for (const tally of [all, agency]) {
      tally.invited += row.count
      if (invitedInTime) tally.invitedInTime += row.count
      if (row.report !== 'not-requested') tally.reportsRequested += row.count
      if (row.report === 'on-time') tally.reportsOnTime += row.count
      if (row.report === 'late') tally.reportsLate += row.count
      if (row.report === 'missing') tally.reportsMissing += row.count
      if (row.attendance === 'attended') tally.attended += row.count
    }
  }
  const days = String(timescales.reportDueWorkingDays)
  const byName = [...agencies].sort(([, a], [, b]) => a.name.localeCompare(b.name))
  return {
    id: 'conference-agencies',
    title: 'Agencies at conferences',
    help: [
      'Invitations to initial and review conferences held in the period, per agency and for all agencies together.',
      `Invited in time: the invitation was sent (London date) no later than ${days} working days before the conference day, the day agencies’ reports are due by the partnership’s report due setting (3 working days unless changed); an invitation never sent is not in time. Out of all invitations.`,
      'Reports: of invitations that asked for a report, those received by their due time (on time), received after it (late) or not received at all (not received). A report with no due time recorded counts as on time once received.',
      'Attended: invitations whose attendance is recorded as attended, out of all invitations.',
    ],
    figures: [
      ...agencyConferenceFigures('all-agencies', all, days),
      ...byName.flatMap(([agencyId, tally]) =>
        agencyConferenceFigures(`agency-${agencyId}`, tally, days),
      ),
    ],
  }
}

// ---- 9. Checks with agencies ---------------------------------------------------------------

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

// ---- All figures ---------------------------------------------------------------------------

export const FIGURE_GROUPS = [
  referralsReceivedFigures,
  frontDoorDecisionFigures,
  reReferralFigures,
  assessmentFigures,
  section47Figures,
  protectionPlanFigures,
  reviewFigures,
  conferenceAgencyFigures,
  agencyCheckFigures,
]

/** The period as the queries see it: dates, and London midnights for timestamps. */
export function boundsOf(partnershipId: string, period: Period): Bounds {
  return {
    partnershipId,
    from: period.from,
    to: period.to,
    start: londonInstant(period.from, 0),
    end: londonInstant(addCalendarDays(period.to, 1), 0),
  }
}

/** The partnership's calendar and protection timescales, read in the caller's transaction. */
export async function figureContext(
  trx: Trx,
  partnershipId: string,
  period: Period,
): Promise<FigureContext> {
  const holidays = await listPartnershipHolidayDates(trx)
  const settings = await findProtectionSettings(trx, partnershipId)
  return {
    bounds: boundsOf(partnershipId, period),
    calendar: holidays.length ? englandAndWales.withExtraHolidays(holidays) : englandAndWales,
    timescales: settings
      ? {
          icpcWorkingDays: settings.icpcWorkingDays,
          coreGroupWorkingDays: settings.coreGroupWorkingDays,
          firstReviewMonths: settings.firstReviewMonths,
          reviewIntervalMonths: settings.reviewIntervalMonths,
          reportDueWorkingDays: settings.reportDueWorkingDays,
          preBirthIcpcByWeek: settings.preBirthIcpcByWeek,
          preBirthReviewWorkingDays: settings.preBirthReviewWorkingDays,
        }
      : DEFAULT_PROTECTION_TIMESCALES,
  }
}

/** Every figure group for a period, in the caller's partnership-bound transaction. */
export async function computeFigures(
  trx: Trx,
  partnershipId: string,
  period: Period,
): Promise<DatasetFigures> {
  const context = await figureContext(trx, partnershipId, period)
  const sections: FigureSection[] = []
  for (const group of FIGURE_GROUPS) sections.push(await group(trx, context))
  return { period, sections }
}

function scope(actor: Actor) {
  return { partnershipId: actor.partnershipId, userId: actor.userId }
}

/** The figures of several periods (a period and the one before it), in one transaction. */
export function datasetFigures(db: Db, actor: Actor, periods: Period[]) {
  return inPartnership(db, scope(actor), async trx => {
    const results: DatasetFigures[] = []
    for (const period of periods)
      results.push(await computeFigures(trx, actor.partnershipId, period))
    return results
  })
}

/** The same figures for a download, with the export audited in the same transaction. */
export function exportDatasetFigures(
  db: Db,
  options: { actor: Actor; periods: Period[]; format: 'csv' | 'xlsx' | 'json'; requestId: string },
) {
  const { actor, periods, format, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const results: DatasetFigures[] = []
    for (const period of periods)
      results.push(await computeFigures(trx, actor.partnershipId, period))
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'dataset.exported',
      resourceType: 'dataset',
      detail: {
        format,
        periods: periods.map(period => ({ from: period.from, to: period.to })),
      },
      requestId,
    })
    return results
  })
}
