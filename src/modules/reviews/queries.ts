/**
 * Case review figures for the dataset, the board's report card and the annual report (ADR 0005):
 * plain rows and counts, no child's name. Each takes a transaction bound to the partnership.
 */
import type { Trx } from '../../db/database.js'
import { linkedPlanActions } from '../governance/service.js'
import { clockState, type ClockState } from './clocks.js'
import * as repo from './repo.js'

export interface CaseReviewFigures {
  casesReferred: number
  casesScreened: number
  metCriteria: number
  notified: number
  notifiedOnTime: number
  rapidReviews: number
  rapidReviewsOnTime: number
  localReviewsDecided: number
  noReviewDecided: number
  reviewsOpen: number
  reviewsPublished: number
  publishedWithinTarget: number
  actionsOpen: number
  actionsOverdue: number
}

const within = (date: string | null, from: string, to: string) =>
  !!date && date >= from && date <= to

/** Counts for a period (referrals, screenings, decisions, publications in it) and open work on `to`. */
export async function caseReviewFigures(
  trx: Trx,
  partnershipId: string,
  period: { from: string; to: string },
): Promise<CaseReviewFigures> {
  const { from, to } = period
  const [cases, reviews, recommendations] = await Promise.all([
    repo.listCases(trx, partnershipId),
    repo.listReviews(trx, partnershipId),
    repo.listAllRecommendations(trx, partnershipId),
  ])
  const screened = cases.filter(c => within(c.screenedOn, from, to))
  const notified = cases.filter(c => within(c.notifiedOn, from, to))
  const rapid = cases.filter(c => within(c.rapidReviewHeldOn, from, to))
  const decided = cases.filter(c => within(c.decidedOn, from, to))
  const published = reviews.filter(r => within(r.publishedOn, from, to))
  const actions = await linkedPlanActions(
    trx,
    recommendations.flatMap(r => (r.planActionId ? [r.planActionId] : [])),
  )
  const open = actions.filter(a => !a.complete)
  return {
    casesReferred: cases.filter(c => within(c.referredOn, from, to)).length,
    casesScreened: screened.length,
    metCriteria: screened.filter(c => c.criteriaMet).length,
    notified: notified.length,
    notifiedOnTime: notified.filter(c => (c.notifiedOn ?? '') <= c.notificationDueOn).length,
    rapidReviews: rapid.length,
    rapidReviewsOnTime: rapid.filter(c => (c.rapidReviewHeldOn ?? '') <= (c.rapidReviewDueOn ?? ''))
      .length,
    localReviewsDecided: decided.filter(c => c.decision === 'local-review').length,
    noReviewDecided: decided.filter(c => c.decision === 'no-review').length,
    reviewsOpen: reviews.filter(r => r.decidedOn <= to && (!r.publishedOn || r.publishedOn > to))
      .length,
    reviewsPublished: published.length,
    publishedWithinTarget: published.filter(r => (r.publishedOn ?? '') <= r.targetPublicationOn)
      .length,
    actionsOpen: open.length,
    actionsOverdue: open.filter(a => a.dueOn !== null && a.dueOn < to).length,
  }
}

export interface OpenClock {
  caseId: string
  reference: string
  clock: 'notification' | 'rapid-review' | 'publication'
  dueOn: string
  state: ClockState
}

/** The clocks still running on `today`, soonest first: what the monthly report card shows. */
export async function runningClocks(
  trx: Trx,
  partnershipId: string,
  today: string,
): Promise<OpenClock[]> {
  const [cases, reviews] = await Promise.all([
    repo.listCases(trx, partnershipId),
    repo.listReviews(trx, partnershipId),
  ])
  const clocks: OpenClock[] = []
  for (const c of cases) {
    if (c.criteriaMet !== false && !c.notifiedOn && c.status !== 'decided')
      clocks.push({
        caseId: c.id,
        reference: c.reference,
        clock: 'notification',
        dueOn: c.notificationDueOn,
        state: clockState(c.notificationDueOn, null, today),
      })
    if (c.rapidReviewDueOn && !c.rapidReviewHeldOn)
      clocks.push({
        caseId: c.id,
        reference: c.reference,
        clock: 'rapid-review',
        dueOn: c.rapidReviewDueOn,
        state: clockState(c.rapidReviewDueOn, null, today),
      })
  }
  for (const r of reviews.filter(
    r => !r.publishedOn && !['domestic-homicide', 'other-area'].includes(r.reviewType),
  ))
    clocks.push({
      caseId: r.id,
      reference: r.title,
      clock: 'publication',
      dueOn: r.targetPublicationOn,
      state: clockState(r.targetPublicationOn, null, today),
    })
  return clocks.sort((a, b) => a.dueOn.localeCompare(b.dueOn))
}
