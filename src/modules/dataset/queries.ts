/**
 * The dataset's read models for other modules (ADR 0005): the populations the partnership
 * imported, so that a module's rate per 10,000 uses the same denominators as the dataset; and,
 * for the annual report's figure blocks, the DfE-comparable figures of a period with
 * comparators, rates and targets.
 */
import type { Trx } from '../../db/database.js'
import { londonInstant } from '../../platform/calendar.js'
import { addCalendarDays } from '../../platform/working-days.js'
import { findPopulation } from './cin/repo.js'
import { listCards, listVersions } from './report-cards/repo.js'
import {
  listIndicators as listReturnIndicators,
  listReturns,
  listSignedOffValues,
} from './returns/repo.js'

export { computeCinReport, type CinPeriod } from './cin/service.js'
export type { CinReport, ReportedFigure } from './cin/report.js'

/** An imported ONS mid-year estimate for an age band ('0-17', '11-17', ...), or null. */
export async function importedPopulation(
  trx: Trx,
  partnershipId: string,
  midYear: number,
  ageBand: string,
): Promise<{ population: number; source: string; year: number } | null> {
  return (await findPopulation(trx, partnershipId, midYear, ageBand)) ?? null
}

// ---- reports: the year's report cards and the agencies' return figures ---------------------

export interface ReportCardSummary {
  title: string
  theme: string | null
  version: number
  story: string
  whatWorks: string
  nextSteps: string
  criticalMessages: string
}

/** Each report card as it last stood by the end of the period (cards begun later are left out). */
export async function reportCardsForReports(
  trx: Trx,
  partnershipId: string,
  period: { from: string; to: string },
): Promise<ReportCardSummary[]> {
  const end = londonInstant(addCalendarDays(period.to, 1), 0)
  const cards: ReportCardSummary[] = []
  for (const card of await listCards(trx, partnershipId)) {
    const version = (await listVersions(trx, card.id)).find(v => v.createdAt < end)
    if (version)
      cards.push({
        title: card.title,
        theme: card.theme,
        version: version.version,
        story: version.story,
        whatWorks: version.whatWorks,
        nextSteps: version.nextSteps,
        criticalMessages: version.criticalMessages,
      })
  }
  return cards
}

export interface AgencyReturnFigure {
  agencyName: string
  indicator: string
  unit: string
  /** The signed-off value of each quarter starting in the period (latest revision), by period start. */
  quarters: { periodStart: string; value: number }[]
}

/** The figures agencies returned and signed off for quarters starting in the period. */
export async function agencyReturnFiguresForReports(
  trx: Trx,
  partnershipId: string,
  period: { from: string; to: string },
): Promise<AgencyReturnFigure[]> {
  const indicators = await listReturnIndicators(trx, partnershipId)
  const values = await listSignedOffValues(
    trx,
    partnershipId,
    indicators.map(i => i.id),
  )
  return indicators
    .map(indicator => {
      const latest = new Map<string, number>()
      for (const v of values)
        if (
          v.indicatorId === indicator.id &&
          v.periodStart >= period.from &&
          v.periodStart <= period.to &&
          !latest.has(v.periodStart)
        )
          latest.set(v.periodStart, Number(v.value))
      return {
        agencyName: indicator.agencyName,
        indicator: indicator.name,
        unit: indicator.unit,
        quarters: [...latest].map(([periodStart, value]) => ({ periodStart, value })),
      }
    })
    .filter(f => f.quarters.length > 0)
}

// ---- home pages and the business unit's calendar (issue 19 point 10) ------------------------

export interface AgencyReturnDue {
  id: string
  agencyName: string
  periodStart: string
  periodEnd: string
  dueOn: string
  signedOff: boolean
}

/**
 * Agency returns, earliest due first: those of `agencyIds` (an agency lead's), or every agency's
 * with null; `openOnly` leaves out the returns already signed off.
 */
export async function agencyReturnsDue(
  trx: Trx,
  partnershipId: string,
  filter: { agencyIds: string[] | null; openOnly: boolean },
): Promise<AgencyReturnDue[]> {
  const rows = await listReturns(trx, partnershipId, {
    agencyIds: filter.agencyIds ?? undefined,
  })
  return rows
    .filter(row => !filter.openOnly || row.signedOffAt === null)
    .map(row => ({
      id: row.id,
      agencyName: row.agencyName,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      dueOn: row.dueOn,
      signedOff: row.signedOffAt !== null,
    }))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.agencyName.localeCompare(b.agencyName))
}
