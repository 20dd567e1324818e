/** A child protection plan started at a conference, with its first review to schedule. */
import type { Trx } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import type { WorkingDayCalendar } from '../../../platform/working-days.js'
import { findTeamOfUser, insertPlan } from '../repo.js'
import type { AbuseCategory } from '../table.js'
import { firstReviewDueDate, type ProtectionTimescales } from '../timescales.js'
import { previousPlanCount } from './closure.js'
import { audit, createReview } from './shared.js'

/** Starts the plan (audited) and creates its first review; the plan's and the review's ids. */
export async function startPlanWithFirstReview(
  trx: Trx,
  actor: Actor,
  requestId: string,
  start: {
    conference: { id: string; childId: string }
    child: { birthDate: string | null; expectedBirthDate: string | null }
    episodeId: string
    heldOn: string
    category: AbuseCategory
    preBirth: boolean
    leadWorkerId: string | null
    clocks: { timescales: ProtectionTimescales; calendar: WorkingDayCalendar }
    detail?: Record<string, unknown>
  },
) {
  const { partnershipId } = actor
  const { conference, child, heldOn, category, preBirth, leadWorkerId } = start
  const numberOfPreviousPlans = await previousPlanCount(
    trx,
    partnershipId,
    conference.childId,
    heldOn,
  )
  const { id: planId } = await insertPlan(trx, {
    partnershipId,
    episodeId: start.episodeId,
    startDate: heldOn,
    initialCategory: category,
    latestCategory: category,
    numberOfPreviousPlans,
    initialConferenceId: conference.id,
    preBirth,
    leadWorkerId,
    teamId: leadWorkerId ? await findTeamOfUser(trx, partnershipId, leadWorkerId) : null,
  })
  await audit(trx, actor, requestId, {
    action: 'plan.started',
    resourceType: 'child-protection-plan',
    resourceId: planId,
    childId: conference.childId,
    fields: {
      startDate: heldOn,
      initialCategory: category,
      latestCategory: category,
      numberOfPreviousPlans,
      preBirth,
      initialConferenceId: conference.id,
    },
    ...(start.detail ? { detail: start.detail } : {}),
  })
  const targetDate = firstReviewDueDate(
    {
      icpcHeldOn: heldOn,
      preBirth,
      birthDate: child.birthDate,
      expectedBirthDate: child.expectedBirthDate,
    },
    start.clocks.timescales,
    start.clocks.calendar,
  )
  const nextConferenceId = await createReview(trx, actor, requestId, {
    childId: conference.childId,
    planId,
    targetDate,
    preBirth,
  })
  return { planId, nextConferenceId }
}
