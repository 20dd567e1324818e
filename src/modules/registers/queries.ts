import type { Trx } from '../../db/database.js'
import { londonStartOfDay } from '../../platform/calendar.js'
import { suppressCount, suppressDerived } from '../../platform/suppression.js'
import {
  type WorkingDayCalendar,
  addCalendarDays,
  englandAndWales,
} from '../../platform/working-days.js'
import { importedPopulation } from '../dataset/queries.js'
import * as exploitation from './exploitation/repo.js'
import * as fgm from './fgm/repo.js'
import { interviewOfferedOnTime, isRepeatMissing } from './missing/clocks.js'
import * as missing from './missing/repo.js'
import { visitTimings } from './private-fostering/clocks.js'
import * as fostering from './private-fostering/repo.js'
import { registerSettings } from './shared.js'
import type { ExploitationType } from './table.js'

/**
 * The registers' figures for the dataset, the annual report and the registers' own pages (ADR
 * 0005): counts only, never a child's details. Each takes a transaction bound to the partnership
 * and a period of London dates, both ends included. Rates per 10,000 children aged 11-17 use the
 * dataset module's imported populations (its queries.ts).
 */

export interface Period {
  from: string
  to: string
}

const instantRange = (period: Period) => ({
  start: londonStartOfDay(period.from),
  end: londonStartOfDay(addCalendarDays(period.to, 1)),
})
const inDates = (day: string | null, period: Period) =>
  day !== null && day >= period.from && day <= period.to

export interface CohortFigures {
  /** Children in the cohort on the period's last day, by type (a child may have several) and risk. */
  byTypeAndRisk: { type: ExploitationType; riskLevel: string; children: number }[]
  childrenAtEnd: number
  added: number
  removed: number
}

export async function exploitationCohortFigures(trx: Trx, period: Period): Promise<CohortFigures> {
  const entries = await exploitation.listEntries(trx)
  const atEnd = entries.filter(
    e => e.addedOn <= period.to && (e.removedOn === null || e.removedOn > period.to),
  )
  const counts = new Map<string, { type: ExploitationType; riskLevel: string; children: number }>()
  for (const entry of atEnd) {
    for (const type of entry.types) {
      const key = `${type}|${entry.riskLevel}`
      const row = counts.get(key) ?? { type, riskLevel: entry.riskLevel, children: 0 }
      row.children += 1
      counts.set(key, row)
    }
  }
  return {
    byTypeAndRisk: [...counts.values()].sort(
      (a, b) => a.type.localeCompare(b.type) || a.riskLevel.localeCompare(b.riskLevel),
    ),
    childrenAtEnd: new Set(atEnd.map(e => e.childId)).size,
    added: entries.filter(e => inDates(e.addedOn, period)).length,
    removed: entries.filter(e => inDates(e.removedOn, period)).length,
  }
}

export interface MissingFigures {
  episodes: number
  children: number
  fromHome: number
  fromCare: number
  /** Episodes whose child was found in the period: the interviews due. */
  found: number
  interviewsOffered: number
  interviewsWithin72Hours: number
  interviewsCompleted: number
  interviewsDeclined: number
  /** Children repeatedly missing on the period's last day, by the partnership's rule. */
  repeatChildren: number
}

export async function missingFigures(trx: Trx, period: Period): Promise<MissingFigures> {
  const { start, end } = instantRange(period)
  const all = await missing.listEpisodes(trx)
  const inPeriod = (at: Date | null) => at !== null && at >= start && at < end
  const reported = all.filter(e => inPeriod(e.reportedAt))
  const found = all.filter(e => inPeriod(e.foundAt))
  const offered = found.filter(e => e.interviewOfferedAt !== null)
  const settings = await registerSettings(trx)
  const rule = { episodes: settings.repeatMissingEpisodes, days: settings.repeatMissingDays }
  const byChild = new Map<string, Date[]>()
  for (const e of all) byChild.set(e.childId, [...(byChild.get(e.childId) ?? []), e.reportedAt])
  const asOf = new Date(end.getTime() - 1)
  return {
    episodes: reported.length,
    children: new Set(reported.map(e => e.childId)).size,
    fromHome: reported.filter(e => e.missingFrom === 'home').length,
    fromCare: reported.filter(e => e.missingFrom === 'care').length,
    found: found.length,
    interviewsOffered: offered.length,
    interviewsWithin72Hours: offered.filter(
      e =>
        e.foundAt &&
        e.interviewOfferedAt &&
        interviewOfferedOnTime(e.foundAt, e.interviewOfferedAt),
    ).length,
    interviewsCompleted: offered.filter(e => e.interviewOutcome === 'completed').length,
    interviewsDeclined: offered.filter(e => e.interviewOutcome === 'declined').length,
    repeatChildren: [...byChild.values()].filter(ats => isRepeatMissing(ats, rule, asOf)).length,
  }
}

