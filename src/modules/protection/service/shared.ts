import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import { partnershipCalendarIn as calendarIn } from '../../../platform/admin.js'
import { actorScope } from '../../../platform/actor-scope.js'
import { auditAsActor, type ActedEvent } from '../../../platform/acting.js'
import { recordChildViewed } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import { addCalendarDays } from '../../../platform/working-days.js'
import { londonInstant } from '../../../platform/calendar.js'
import { refusable, type Refusal } from '../../../platform/refusal.js'
import { findChild, findPlan, findTimescales, insertConference } from '../repo.js'

/** Who may chair a conference, and who may lead the work on a child. */
export const CHAIR_ROLES = ['conference-chair']
export const LEAD_WORKER_ROLES = ['social-worker', 'front-door-manager']

export type { Refusal }
export type NotFound = { kind: 'not-found' }

/** How a command finds its record in the partnership: `lock` reads it for update. */
type FindRecord<R> = (
  trx: Trx,
  partnershipId: string,
  id: string,
  lock: boolean,
) => Promise<R | undefined>

/**
 * A command on one record (a conference, plan, episode…): its transaction, the record found and
 * locked (not found when it is not the partnership's), and a refusal thrown inside turned into a
 * value after rollback.
 */
export function changeRecord<R, T>(
  db: Db,
  actor: Actor,
  find: FindRecord<R>,
  id: string,
  work: (trx: Trx, record: R) => Promise<T>,
): Promise<T | NotFound | Refusal> {
  return refusable(() =>
    inPartnership(db, actorScope(actor), async (trx): Promise<T | NotFound> => {
      const record = await find(trx, actor.partnershipId, id, true)
      if (!record) return { kind: 'not-found' }
      return work(trx, record)
    }),
  )
}

/** An audit event as the actor; every event of the child's journey names the child (or null). */
export const audit: (
  trx: Trx,
  actor: Actor,
  requestId: string,
  event: ActedEvent & { resourceId: string; childId: string | null },
) => Promise<void> = auditAsActor

/** A view of a child's protection record: audited like `child.viewed` on the child's page. */
export function auditView(
  trx: Trx,
  actor: Actor,
  requestId: string,
  childId: string,
  page: string,
) {
  return recordChildViewed(trx, actor, { childId, requestId, detail: { page } })
}

export { calendarIn }

/** A plan and its child, or undefined when either is not in the partnership. */
export async function findPlanAndChild(trx: Trx, partnershipId: string, planId: string) {
  const plan = await findPlan(trx, partnershipId, planId)
  if (!plan) return undefined
  const child = await findChild(trx, partnershipId, plan.childId)
  return child ? { plan, child } : undefined
}

/** A plan and its child for one of the plan's pages, with the view audited; undefined as above. */
export async function viewPlanAndChild(
  trx: Trx,
  actor: Actor,
  requestId: string,
  view: { planId: string; page: string },
) {
  const found = await findPlanAndChild(trx, actor.partnershipId, view.planId)
  if (found) await auditView(trx, actor, requestId, found.child.id, view.page)
  return found
}

export async function clocksIn(trx: Trx, partnershipId: string) {
  return { timescales: await findTimescales(trx, partnershipId), calendar: await calendarIn(trx) }
}

export function childName(child: {
  givenName: string | null
  familyName: string | null
  laChildId: string
}): string {
  return [child.givenName, child.familyName].filter(Boolean).join(' ') || `Child ${child.laChildId}`
}

/** A pre-birth child: expected, not yet born. */
export function isUnborn(child: { birthDate: string | null; expectedBirthDate: string | null }) {
  return child.birthDate === null && child.expectedBirthDate !== null
}

/** Reports are due by the end of their due day, London time. */
export function reportDueInstant(dueDate: string): Date {
  return new Date(londonInstant(addCalendarDays(dueDate, 1), 0).getTime() - 1000)
}

/** A plan's next review conference, to schedule by its target date; audited. */
export async function createReview(
  trx: Trx,
  actor: Actor,
  requestId: string,
  values: { childId: string; planId: string; targetDate: string; preBirth: boolean },
): Promise<string> {
  const { id } = await insertConference(trx, {
    partnershipId: actor.partnershipId,
    kind: 'review',
    createdBy: actor.userId,
    ...values,
  })
  await audit(trx, actor, requestId, {
    action: 'conference.created',
    resourceType: 'conference',
    resourceId: id,
    childId: values.childId,
    fields: { kind: 'review', status: 'to-schedule', targetDate: values.targetDate },
    detail: { planId: values.planId },
  })
  return id
}
