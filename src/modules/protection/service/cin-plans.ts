/**
 * Child in need plans: started on the child's open episode, reviewed, ended. They are the census
 * CINPlanDates. A child protection plan that ends by stepping down starts one on the same day.
 */
import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import { refuse } from '../../../platform/refusal.js'
import { formatDate } from '../../../platform/http/web.js'
import { recordAudit } from '../../../platform/audit.js'
import type { JourneyStepKind } from '../table.js'
import {
  findChild,
  findCinPlan,
  insertCinPlan,
  insertStep,
  listStepsBetween,
  listEpisodePlans,
  updateCinPlan,
} from '../repo.js'
import type { CinReviewInput, EndCinPlanInput, StartCinPlanInput } from '../schema.js'
import { audit, auditView, changeRecord } from './shared.js'
import { startOnOpenEpisode, type JourneyChange } from './assessments.js'

export function startCinPlan(
  db: Db,
  options: { actor: Actor; childId: string; input: StartCinPlanInput; requestId: string },
): Promise<JourneyChange> {
  const { actor, childId, input, requestId } = options
  const { partnershipId } = actor
  const start = { childId, what: 'plan' as const, on: input.startedOn }
  return startOnOpenEpisode(db, actor, start, async (trx, episode) => {
    const [protectionPlans, cinPlans] = await listEpisodePlans(trx, partnershipId, episode.id)
    // Census rule 4004: one open CIN plan.
    if (cinPlans.some(plan => plan.endDate === null || plan.endDate > input.startedOn)) {
      return refuse('startedOn-day', 'The child already has a child in need plan on this date')
    }
    // Census rules 4001 and 4016: not beside a protection plan; it may start the day one ends.
    if (protectionPlans.some(plan => plan.endDate === null || plan.endDate > input.startedOn)) {
      return refuse(
        'startedOn-day',
        'The child has a child protection plan on this date: end it first (it can step down to a child in need plan)',
      )
    }
    const row = await insertCinPlan(trx, {
      partnershipId,
      episodeId: episode.id,
      startDate: input.startedOn,
      endDate: null,
      leadWorkerId: actor.userId,
    })
    if (!row) return refuse('startedOn-day', 'A plan starting on this date is already recorded')
    await audit(trx, actor, requestId, {
      action: 'cin-plan.started',
      resourceType: 'cin-plan',
      resourceId: row.id,
      childId,
      fields: { startDate: input.startedOn },
    })
    return { kind: 'done', id: row.id }
  })
}

/** A protection plan ended by stepping down: a CIN plan from the same day, and the step. */
export async function stepDownToCinPlan(
  trx: Trx,
  actor: Actor,
  requestId: string,
  plan: { id: string; episodeId: string; childId: string; endDate: string },
): Promise<void> {
  const row = await insertCinPlan(trx, {
    partnershipId: actor.partnershipId,
    episodeId: plan.episodeId,
    startDate: plan.endDate,
    endDate: null,
    leadWorkerId: actor.userId,
    startedFromPlanId: plan.id,
  })
  if (!row)
    return refuse('reason', 'A child in need plan starting on this date is already recorded')
  await audit(trx, actor, requestId, {
    action: 'cin-plan.started',
    resourceType: 'cin-plan',
    resourceId: row.id,
    childId: plan.childId,
    fields: { startDate: plan.endDate, startedFromPlanId: plan.id },
  })
  await recordStep(trx, actor, requestId, {
    childId: plan.childId,
    episodeId: plan.episodeId,
    kind: 'protection-plan-to-cin-plan',
    steppedOn: plan.endDate,
  })
}

/** A step between early help and social care, or between plans, for the dataset to count. */
export async function recordStep(
  trx: Trx,
  actor: { partnershipId: string; userId: string },
  requestId: string,
  step: { childId: string; episodeId: string | null; kind: JourneyStepKind; steppedOn: string },
): Promise<void> {
  const { id } = await insertStep(trx, {
    partnershipId: actor.partnershipId,
    recordedBy: actor.userId,
    ...step,
  })
  await recordAudit(trx, {
    partnershipId: actor.partnershipId,
    userId: actor.userId,
    requestId,
    action: 'journey-step.recorded',
    resourceType: 'journey-step',
    resourceId: id,
    childId: step.childId,
    fields: { kind: step.kind, steppedOn: step.steppedOn },
  })
}