export interface FgmFigures {
  referrals: number
  knownCases: number
  mandatoryReports: number
  panelDecisions: number
  byCommunity: { community: string; referrals: number }[]
}

export async function fgmFigures(trx: Trx, period: Period): Promise<FgmFigures> {
  const all = await fgm.listReferrals(trx)
  const referred = all.filter(r => inDates(r.referredOn, period))
  const communities = new Map<string, number>()
  for (const r of referred) {
    const key = r.community ?? 'Not recorded'
    communities.set(key, (communities.get(key) ?? 0) + 1)
  }
  return {
    referrals: referred.length,
    knownCases: referred.filter(r => r.screeningOutcome === 'known-case').length,
    mandatoryReports: all.filter(r => inDates(r.reportedToPoliceOn, period)).length,
    panelDecisions: all.filter(r => inDates(r.panelDecidedOn, period)).length,
    byCommunity: [...communities]
      .map(([community, referrals]) => ({ community, referrals }))
      .sort((a, b) => b.referrals - a.referrals || a.community.localeCompare(b.community)),
  }
}

export interface PrivateFosteringFigures {
  notifications: number
  /** Assessments completed in the period (whatever they found). */
  assessmentsCompleted: number
  /** Arrangements open at the period's end whose assessment was not complete by then. */
  ongoing: number
  /** Private fostering arrangements that ended in the period. */
  closed: number
  /** Private fostering arrangements open on the period's last day. */
  open: number
  firstVisits: number
  firstVisitsOnTime: number
  visits: number
  visitsOnTime: number
  visitsSeenAlone: number
}

/** Birmingham's table (assessments completed, ongoing, closed, open) and visits on time. */
export async function privateFosteringFigures(
  trx: Trx,
  period: Period,
  calendar: WorkingDayCalendar = englandAndWales,
): Promise<PrivateFosteringFigures> {
  const all = await fostering.listArrangements(trx)
  const visits = await fostering.listVisits(
    trx,
    all.map(a => a.id),
  )
  const isArrangement = (a: (typeof all)[number]) => a.endReason !== 'not-private-fostering'
  const openAtEnd = all.filter(
    a =>
      isArrangement(a) &&
      a.notifiedOn <= period.to &&
      (a.endedOn === null || a.endedOn > period.to),
  )
  const figures: PrivateFosteringFigures = {
    notifications: all.filter(a => inDates(a.notifiedOn, period)).length,
    assessmentsCompleted: all.filter(a => inDates(a.assessmentCompletedOn, period)).length,
    ongoing: openAtEnd.filter(
      a => a.assessmentCompletedOn === null || a.assessmentCompletedOn > period.to,
    ).length,
    closed: all.filter(a => isArrangement(a) && inDates(a.endedOn, period)).length,
    open: openAtEnd.length,
    firstVisits: 0,
    firstVisitsOnTime: 0,
    visits: 0,
    visitsOnTime: 0,
    visitsSeenAlone: 0,
  }
  for (const arrangement of all) {
    const own = visits.filter(v => v.arrangementId === arrangement.id)
    const timings = visitTimings(
      arrangement,
      own.map(v => v.visitedOn),
      calendar,
    )
    for (const [index, timing] of timings.entries()) {
      if (!inDates(timing.visitedOn, period)) continue
      figures.visits += 1
      if (timing.onTime) figures.visitsOnTime += 1
      if (own.find(v => v.visitedOn === timing.visitedOn)?.seenAlone) figures.visitsSeenAlone += 1
      if (index === 0) {
        figures.firstVisits += 1
        if (timing.onTime) figures.firstVisitsOnTime += 1
      }
    }
  }
  return figures
}

// ---- For the dataset's catalogue and published reports -----------------------------------------

/** A figure as the dataset shows it: a count and, for a percentage, what it is out of. */
export interface RegisterFigure {
  id: string
  label: string
  count: number
  of: number | null
}

