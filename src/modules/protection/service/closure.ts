/**
 * Closing a child's episode with its census reason, re-opening it under the census rules, plans
 * known from elsewhere (NumberOfPreviousCPP), and the page that shows the whole journey.
 */
import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import { financialYear } from '../../../platform/annual-figures.js'
import type { Actor } from '../../../platform/http/types.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { formatDate } from '../../../platform/http/web.js'
import {
  findChild,
  findEpisode,
  insertPreviousPlan,
  lastActivityDate,
  listAssessmentsOfChild,
  listAssessmentsOfEpisode,
  listCinPlansOfChild,
  listEpisodePlans,
  listEpisodesOfChild,
  listPlansBefore,
  listPlansOfChild,
  listPreviousPlans,
  listStepsOfChild,
  updateEpisode,
} from '../repo.js'
import type { CloseEpisodeInput, PreviousPlanInput } from '../schema.js'
import { audit, auditView, changeRecord } from './shared.js'
import { recordStep } from './cin-plans.js'
import type { JourneyChange } from './assessments.js'

/** Reasons that say the episode ended after an assessment (census 8825Q wants one). */
const AFTER_ASSESSMENT = new Set(['RC8', 'RC9'])

export function journeyPage(db: Db, options: { actor: Actor; childId: string; requestId: string }) {
  const { actor, childId, requestId } = options
  const { partnershipId } = actor
  return inPartnership(db, scope(actor), async trx => {
    const child = await findChild(trx, partnershipId, childId)
    if (!child) return undefined
    await auditView(trx, actor, requestId, childId, 'journey')
    return {
      child,
      episodes: await listEpisodesOfChild(trx, partnershipId, childId),
      assessments: await listAssessmentsOfChild(trx, partnershipId, childId),
      cinPlans: await listCinPlansOfChild(trx, partnershipId, childId),
      protectionPlans: await listPlansOfChild(trx, partnershipId, childId),
      steps: await listStepsOfChild(trx, partnershipId, childId),
      previousPlans: await listPreviousPlans(trx, partnershipId, childId),
    }
  })
}

export function episodePage(db: Db, options: { actor: Actor; id: string; requestId: string }) {
  const { actor, id, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const episode = await findEpisode(trx, actor.partnershipId, id)
    if (!episode) return undefined
    const child = await findChild(trx, actor.partnershipId, episode.childId)
    if (!child) return undefined
    await auditView(trx, actor, requestId, child.id, 'episode')
    return { episode, child }
  })
}

export function closeEpisode(
  db: Db,
  options: { actor: Actor; id: string; input: CloseEpisodeInput; requestId: string },
): Promise<JourneyChange> {
  const { actor, id, input, requestId } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findEpisode, id, async (trx, episode) => {
    if (episode.closureDate !== null) return refuse('reason', 'This episode is already closed')
    const [protectionPlans, cinPlans] = await listEpisodePlans(trx, partnershipId, id)
    if (protectionPlans.some(plan => plan.endDate === null)) {
      return refuse('reason', 'The child protection plan is still open: end it before closing')
    }
    if (cinPlans.some(plan => plan.endDate === null)) {
      return refuse('reason', 'The child in need plan is still open: end it before closing')
    }
    const assessments = await listAssessmentsOfEpisode(trx, partnershipId, id)
    // Census rule 8867: every assessment completed before the episode closes.
    if (assessments.some(a => a.authorisationDate === null)) {
      return refuse('reason', 'An assessment is not yet authorised: authorise it before closing')
    }
    if (AFTER_ASSESSMENT.has(input.reason) && assessments.length === 0) {
      return refuse(
        'reason',
        `${input.reason} is for a case closed after an assessment: there is none`,
      )
    }
    // Census rules 8630 and 8565: not before the referral, nor before anything in it.
    const last = (await lastActivityDate(trx, id)) ?? episode.referralDate
    const earliest = last > episode.referralDate ? last : episode.referralDate
    if (input.closedOn < earliest) {
      return refuse(
        'closedOn-day',
        `The episode cannot close before ${formatDate(earliest)}, the last thing recorded in it`,
      )
    }
    await updateEpisode(trx, partnershipId, id, {
      closureDate: input.closedOn,
      reasonForClosure: input.reason,
    })
    await audit(trx, actor, requestId, {
      action: 'episode.closed',
      resourceType: 'cin-episode',
      resourceId: id,
      childId: episode.childId,
      fields: {
        closureDate: { from: null, to: input.closedOn },
        reasonForClosure: { from: null, to: input.reason },
      },
    })
    if (input.reason === 'RC9') {
      await recordStep(trx, actor, requestId, {
        childId: episode.childId,
        episodeId: id,
        kind: 'social-care-to-early-help',
        steppedOn: input.closedOn,
      })
    }
    return { kind: 'done', id }
  })
}

