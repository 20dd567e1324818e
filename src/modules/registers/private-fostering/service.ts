import type { Db, Trx } from '../../../db/database.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import type { WorkingDayCalendar } from '../../../platform/working-days.js'
import { type Ctx, audit, resolveChild, scoped } from '../shared.js'
import { ageOn, upcomingVisitDue, visitTimings } from './clocks.js'
import * as repo from './repo.js'
import type { AssessmentInput, EndInput, NotificationInput, VisitInput } from './schema.js'

export type Saved = { kind: 'saved'; id: string } | { kind: 'not-found' } | Refusal

/**
 * A private fostering notification. The Children Act 1989 s.66: a child under 16 (under 18 if
 * disabled) cared for by someone who is not a parent or close relative for 28 days or more.
 */
export function notifyArrangement(db: Db, ctx: Ctx, input: NotificationInput): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      if (!input.twentyEightDays)
        refuse('twentyEightDays', 'An arrangement of less than 28 days is not private fostering')
      const child = await resolveChild(trx, ctx, input)
      if (!child.birthDate) refuse('birthDate', 'Enter the child’s date of birth')
      const age = ageOn(child.birthDate, input.arrangementStart)
      if (age < 0) refuse('arrangementStart', 'The arrangement must start after the child’s birth')
      if (age >= 18)
        refuse('birthDate', 'The child is 18 or over: this is not a private fostering arrangement')
      if (age >= 16 && !input.childDisabled)
        refuse(
          'childDisabled',
          'A child of 16 or over who is not disabled is not privately fostered',
        )
      const { id } = await repo.insertArrangement(trx, {
        partnershipId: ctx.actor.partnershipId,
        childId: child.id,
        notifiedOn: input.notifiedOn,
        arrangementStart: input.arrangementStart,
        childDisabled: input.childDisabled,
        carerName: input.carerName,
        createdBy: ctx.actor.userId,
      })
      await audit(trx, ctx, {
        action: 'register.private-fostering.notified',
        resourceType: 'private-fostering',
        resourceId: id,
        childId: child.id,
        fields: {
          notifiedOn: input.notifiedOn,
          arrangementStart: input.arrangementStart,
          childDisabled: input.childDisabled,
          carerName: 'set',
        },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

async function openArrangement(trx: Trx, id: string) {
  const arrangement = await repo.findArrangement(trx, id)
  if (arrangement?.endedOn) refuse('form', 'This arrangement has ended')
  return arrangement
}

export function recordVisit(db: Db, ctx: Ctx, id: string, input: VisitInput): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const arrangement = await openArrangement(trx, id)
      if (!arrangement) return { kind: 'not-found' as const }
      if (
        input.visitedOn < arrangement.notifiedOn &&
        input.visitedOn < arrangement.arrangementStart
      )
        refuse(
          'visitedOn',
          'The visit must be on or after the notification or the start of the arrangement',
        )
      const visits = await repo.listVisits(trx, [id])
      if (visits.some(v => v.visitedOn === input.visitedOn))
        refuse('visitedOn', 'A visit on this date is already recorded')
      const { id: visitId } = await repo.insertVisit(trx, {
        partnershipId: ctx.actor.partnershipId,
        arrangementId: id,
        visitedOn: input.visitedOn,
        seenAlone: input.seenAlone,
        notes: input.notes,
        recordedBy: ctx.actor.userId,
      })
      await audit(trx, ctx, {
        action: 'register.private-fostering.visited',
        resourceType: 'private-fostering-visit',
        resourceId: visitId,
        childId: arrangement.childId,
        fields: {
          visitedOn: input.visitedOn,
          seenAlone: input.seenAlone,
          notes: input.notes ? 'set' : null,
        },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

/** The assessment; one found not to be private fostering closes the notification that day. */
export function recordAssessment(
  db: Db,
  ctx: Ctx,
  id: string,
  input: AssessmentInput,
): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const arrangement = await openArrangement(trx, id)
      if (!arrangement) return { kind: 'not-found' as const }
      if (arrangement.assessmentCompletedOn)
        refuse('completedOn', 'The assessment is already recorded')
      if (input.completedOn < arrangement.notifiedOn)
        refuse('completedOn', 'The assessment must be completed on or after the notification')
      const ends = input.outcome === 'not-private-fostering'
      await repo.updateArrangement(trx, id, {
        assessmentCompletedOn: input.completedOn,
        assessmentOutcome: input.outcome,
        ...(ends
          ? {
              endedOn:
                input.completedOn < arrangement.arrangementStart
                  ? arrangement.arrangementStart
                  : input.completedOn,
              endReason: 'not-private-fostering',
            }
          : {}),
      })
      await audit(trx, ctx, {
        action: 'register.private-fostering.assessed',
        resourceType: 'private-fostering',
        resourceId: id,
        childId: arrangement.childId,
        fields: { completedOn: input.completedOn, outcome: input.outcome },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

export function endArrangement(db: Db, ctx: Ctx, id: string, input: EndInput): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const arrangement = await openArrangement(trx, id)
      if (!arrangement) return { kind: 'not-found' as const }
      if (input.endedOn < arrangement.arrangementStart)
        refuse('endedOn', 'The end date must be on or after the start of the arrangement')
      await repo.updateArrangement(trx, id, { endedOn: input.endedOn, endReason: input.reason })
      await audit(trx, ctx, {
        action: 'register.private-fostering.ended',
        resourceType: 'private-fostering',
        resourceId: id,
        childId: arrangement.childId,
        fields: { endedOn: input.endedOn, reason: input.reason },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

/** An arrangement with its visits' timings and the next visit's due day. */
export async function arrangementWithVisits(trx: Trx, id: string, calendar: WorkingDayCalendar) {
  const arrangement = await repo.findArrangement(trx, id)
  if (!arrangement) return null
  const visits = await repo.listVisits(trx, [id])
  const timings = visitTimings(
    arrangement,
    visits.map(v => v.visitedOn),
    calendar,
  )
  return {
    arrangement,
    visits: visits.map((v, i) => ({
      ...v,
      dueOn: timings[i]?.dueOn ?? '',
      onTime: timings[i]?.onTime ?? false,
    })),
    nextDue: arrangement.endedOn
      ? null
      : upcomingVisitDue(
          arrangement,
          visits.map(v => v.visitedOn),
          calendar,
        ),
  }
}