const TYPE_WORDS: Record<ExploitationType, string> = {
  cse: 'sexual exploitation',
  cce: 'criminal exploitation',
  'county-lines': 'county lines',
  trafficking: 'trafficking',
  'forced-marriage': 'forced marriage',
}

/** The registers' figures for a period, as one section of the dataset's catalogue. */
export async function registerFigures(trx: Trx, period: Period) {
  const [cohort, missing, fgm, fostering] = await Promise.all([
    exploitationCohortFigures(trx, period),
    missingFigures(trx, period),
    fgmFigures(trx, period),
    privateFosteringFigures(trx, period),
  ])
  const count = (id: string, label: string, value: number): RegisterFigure => ({
    id,
    label,
    count: value,
    of: null,
  })
  const byType = (type: ExploitationType) =>
    cohort.byTypeAndRisk.filter(r => r.type === type).reduce((sum, r) => sum + r.children, 0)
  const figures: RegisterFigure[] = [
    count(
      'cohort',
      'Children in the exploitation cohort at the end of the period',
      cohort.childrenAtEnd,
    ),
    ...(Object.keys(TYPE_WORDS) as ExploitationType[]).map(type =>
      count(`cohort-${type}`, `of whom at risk of ${TYPE_WORDS[type]}`, byType(type)),
    ),
    count('cohort-added', 'Children added to the cohort', cohort.added),
    count('cohort-removed', 'Children removed from the cohort', cohort.removed),
    count('missing-episodes', 'Missing episodes reported', missing.episodes),
    count('missing-children', 'Children reported missing', missing.children),
    {
      id: 'missing-interviews-72h',
      label: 'Return home interviews offered within 72 hours of being found',
      count: missing.interviewsWithin72Hours,
      of: missing.found,
    },
    count(
      'missing-repeat',
      'Children repeatedly missing at the end of the period',
      missing.repeatChildren,
    ),
    count('fgm-referrals', 'FGM referrals', fgm.referrals),
    count('fgm-mandatory-reports', 'FGM mandatory reports to the police', fgm.mandatoryReports),
    count('pf-notifications', 'Private fostering notifications', fostering.notifications),
    {
      id: 'pf-visits-on-time',
      label: 'Private fostering visits on time',
      count: fostering.visitsOnTime,
      of: fostering.visits,
    },
  ]
  return {
    id: 'registers',
    title: 'Children at particular risk',
    help: [
      'From the registers: the exploitation cohort (a child may be at risk of several types), missing episodes, FGM referrals and private fostering.',
      'A return home interview is on time when offered within 72 hours of the child being found; a private fostering visit by its statutory clock.',
    ],
    figures,
  }
}

/** The same figures for publication: counts of 1 to 5, and percentages of them, shown as `c`. */
export async function publishedRegisterFigures(trx: Trx, period: Period) {
  const section = await registerFigures(trx, period)
  const publish = { publish: true }
  return section.figures.map(figure => ({
    id: figure.id,
    label: figure.label,
    value: suppressCount(figure.count, publish),
    percent:
      figure.of === null || figure.of === 0
        ? null
        : suppressDerived(
            Math.round((figure.count / figure.of) * 1000) / 10,
            { numerator: figure.count, denominator: figure.of },
            publish,
          ),
  }))
}

/**
 * Children in the cohort at risk of a type of exploitation at the period's end, per 10,000
 * children aged 11 to 17: the dataset's imported ONS estimate of the mid-year before the
 * financial year of the period's end ends (DfE's practice). Null without that population.
 */
export async function exploitationRatePer10k(
  trx: Trx,
  partnershipId: string,
  period: Period,
  type: ExploitationType = 'cse',
) {
  const [year = 0, month = 1] = period.to.split('-').map(Number)
  const financialYearEnds = month >= 4 ? year + 1 : year
  const population = await importedPopulation(trx, partnershipId, financialYearEnds - 1, '11-17')
  if (!population || population.population <= 0) return null
  const cohort = await exploitationCohortFigures(trx, period)
  const children = cohort.byTypeAndRisk
    .filter(r => r.type === type)
    .reduce((sum, r) => sum + r.children, 0)
  return {
    children,
    population: population.population,
    source: `${population.source} (mid-${population.year})`,
    ratePer10k: Math.round((children / population.population) * 100000) / 10,
  }
}
