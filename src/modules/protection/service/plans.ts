import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import { refuse, type Refusal } from '../../../platform/refusal.js'
import {
  findPlan,
  insertCoreGroup,
  insertCoreGroupAttendees,
  listCoreGroupAttendees,
  listPlanVersions,
  listActiveAgencies,
  listConferencesOfPlan,
  listCoreGroups,
  listOpenConferences,
  listUserNames,
  listAgencyNames,
  updateConference,
  updatePlan,
} from '../repo.js'
import type { CoreGroupInput, EndPlanInput } from '../schema.js'
import { firstCoreGroupDueDate } from '../timescales.js'
import { audit, changeRecord, clocksIn, viewPlanAndChild, type NotFound } from './shared.js'
import { stepDownToCinPlan } from './cin-plans.js'
import { applyActionUpdates, checkAgencies } from './plan-contents.js'

// ---- Plans and core groups --------------------------------------------------------------------

export function planPage(db: Db, options: { actor: Actor; id: string; requestId: string }) {
  const { actor, id, requestId } = options
  const { partnershipId } = actor
  return inPartnership(db, scope(actor), async trx => {
    const found = await viewPlanAndChild(trx, actor, requestId, { planId: id, page: 'plan' })
    if (!found) return undefined
    const { plan, child } = found
    const { timescales, calendar } = await clocksIn(trx, partnershipId)
    const coreGroups = await listCoreGroups(trx, partnershipId, id)
    const firstCoreGroupDue = firstCoreGroupDueDate(plan.startDate, timescales, calendar)
    const firstCoreGroup = coreGroups[0]
    return {
      plan,
      child,
      versions: await listPlanVersions(trx, partnershipId, id),
      attendees: await listCoreGroupAttendees(
        trx,
        partnershipId,
        coreGroups.map(meeting => meeting.id),
      ),
      leadWorkerName: plan.leadWorkerId
        ? (await listUserNames(trx, [plan.leadWorkerId]))[0]?.displayName
        : undefined,
      reviews: await listConferencesOfPlan(trx, partnershipId, id),
      coreGroups,
      firstCoreGroupDue,
      firstCoreGroupMet: firstCoreGroup ? firstCoreGroup.heldOn <= firstCoreGroupDue : null,
      agencies: await listActiveAgencies(trx, partnershipId),
      agencyNames: new Map(
        (await listAgencyNames(trx, partnershipId)).map(agency => [agency.id, agency.name]),
      ),
    }
  })
}

export type PlanChange = NotFound | Refusal | { kind: 'done' }

export function recordCoreGroup(
  db: Db,
  options: { actor: Actor; planId: string; input: CoreGroupInput; requestId: string },
): Promise<PlanChange> {
  const { actor, planId, input, requestId } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findPlan, planId, async (trx, plan) => {
    if (input.heldOn < plan.startDate) {
      return refuse(
        'heldOn-day',
        `A core group meeting cannot be before the plan started (${plan.startDate})`,
      )
    }
    if (plan.endDate && input.heldOn > plan.endDate) {
      return refuse('heldOn-day', `The plan ended on ${plan.endDate}: the meeting must be before`)
    }
    const agencies = new Set((await listActiveAgencies(trx, partnershipId)).map(a => a.id))
    if (!input.agencyIds.every(agencyId => agencies.has(agencyId))) {
      return refuse('agencyIds', 'Select agencies from the list')
    }
    const attendeeAgencies = input.attendees.map(person => person.agencyId)
    await checkAgencies(trx, partnershipId, attendeeAgencies, 'attendee-#-agency')
    const agenciesPresent = [
      ...new Set([
        ...input.agencyIds,
        ...input.attendees.flatMap(p => (p.attendance === 'attended' ? [p.agencyId] : [])),
      ]),
    ]
    const row = await insertCoreGroup(trx, {
      partnershipId,
      planId,
      heldOn: input.heldOn,
      agenciesPresent,
      notes: input.notes,
      recordedBy: actor.userId,
    })
    if (!row) return refuse('heldOn-day', 'A core group meeting on this date is already recorded')
    await insertCoreGroupAttendees(
      trx,
      input.attendees.map(person => ({ partnershipId, meetingId: row.id, ...person })),
    )
    await audit(trx, actor, requestId, {
      action: 'core-group.recorded',
      resourceType: 'core-group-meeting',
      resourceId: row.id,
      childId: plan.childId,
      fields: {
        heldOn: input.heldOn,
        agenciesPresent,
        attendees: input.attendees.length,
        notes: input.notes ? 'set' : null,
      },
      detail: { planId },
    })
    await applyActionUpdates(trx, actor, requestId, {
      plan,
      meetingId: row.id,
      updates: input.actionUpdates,
    })
    return { kind: 'done' }
  })
}

/** Ends a plan outside a conference (the child moved away, became looked after, turned 18). */
export function endPlan(
  db: Db,
  options: { actor: Actor; planId: string; input: EndPlanInput; requestId: string },
): Promise<PlanChange> {
  const { actor, planId, input, requestId } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findPlan, planId, async (trx, plan) => {
    if (plan.endDate) return refuse('endedOn-day', 'This plan has already ended')
    // Census rules 8840 and 8925: a plan ends after the day it started.
    if (input.endedOn <= plan.startDate) {
      return refuse('endedOn-day', `The plan must end after the day it started (${plan.startDate})`)
    }
    const lastReview = plan.reviewDates.at(-1)
    if (lastReview && input.endedOn < lastReview) {
      return refuse('endedOn-day', `The plan was reviewed on ${lastReview}: it cannot end before`)
    }
    const change = {
      endDate: input.endedOn,
      endReason: input.reason,
      endReasonNotes: input.notes,
      endingConferenceId: null,
    }
    await updatePlan(trx, partnershipId, planId, change)
    await audit(trx, actor, requestId, {
      action: 'plan.ended',
      resourceType: 'child-protection-plan',
      resourceId: planId,
      childId: plan.childId,
      fields: {
        endDate: { from: null, to: input.endedOn },
        endReason: { from: null, to: input.reason },
        endReasonNotes: input.notes ? 'set' : null,
      },
    })
    if (input.reason === 'stepped-down') {
      await stepDownToCinPlan(trx, actor, requestId, { ...plan, endDate: input.endedOn })
    }
    // Reviews still to come will not be held.
    for (const review of await listOpenConferences(trx, partnershipId, { planId })) {
      await updateConference(trx, partnershipId, review.id, {
        status: 'cancelled',
        cancelledReason: 'The plan ended before the review',
      })
      await audit(trx, actor, requestId, {
        action: 'conference.cancelled',
        resourceType: 'conference',
        resourceId: review.id,
        childId: plan.childId,
        fields: { status: { from: review.status, to: 'cancelled' } },
        detail: { planId, reason: 'plan-ended' },
      })
    }
    return { kind: 'done' }
  })
}
