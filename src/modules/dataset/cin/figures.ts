/**
 * The children's social care figures as DfE defines them (the LAIT measures named in each
 * figure's `measure`), computed in memory from the census-aligned records of a period. Pure
 * functions of the rows, so each definition is tested at its boundaries without a database.
 */
import {
  addCalendarMonths,
  toDayNumber,
  type IsoDate,
  type WorkingDayCalendar,
} from '../../../platform/working-days.js'
import type { ProtectionPlanRow } from '../../children/queries.js'
import { PRIMARY_NEED_NAMES } from '../../census/queries.js'
import { DEFINITIONS, type Definition, type FigureId } from './definitions.js'
import type { CinRecords } from './records.js'
import {
  CATEGORY_WORDS,
  END_REASON_WORDS,
  ethnicityGroup,
  referralSourceGroup,
  sexWords,
  words,
} from './words.js'

/** More than 729 days including the day of cessation (LAIT CPPlans2yrs, CPPlans2yrsActive). */
export const TWO_YEARS_IN_DAYS = 729
export const ASSESSMENT_WORKING_DAYS = 45
export const ICPC_WORKING_DAYS = 15
/** RC8: case closed after assessment, no further action (the child was not in need). */
const ASSESSED_NOT_IN_NEED = 'RC8'
/** CIN census assessment factors: 11A child sexual exploitation, 24A child criminal exploitation. */
const EXPLOITATION_FACTORS = new Set(['11A', '24A'])
/** The plans' age bands and the imported population bands their rates are out of. */
const AGE_POPULATION_BANDS = {
  'Under 1': 'under-1',
  '1 to 4': '1-4',
  '5 to 9': '5-9',
  '10 to 15': '10-15',
  '16 and over': '16-17',
}

export interface CinFigure {
  id: string
  label: string
  count: number
  /** The denominator of a percentage; null for a count. */
  of: number | null
  /** The indicator key, for rates, comparators and targets (e.g. 'ReReferral'). */
  key: FigureId | null
  definition: string
  /** Shown as a rate per 10,000 children when a population is known. */
  per10k: boolean
  /** The age band of that population, when not all children aged 0 to 17. */
  populationBand?: string
}

export interface CinBreakdown {
  id: string
  title: string
  definition: string
  /** What each row's share is out of. */
  of: number
  rows: { label: string; count: number; ratePer10k?: number | null }[]
  /** For rows that are age bands: each row's label → the population band its rate is out of. */
  populationBands?: Record<string, string>
}

export interface CinFigureSet {
  from: IsoDate
  to: IsoDate
  figures: CinFigure[]
  breakdowns: CinBreakdown[]
}

const days = (from: IsoDate, to: IsoDate) => toDayNumber(to) - toDayNumber(from)
const within = (date: IsoDate | null, from: IsoDate, to: IsoDate): date is IsoDate =>
  date !== null && date >= from && date <= to

function figure(id: FigureId, count: number, of: number | null = null, label?: string): CinFigure {
  const definition: Definition = DEFINITIONS[id]
  return {
    id,
    label: label ?? definition.label,
    count,
    of,
    key: id,
    definition: definition.text,
    per10k: definition.per10k ?? false,
    ...(definition.populationBand ? { populationBand: definition.populationBand } : {}),
  }
}

function tally<T>(rows: T[], by: (row: T) => string): { label: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const row of rows) counts.set(by(row), (counts.get(by(row)) ?? 0) + 1)
  return [...counts]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
}

/** Referrals in the period, their outcomes and re-referrals within 12 months. */
function referralFigures(records: CinRecords, from: IsoDate, to: IsoDate) {
  const referrals = records.episodes.filter(e => within(e.referralDate, from, to))
  const byChild = new Map<string, IsoDate[]>()
  for (const episode of records.episodes) {
    byChild.set(episode.childId, [...(byChild.get(episode.childId) ?? []), episode.referralDate])
  }
  const isReReferral = (childId: string, date: IsoDate) => {
    const since = addCalendarMonths(date, -12)
    return (byChild.get(childId) ?? []).some(other => other < date && other >= since)
  }
  const reReferrals = referrals.filter(e => isReReferral(e.childId, e.referralDate)).length
  const total = referrals.length
  return {
    figures: [
      figure('CPP_Total_NumRef', total),
      figure('CIN_Refferals_NFA', referrals.filter(e => e.referralNfa === true).length, total),
      figure(
        'Referrals_AssessedNotNeed',
        referrals.filter(e => e.reasonForClosure === ASSESSED_NOT_IN_NEED).length,
        total,
      ),
      figure('ReReferral', reReferrals, total),
    ],
    breakdowns: [
      {
        id: 'referrals-by-source',
        title: 'Referrals by source',
        definition: DEFINITIONS.RefBySource.text,
        of: total,
        rows: tally(referrals, e => referralSourceGroup(e.referralSource)),
      },
    ],
  }
}

