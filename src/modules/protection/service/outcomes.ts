import { type Trx, type Db } from '../../../db/database.js'
import { changedFields } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import { isWeekendDate, type WorkingDayCalendar } from '../../../platform/working-days.js'
import { formatDate } from '../../../platform/http/web.js'
import { refuse, type Refusal } from '../../../platform/refusal.js'
import {
  findChild,
  findConference,
  findPlan,
  findSection47,
  listInvitations,
  listPlansOfChild,
  updateConference,
  updateInvitation,
  updatePlan,
  updateSection47,
} from '../repo.js'
import type { ConferenceOutcomeInput } from '../schema.js'
import { nextReviewDueDate, type ProtectionTimescales } from '../timescales.js'
import { audit, changeRecord, clocksIn, createReview, type NotFound } from './shared.js'
import { transferInOutcome } from './transfer-in.js'
import type { ConferenceRow } from './conferences.js'
import { stepDownToCinPlan } from './cin-plans.js'
import { startPlanWithFirstReview } from './plan-start.js'

// ---- Conference outcomes ----------------------------------------------------------------------
export type OutcomeRecorded =
  NotFound | Refusal | { kind: 'recorded'; planId: string | null; nextConferenceId: string | null }

/**
 * Records a conference as held with its outcome, and the census records it decides, in one
 * transaction: the initial conference's date on the enquiry; a new plan with its first review;
 * a review's date and latest category on the plan, with the next review; or the plan's end.
 */
export function recordConferenceOutcome(
  db: Db,
  options: { actor: Actor; id: string; input: ConferenceOutcomeInput; requestId: string },
): Promise<OutcomeRecorded> {
  const { actor, id, input, requestId } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findConference, id, async (trx, conference) => {
    if (conference.status === 'held') {
      return refuse('outcome', 'The outcome of this conference is already recorded')
    }
    if (conference.status === 'cancelled') {
      return refuse('outcome', 'This conference was cancelled')
    }
    if (conference.status !== 'scheduled') {
      return refuse('outcome', 'Schedule the conference before recording it as held')
    }
    const child = await findChild(trx, partnershipId, conference.childId)
    if (!child) return { kind: 'not-found' }
    const invitations = await listInvitations(trx, partnershipId, id)
    for (const [invitationId, attendance] of Object.entries(input.attendance)) {
      if (!invitations.some(invitation => invitation.id === invitationId)) continue
      await updateInvitation(trx, partnershipId, invitationId, { attendance })
    }
    const { timescales, calendar } = await clocksIn(trx, partnershipId)
    const result =
      conference.kind === 'transfer-in'
        ? await transferInOutcome(trx, actor, requestId, { conference, child, input })
        : conference.kind === 'initial'
          ? await initialOutcome(
              trx,
              actor,
              requestId,
              conference,
              child,
              input,
              timescales,
              calendar,
            )
          : await reviewOutcome(trx, actor, requestId, conference, input, timescales)
    if (result.kind !== 'recorded') return result
    const change = {
      status: 'held' as const,
      heldOn: input.heldOn,
      outcome: input.outcome,
      category: input.category,
      outcomeNotes: input.outcomeNotes,
    }
    await updateConference(trx, partnershipId, id, {
      ...change,
      recordedBy: actor.userId,
      recordedAt: new Date(),
    })
    await audit(trx, actor, requestId, {
      action: 'conference.outcome-recorded',
      resourceType: 'conference',
      resourceId: id,
      childId: conference.childId,
      fields: {
        ...changedFields<Record<string, unknown>>(
          {
            status: conference.status,
            heldOn: conference.heldOn,
            outcome: conference.outcome,
            category: conference.category,
            outcomeNotes: conference.outcomeNotes,
          },
          change,
        ),
        ...(input.outcomeNotes ? { outcomeNotes: 'set' } : {}),
        attendance: input.attendance,
      },
      detail: { planId: result.planId, nextConferenceId: result.nextConferenceId },
    })
    return result
  })
}

