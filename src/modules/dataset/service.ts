/**
 * The multi-agency dataset: figures computed from the records for a period, each a count and,
 * where it is a rate, the count it is out of. One function per group of figures (in `figures/`),
 * so that the annual report can call them too. Figures are aggregates: no child is named or listed.
 */
import { inPartnership, type Db, type Trx } from '../../db/database.js'
import { partnershipCalendarIn } from '../../platform/admin.js'
import { recordAudit } from '../../platform/audit.js'
import type { Actor } from '../../platform/http/types.js'
import { addCalendarDays } from '../../platform/working-days.js'
import { londonInstant } from '../../platform/calendar.js'
import { DEFAULT_PROTECTION_TIMESCALES, findProtectionSettings } from '../protection/queries.js'
import { registerFigures } from '../registers/queries.js' // registers (issue 13)
import type { Period } from './schema.js'
import type { CinReport } from './cin/report.js'
import { computeCinReport } from './cin/service.js'
import { loadLait } from './lait.js'
import {
  agencyCheckFigures,
  frontDoorDecisionFigures,
  referralsReceivedFigures,
} from './figures/front-door.js'
import {
  assessmentFigures,
  conferenceAgencyFigures,
  protectionPlanFigures,
  reviewFigures,
  section47Figures,
} from './figures/protection.js'
import type { Bounds, DatasetFigures, FigureContext, FigureSection } from './figures/shared.js'

export * from './figures/shared.js'

// ---- All figures ---------------------------------------------------------------------------

export const FIGURE_GROUPS = [
  referralsReceivedFigures,
  frontDoorDecisionFigures,
  assessmentFigures,
  section47Figures,
  protectionPlanFigures,
  reviewFigures,
  conferenceAgencyFigures,
  agencyCheckFigures,
  // registers (issue 13): children at particular risk, from the registers' read models
  (trx: Trx, context: FigureContext) => registerFigures(trx, context.bounds),
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
  const calendar = await partnershipCalendarIn(trx)
  const settings = await findProtectionSettings(trx, partnershipId)
  return {
    bounds: boundsOf(partnershipId, period),
    calendar,
    timescales: settings
      ? {
          icpcWorkingDays: settings.icpcWorkingDays,
          coreGroupWorkingDays: settings.coreGroupWorkingDays,
          firstReviewMonths: settings.firstReviewMonths,
          reviewIntervalMonths: settings.reviewIntervalMonths,
          reportDueWorkingDays: settings.reportDueWorkingDays,
          preBirthIcpcByWeek: settings.preBirthIcpcByWeek,
          preBirthReviewWorkingDays: settings.preBirthReviewWorkingDays,
          visitWorkingDays: settings.visitWorkingDays,
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

/**
 * The same figures for a download, with the export audited in the same transaction; with
 * `withDfe`, the DfE figures of the first period too (waiting for LAIT, so they are complete).
 */
export async function exportDatasetFigures(
  db: Db,
  options: {
    actor: Actor
    periods: Period[]
    format: 'csv' | 'xlsx' | 'json'
    requestId: string
    withDfe?: boolean
  },
): Promise<{ figures: DatasetFigures[]; dfe: CinReport | null }> {
  const { actor, periods, format, requestId } = options
  const lait = options.withDfe ? await loadLait() : null
  return inPartnership(db, scope(actor), async trx => {
    const figures: DatasetFigures[] = []
    for (const period of periods)
      figures.push(await computeFigures(trx, actor.partnershipId, period))
    const first = periods[0]
    const dfe = lait && first ? await computeCinReport(trx, actor.partnershipId, first, lait) : null
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'dataset.exported',
      resourceType: 'dataset',
      detail: {
        format,
        ...(dfe ? { figures: 'dataset and DfE' } : {}),
        periods: periods.map(period => ({ from: period.from, to: period.to })),
      },
      requestId,
    })
    return { figures, dfe }
  })
}
