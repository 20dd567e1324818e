/**
 * Statutory visits to a child on a child protection plan: each visit says whether the child was
 * seen, and seen alone; the next is due a set number of working days (the partnership's setting)
 * after the child was last seen, or after the plan started.
 */
import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import { refuse, type Refusal } from '../../../platform/refusal.js'
import type { IsoDate, WorkingDayCalendar } from '../../../platform/working-days.js'
import { findPlan } from '../repo.js'
import {
  findVisitWorkingDays,
  insertVisit,
  listOpenPlansWithLastVisit,
  listVisitsOfPlan,
} from '../repo/visits.js'
import type { VisitInput } from '../schema/visits.js'
import { audit, calendarIn, changeRecord, childName, viewPlanAndChild } from './shared.js'

/** The next visit is due `days` working days after the child was last seen (or the plan began). */
export function visitDueOn(
  plan: { startDate: IsoDate; lastSeenOn: IsoDate | null },
  days: number,
  calendar: WorkingDayCalendar,
): IsoDate {
  return calendar.addWorkingDays(plan.lastSeenOn ?? plan.startDate, days)
}

export interface VisitDueRow {
  planId: string
  childId: string
  laChildId: string
  childName: string
  leadWorkerId: string | null
  teamId: string | null
  lastSeenOn: IsoDate | null
  dueOn: IsoDate
  isOverdue: boolean
}

/**
 * Statutory visits due on or before `until` (every open plan when omitted), soonest first: for
 * the work tray, one worker's when `leadWorkerId` is given.
 */
export async function visitsDue(
  trx: Trx,
  partnershipId: string,
  // A caller that already holds the partnership's calendar (the work tray) passes it.
  options: {
    today: IsoDate
    until?: IsoDate
    leadWorkerId?: string
    calendar?: WorkingDayCalendar
  },
): Promise<VisitDueRow[]> {
  const days = await findVisitWorkingDays(trx, partnershipId)
  const calendar = options.calendar ?? (await calendarIn(trx))
  const plans = await listOpenPlansWithLastVisit(trx, partnershipId, options)
  return plans
    .map(plan => {
      const dueOn = visitDueOn(plan, days, calendar)
      return {
        planId: plan.planId,
        childId: plan.childId,
        laChildId: plan.laChildId,
        childName: childName(plan),
        leadWorkerId: plan.leadWorkerId,
        teamId: plan.teamId,
        lastSeenOn: plan.lastSeenOn,
        dueOn,
        isOverdue: dueOn < options.today,
      }
    })
    .filter(row => options.until === undefined || row.dueOn <= options.until)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
}

/** A plan's visits page: the visits, when the next is due; reading it is audited. */
export function visitsPage(
  db: Db,
  options: { actor: Actor; planId: string; requestId: string; today: IsoDate },
) {
  const { actor, planId, requestId, today } = options
  return inPartnership(db, scope(actor), async trx => {
    const found = await viewPlanAndChild(trx, actor, requestId, {
      planId,
      page: 'protection-visits',
    })
    if (!found) return undefined
    const { plan, child } = found
    const visits = await listVisitsOfPlan(trx, actor.partnershipId, planId)
    const lastSeenOn = visits.find(visit => visit.childSeen)?.visitedOn ?? null
    const dueOn = visitDueOn(
      { startDate: plan.startDate, lastSeenOn },
      await findVisitWorkingDays(trx, actor.partnershipId),
      await calendarIn(trx),
    )
    return { plan, child, visits, dueOn, isOverdue: plan.endDate === null && dueOn < today }
  })
}

export type VisitOutcome = { kind: 'recorded' } | { kind: 'not-found' } | Refusal

export function recordVisit(
  db: Db,
  options: { actor: Actor; planId: string; input: VisitInput; requestId: string },
): Promise<VisitOutcome> {
  const { actor, planId, input, requestId } = options
  return changeRecord(db, actor, findPlan, planId, async (trx, plan) => {
    if (plan.endDate !== null && input.visitedOn > plan.endDate) {
      refuse('visitedOn-day', 'The visit must be on or before the date the plan ended')
    }
    if (input.visitedOn < plan.startDate) {
      refuse('visitedOn-day', 'The visit must be on or after the date the plan started')
    }
    const { id } = await insertVisit(trx, {
      partnershipId: actor.partnershipId,
      planId,
      visitedOn: input.visitedOn,
      childSeen: input.childSeen,
      seenAlone: input.seenAlone,
      notes: input.notes,
      recordedBy: actor.userId,
    })
    await audit(trx, actor, requestId, {
      action: 'cp-visit.recorded',
      resourceType: 'cp-visit',
      resourceId: id,
      childId: plan.childId,
      fields: {
        planId: { to: planId },
        visitedOn: { to: input.visitedOn },
        childSeen: { to: input.childSeen },
        seenAlone: { to: input.seenAlone },
      },
    })
    return { kind: 'recorded' as const }
  })
}