/**
 * Re-opens a closed episode, as the census allows: only the child's latest episode (rule 8820:
 * episodes do not overlap), not a referral closed with no further action (a new referral is
 * recorded instead), and only within the census year not yet returned.
 */
export function reopenEpisode(
  db: Db,
  options: { actor: Actor; id: string; today: string; requestId: string },
): Promise<JourneyChange> {
  const { actor, id, today, requestId } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findEpisode, id, async (trx, episode) => {
    if (episode.closureDate === null) return refuse('reopen', 'This episode is open')
    if (episode.referralNfa === true) {
      return refuse(
        'reopen',
        'A referral with no further action is not re-opened: record a new referral',
      )
    }
    if (episode.reasonForClosure === 'RC2') {
      return refuse('reopen', 'The episode closed because the child died')
    }
    const episodes = await listEpisodesOfChild(trx, partnershipId, episode.childId)
    if (episodes.some(other => other.id !== id && other.referralDate > episode.referralDate)) {
      return refuse('reopen', 'A later episode exists: record the work on that episode')
    }
    const year = Number(today.slice(0, 4)) - (today.slice(5) < '04-01' ? 1 : 0)
    const { from } = financialYear(year)
    if (episode.closureDate < from) {
      return refuse(
        'reopen',
        `The episode closed before ${formatDate(from)}, in a census year already returned: record a new referral`,
      )
    }
    await updateEpisode(trx, partnershipId, id, { closureDate: null, reasonForClosure: null })
    await audit(trx, actor, requestId, {
      action: 'episode.reopened',
      resourceType: 'cin-episode',
      resourceId: id,
      childId: episode.childId,
      fields: {
        closureDate: { from: episode.closureDate, to: null },
        reasonForClosure: { from: episode.reasonForClosure, to: null },
      },
    })
    return { kind: 'done', id }
  })
}

export function recordPreviousPlan(
  db: Db,
  options: { actor: Actor; childId: string; input: PreviousPlanInput; requestId: string },
): Promise<JourneyChange> {
  const { actor, childId, input, requestId } = options
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const child = await findChild(trx, actor.partnershipId, childId)
      if (!child) return { kind: 'not-found' }
      if (input.endedOn !== null && input.endedOn < input.startedOn) {
        return refuse('endedOn-day', 'The plan cannot end before it started')
      }
      const row = await insertPreviousPlan(trx, {
        partnershipId: actor.partnershipId,
        childId,
        authority: input.authority,
        startDate: input.startedOn,
        endDate: input.endedOn,
        recordedBy: actor.userId,
      })
      if (!row) return refuse('startedOn-day', 'A plan starting on this date is already recorded')
      await audit(trx, actor, requestId, {
        action: 'previous-plan.recorded',
        resourceType: 'previous-protection-plan',
        resourceId: row.id,
        childId,
        fields: { authority: input.authority, startDate: input.startedOn, endDate: input.endedOn },
      })
      return { kind: 'done', id: row.id }
    }),
  )
}

/**
 * NumberOfPreviousCPP for a plan starting on `startDate`: never fewer than the child's known
 * history. The greater of the plans held before it (here, imported, or known from elsewhere) and
 * the highest number an earlier plan carried plus one.
 */
export async function previousPlanCount(
  trx: Trx,
  partnershipId: string,
  childId: string,
  startDate: string,
): Promise<number> {
  const held = await listPlansBefore(trx, partnershipId, childId, startDate)
  const elsewhere = (await listPreviousPlans(trx, partnershipId, childId)).filter(
    plan => plan.startDate < startDate,
  )
  const carried = held.map(plan => (plan.numberOfPreviousPlans ?? 0) + 1)
  return Math.max(held.length + elsewhere.length, ...carried, 0)
}