async function initialOutcome(
  trx: Trx,
  actor: Actor,
  requestId: string,
  conference: ConferenceRow,
  child: NonNullable<Awaited<ReturnType<typeof findChild>>>,
  input: ConferenceOutcomeInput,
  timescales: ProtectionTimescales,
  calendar: WorkingDayCalendar,
): Promise<OutcomeRecorded> {
  const { partnershipId } = actor
  const section47 = conference.section47Id
    ? await findSection47(trx, partnershipId, conference.section47Id, true)
    : undefined
  if (!section47) return refuse('heldOn-day', 'This conference has no Section 47 enquiry')
  if (input.heldOn < section47.startDate) {
    return refuse(
      'heldOn-day',
      `The conference cannot be held before the Section 47 enquiry started (${formatDate(section47.startDate)})`,
    )
  }
  // Census rule 8875: an initial conference is never on a Saturday or Sunday.
  if (isWeekendDate(input.heldOn)) {
    return refuse('heldOn-day', 'An initial conference cannot be held on a Saturday or Sunday')
  }
  const plans = await listPlansOfChild(trx, partnershipId, conference.childId)
  if (input.outcome === 'plan' && plans.some(plan => plan.endDate === null)) {
    return refuse('outcome', 'The child already has a child protection plan that has not ended')
  }
  // The census carries the conference on the enquiry; the CIN-level date is only for a
  // conference with no enquiry in the episode (rule 2884 refuses it in both places).
  await updateSection47(trx, partnershipId, section47.id, { dateOfInitialCpc: input.heldOn })
  await audit(trx, actor, requestId, {
    action: 'section47.conference-held',
    resourceType: 'section47',
    resourceId: section47.id,
    childId: conference.childId,
    fields: { dateOfInitialCpc: { from: section47.dateOfInitialCpc, to: input.heldOn } },
  })
  if (input.outcome !== 'plan' || !input.category) {
    return { kind: 'recorded', planId: null, nextConferenceId: null }
  }
  const { planId, nextConferenceId } = await startPlanWithFirstReview(trx, actor, requestId, {
    conference,
    child,
    episodeId: section47.episodeId,
    heldOn: input.heldOn,
    category: input.category,
    preBirth: conference.preBirth,
    leadWorkerId: section47.leadWorkerId,
    clocks: { timescales, calendar },
  })
  return { kind: 'recorded', planId, nextConferenceId }
}

async function reviewOutcome(
  trx: Trx,
  actor: Actor,
  requestId: string,
  conference: ConferenceRow,
  input: ConferenceOutcomeInput,
  timescales: ProtectionTimescales,
): Promise<OutcomeRecorded> {
  const { partnershipId } = actor
  const plan = conference.planId
    ? await findPlan(trx, partnershipId, conference.planId, true)
    : undefined
  if (!plan) return { kind: 'not-found' }
  if (plan.endDate) return refuse('outcome', 'The plan has already ended')
  const last = plan.reviewDates.at(-1) ?? plan.startDate
  // Census rule 8841: a review falls after the plan's start (and after the last review).
  if (input.heldOn <= last) {
    return refuse(
      'heldOn-day',
      `The review must be held after the plan’s last conference (${last})`,
    )
  }
  const reviewDates = [...plan.reviewDates, input.heldOn]
  if (input.outcome === 'continue-plan' && input.category) {
    await updatePlan(trx, partnershipId, plan.id, {
      reviewDates,
      latestCategory: input.category,
    })
    await audit(trx, actor, requestId, {
      action: 'plan.reviewed',
      resourceType: 'child-protection-plan',
      resourceId: plan.id,
      childId: conference.childId,
      fields: {
        reviewDates: { from: plan.reviewDates, to: reviewDates },
        ...changedFields(
          { latestCategory: plan.latestCategory },
          { latestCategory: input.category },
        ),
      },
    })
    const nextConferenceId = await createReview(trx, actor, requestId, {
      childId: conference.childId,
      planId: plan.id,
      targetDate: nextReviewDueDate(input.heldOn, timescales),
      preBirth: false,
    })
    return { kind: 'recorded', planId: plan.id, nextConferenceId }
  }
  const change = {
    reviewDates,
    endDate: input.heldOn,
    endingConferenceId: conference.id,
    endReason: input.endReason ?? 'other',
  }
  await updatePlan(trx, partnershipId, plan.id, change)
  await audit(trx, actor, requestId, {
    action: 'plan.ended',
    resourceType: 'child-protection-plan',
    resourceId: plan.id,
    childId: conference.childId,
    fields: changedFields<Record<string, unknown>>(
      {
        reviewDates: plan.reviewDates,
        endDate: plan.endDate,
        endingConferenceId: plan.endingConferenceId,
        endReason: plan.endReason,
      },
      change,
    ),
  })
  if (change.endReason === 'stepped-down') {
    await stepDownToCinPlan(trx, actor, requestId, {
      ...plan,
      childId: conference.childId,
      endDate: input.heldOn,
    })
  }
  return { kind: 'recorded', planId: plan.id, nextConferenceId: null }
}