export function cinPlanPage(db: Db, options: { actor: Actor; id: string; requestId: string }) {
  const { actor, id, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const plan = await findCinPlan(trx, actor.partnershipId, id)
    if (!plan) return undefined
    const child = await findChild(trx, actor.partnershipId, plan.childId)
    if (!child) return undefined
    await auditView(trx, actor, requestId, child.id, 'cin-plan')
    return { plan, child }
  })
}

export function recordCinReview(
  db: Db,
  options: { actor: Actor; id: string; input: CinReviewInput; requestId: string },
): Promise<JourneyChange> {
  const { actor, id, input, requestId } = options
  return changeRecord(db, actor, findCinPlan, id, async (trx, plan) => {
    if (plan.endDate !== null) return refuse('reviewedOn-day', 'This plan has ended')
    if (input.reviewedOn <= plan.startDate) {
      return refuse(
        'reviewedOn-day',
        `The review must be after the plan started (${formatDate(plan.startDate)})`,
      )
    }
    if (plan.reviewDates.includes(input.reviewedOn)) {
      return refuse('reviewedOn-day', 'A review on this date is already recorded')
    }
    const reviewDates = [...plan.reviewDates, input.reviewedOn].sort()
    await updateCinPlan(trx, actor.partnershipId, id, { reviewDates })
    await audit(trx, actor, requestId, {
      action: 'cin-plan.reviewed',
      resourceType: 'cin-plan',
      resourceId: id,
      childId: plan.childId,
      fields: { reviewDates: { from: plan.reviewDates, to: reviewDates } },
    })
    return { kind: 'done', id }
  })
}

export function endCinPlan(
  db: Db,
  options: { actor: Actor; id: string; input: EndCinPlanInput; requestId: string },
): Promise<JourneyChange> {
  const { actor, id, input, requestId } = options
  return changeRecord(db, actor, findCinPlan, id, async (trx, plan) => {
    if (plan.endDate !== null) return refuse('endedOn-day', 'This plan has already ended')
    // Census rule 4011: not before it started.
    if (input.endedOn < plan.startDate) {
      return refuse(
        'endedOn-day',
        `The plan cannot end before it started (${formatDate(plan.startDate)})`,
      )
    }
    const lastReview = plan.reviewDates.at(-1)
    if (lastReview && input.endedOn < lastReview) {
      return refuse(
        'endedOn-day',
        `The plan was reviewed on ${formatDate(lastReview)}: it cannot end before`,
      )
    }
    await updateCinPlan(trx, actor.partnershipId, id, {
      endDate: input.endedOn,
      endReason: input.reason,
    })
    await audit(trx, actor, requestId, {
      action: 'cin-plan.ended',
      resourceType: 'cin-plan',
      resourceId: id,
      childId: plan.childId,
      fields: {
        endDate: { from: null, to: input.endedOn },
        endReason: { from: null, to: input.reason },
      },
    })
    if (input.reason === 'stepped-up') {
      await recordStep(trx, actor, requestId, {
        childId: plan.childId,
        episodeId: plan.episodeId,
        kind: 'cin-plan-to-protection-plan',
        steppedOn: input.endedOn,
      })
    }
    return { kind: 'done', id }
  })
}

/** Every step recorded in the partnership between two dates, for export; audited. */
export function stepsForExport(
  db: Db,
  options: { actor: Actor; from: string; to: string; format: string; requestId: string },
) {
  const { actor, from, to, format, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const steps = await listStepsBetween(trx, actor.partnershipId, from, to)
    await audit(trx, actor, requestId, {
      action: 'journey-step.exported',
      resourceType: 'journey-step',
      resourceId: actor.partnershipId,
      childId: null,
      detail: { from, to, rows: steps.length, format },
    })
    return steps
  })
}
