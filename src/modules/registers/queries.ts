import type { Trx } from '../../db/database.js'
import { londonStartOfDay } from '../../platform/calendar.js'
import {
  type WorkingDayCalendar,
  addCalendarDays,
  englandAndWales,
} from '../../platform/working-days.js'
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
 * and a period of London dates, both ends included. Rates per 10,000 children aged 11-17 are the
 * dataset module's to compute, from these counts and its own denominators.
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
