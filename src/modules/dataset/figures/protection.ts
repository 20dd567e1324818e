/**
 * Child protection's figures as the partnership's own timescales count them: assessments,
 * Section 47 enquiries and conferences, plans, reviews and agencies at conferences.
 */
import type { Trx } from '../../../db/database.js'
import {
  countFigure,
  countOf,
  rateFigure,
  sum,
  ASSESSMENT_WORKING_DAYS,
  type Bounds,
  type Figure,
  type FigureContext,
  type FigureSection,
} from './shared.js'
import type { IsoDate, WorkingDayCalendar } from '../../../platform/working-days.js'
import {
  countAuthorisedAssessments,
  countOpenAssessments,
  countProtectionPlans,
  countSection47Started,
} from '../../children/queries.js'
import {
  countCensusOnlyPlanReviews,
  countInitialConferences,
  countInvitations,
  countReviewConferences,
  firstReviewDueDate,
  icpcTargetDate,
  nextReviewDueDate,
  reportDueDate,
  type ProtectionTimescales,
} from '../../protection/queries.js'

// ---- Assessments ------------------------------------------------------------------------

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

// ---- Section 47 enquiries and initial conferences --------------------------------------

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

// ---- Child protection plans -------------------------------------------------------------

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

// ---- Reviews on time --------------------------------------------------------------------

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

// ---- Agencies at conferences -------------------------------------------------------------

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