/** Children in need at the period's end: open episodes that were not closed with no further action. */
function childrenInNeed(records: CinRecords, to: IsoDate) {
  const open = records.episodes.filter(
    e =>
      e.referralDate <= to &&
      (e.closureDate === null || e.closureDate > to) &&
      e.referralNfa !== true,
  )
  const children = new Map(open.map(e => [e.childId, e]))
  return {
    figures: [figure('CIN', children.size)],
    breakdowns: [
      {
        id: 'cin-by-primary-need',
        title: 'Children in need at the end of the period by primary need',
        definition: DEFINITIONS.CIN.text,
        of: children.size,
        rows: tally([...children.values()], e => words(PRIMARY_NEED_NAMES, e.primaryNeedCode)),
      },
    ],
  }
}

function assessmentFigures(records: CinRecords, calendar: WorkingDayCalendar) {
  const done = records.assessments.filter(a => a.authorisationDate !== null)
  const inTime = done.filter(
    a =>
      calendar.workingDaysBetween(a.referralDate, a.authorisationDate ?? a.referralDate) <=
      ASSESSMENT_WORKING_DAYS,
  ).length
  const factors = done.flatMap(a => a.factors.map(code => ({ code })))
  return {
    figures: [
      figure('Assessments', done.length),
      figure('Continue_Assess_Comp', inTime, done.length),
      figure(
        'Exploitation_Assessed',
        done.filter(a => a.factors.some(code => EXPLOITATION_FACTORS.has(code))).length,
      ),
    ],
    breakdowns: [
      {
        id: 'assessment-factors',
        title: 'Factors identified at assessment',
        definition: DEFINITIONS.AssessmentFactors.text,
        of: done.length,
        rows: tally(factors, f =>
          f.code === '21' ? 'No factors identified (21)' : `Factor ${f.code}`,
        ),
      },
    ],
  }
}

/** The latest strategy discussion for the episode on or before the conference. */
function lastDiscussion(records: CinRecords, episodeId: string, heldOn: IsoDate): IsoDate | null {
  let last: IsoDate | null = null
  for (const d of records.discussions) {
    if (d.episodeId === episodeId && d.heldOn <= heldOn && (last === null || d.heldOn > last))
      last = d.heldOn
  }
  return last
}

function conferenceFigures(
  records: CinRecords,
  from: IsoDate,
  to: IsoDate,
  calendar: WorkingDayCalendar,
) {
  const started = records.section47s.filter(s => within(s.startDate, from, to)).length
  const icpcs = records.section47s.filter(s => within(s.dateOfInitialCpc, from, to))
  const transferIns = records.episodes.filter(
    e => within(e.dateOfInitialCpc, from, to) && e.section47Count === 0,
  ).length
  const onTime = (start: IsoDate, held: IsoDate | null) =>
    held !== null && calendar.workingDaysBetween(start, held) <= ICPC_WORKING_DAYS
  const dfeOnTime = icpcs.filter(s => onTime(s.startDate, s.dateOfInitialCpc)).length
  const localOnTime = icpcs.filter(s => {
    const held = s.dateOfInitialCpc ?? s.startDate
    return onTime(lastDiscussion(records, s.episodeId, held) ?? s.startDate, held)
  }).length
  const figures = [
    figure('Section_47', started),
    figure('ISCP_Conf', icpcs.length + transferIns),
    figure('ICPC_TransferIn', transferIns),
    figure('CP_conf_15days', dfeOnTime, icpcs.length),
  ]
  if (localOnTime !== dfeOnTime)
    figures.push(figure('ICPC_15days_Local', localOnTime, icpcs.length))
  return figures
}

/**
 * DfE's reviews in timescale for one plan at the period's end: the first review within 3 months
 * of the start, each later one within 6 months of the one before, and none overdue at the end.
 */
export function reviewsOnTime(
  plan: Pick<ProtectionPlanRow, 'startDate' | 'reviewDates'>,
  to: IsoDate,
): boolean {
  let due = addCalendarMonths(plan.startDate, 3)
  for (const review of [...plan.reviewDates].filter(r => r <= to).sort()) {
    if (review > due) return false
    due = addCalendarMonths(review, 6)
  }
  return due >= to
}

