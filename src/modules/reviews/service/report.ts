import type { Db } from '../../../db/database.js'
import { financialYear } from '../../../platform/annual-figures.js'
import { caseReviewFigures, runningClocks, type CaseReviewFigures } from '../queries.js'
import { type Ctx, audit, scoped } from './shared.js'

export const FIGURE_LABELS: Record<keyof CaseReviewFigures, string> = {
  casesReferred: 'Cases referred',
  casesScreened: 'Cases screened',
  metCriteria: 'Cases that met the criteria',
  notified: 'Serious incident notifications',
  notifiedOnTime: 'Notifications within 5 working days',
  rapidReviews: 'Rapid reviews held',
  rapidReviewsOnTime: 'Rapid reviews within 15 working days',
  localReviewsDecided: 'Decisions to hold a local review',
  noReviewDecided: 'Decisions not to hold a local review',
  reviewsOpen: 'Reviews open at the end of the period',
  reviewsPublished: 'Reviews published',
  publishedWithinTarget: 'Reviews published within six months of the decision',
  actionsOpen: 'Review actions open',
  actionsOverdue: 'Review actions overdue',
}

/** The board's report card: counts, and running clocks by case reference (no child's name). */
export function reportCard(db: Db, ctx: Ctx, period: { from: string; to: string }) {
  return scoped(db, ctx.actor, async trx => {
    const [figures, clocks] = await Promise.all([
      caseReviewFigures(trx, ctx.actor.partnershipId, period),
      runningClocks(trx, ctx.actor.partnershipId, period.to),
    ])
    await audit(trx, ctx, {
      action: 'case-review.report-card.viewed',
      resourceType: 'cr-report-card',
      resourceId: ctx.actor.partnershipId,
      detail: period,
    })
    return { figures, clocks }
  })
}

/** A financial year's counts (1 April to 31 March), for the dataset and the annual report. */
export function annualFigures(db: Db, ctx: Ctx, startYear: number) {
  const { year, from, to } = financialYear(startYear)
  return scoped(db, ctx.actor, async trx => {
    const figures = await caseReviewFigures(trx, ctx.actor.partnershipId, { from, to })
    await audit(trx, ctx, {
      action: 'case-review.figures.read',
      resourceType: 'cr-report-card',
      resourceId: ctx.actor.partnershipId,
      detail: { year },
    })
    return { year, from, to, figures }
  })
}