function planFigures(records: CinRecords, from: IsoDate, to: IsoDate) {
  const started = records.plans.filter(p => within(p.startDate, from, to))
  const again = started.filter(
    p => Math.max(p.numberOfPreviousPlans ?? 0, p.earlierPlansInRecord) > 0,
  ).length
  const ceased = records.plans.filter(p => within(p.endDate, from, to))
  const ceasedLong = ceased.filter(
    p => days(p.startDate, p.endDate ?? p.startDate) >= TWO_YEARS_IN_DAYS,
  )
  const open = records.plans.filter(
    p => p.startDate <= to && (p.endDate === null || p.endDate > to),
  )
  const openAtStart = records.plans.filter(
    p => p.startDate < from && (p.endDate === null || p.endDate >= from),
  ).length
  const openLong = open.filter(p => days(p.startDate, to) >= TWO_YEARS_IN_DAYS).length
  const threeMonths = open.filter(p => addCalendarMonths(p.startDate, 3) <= to)
  const reviewed = threeMonths.filter(p => reviewsOnTime(p, to)).length
  return {
    figures: [
      figure('CPP_OpenAtStart', openAtStart),
      figure('ReRegCPR_Denominator', started.length),
      figure('PrevRegCPR', again, started.length),
      figure('DeRegCPR', ceased.length),
      figure('CPPlans2yrs', ceasedLong.length, ceased.length),
      figure('CPP_Num', open.length),
      figure('CPPlans2yrsActive', openLong, open.length),
      figure('CPP_Reviewed_InReqTimeScl', reviewed, threeMonths.length),
    ],
    breakdowns: planBreakdowns(open, ceased, to),
  }
}

function ageBand(birthDate: IsoDate | null, to: IsoDate): string {
  if (birthDate === null || birthDate > to) return 'Unborn'
  const age =
    Number(to.slice(0, 4)) -
    Number(birthDate.slice(0, 4)) -
    (to.slice(5) < birthDate.slice(5) ? 1 : 0)
  if (age < 1) return 'Under 1'
  if (age < 5) return '1 to 4'
  if (age < 10) return '5 to 9'
  if (age < 16) return '10 to 15'
  return '16 and over'
}

function durationBand(start: IsoDate, to: IsoDate): string {
  const length = days(start, to)
  if (addCalendarMonths(start, 3) > to) return 'Under 3 months'
  if (addCalendarMonths(start, 6) > to) return '3 to 6 months'
  if (addCalendarMonths(start, 12) > to) return '6 months to 1 year'
  if (length < TWO_YEARS_IN_DAYS) return '1 to 2 years'
  return '2 years or more'
}

function planBreakdowns(
  open: ProtectionPlanRow[],
  ceased: ProtectionPlanRow[],
  to: IsoDate,
): CinBreakdown[] {
  const atEnd = (
    id: string,
    title: string,
    by: (p: ProtectionPlanRow) => string,
  ): CinBreakdown => ({
    id,
    title,
    definition: DEFINITIONS.CPP_Num.text,
    of: open.length,
    rows: tally(open, by),
  })
  return [
    atEnd('plans-by-category', 'Plans at the end of the period by category of abuse', p =>
      words(CATEGORY_WORDS, p.latestCategory ?? p.initialCategory),
    ),
    {
      ...atEnd('plans-by-age', 'Plans at the end of the period by age', p =>
        ageBand(p.birthDate, to),
      ),
      populationBands: AGE_POPULATION_BANDS,
    },
    atEnd('plans-by-gender', 'Plans at the end of the period by gender', p => sexWords(p.sex)),
    atEnd('plans-by-ethnicity', 'Plans at the end of the period by ethnicity', p =>
      ethnicityGroup(p.ethnicity),
    ),
    atEnd('plans-by-duration', 'Plans at the end of the period by how long they have lasted', p =>
      durationBand(p.startDate, to),
    ),
    {
      id: 'plans-ended-by-reason',
      title: 'Plans that ended in the period by reason',
      definition: DEFINITIONS.DeRegCPR.text,
      of: ceased.length,
      rows: tally(ceased, p => words(END_REASON_WORDS, p.endReason)),
    },
  ]
}

/** Every DfE figure for the period from its records. */
export function computeCinFigures(
  records: CinRecords,
  period: { from: IsoDate; to: IsoDate },
  calendar: WorkingDayCalendar,
): CinFigureSet {
  const { from, to } = period
  const referrals = referralFigures(records, from, to)
  const cin = childrenInNeed(records, to)
  const assessments = assessmentFigures(records, calendar)
  const plans = planFigures(records, from, to)
  return {
    from,
    to,
    figures: [
      ...referrals.figures,
      ...cin.figures,
      ...assessments.figures,
      ...conferenceFigures(records, from, to, calendar),
      ...plans.figures,
    ],
    breakdowns: [
      ...referrals.breakdowns,
      ...cin.breakdowns,
      ...assessments.breakdowns,
      ...plans.breakdowns,
    ],
  }
}
