/**
 * Checks with partner agencies: the front door asks police, health, education and others what
 * they know about a referral, with a due time chosen per request; each agency's safeguarding lead
 * sees only the checks asked of their agency, with only what they need to answer, and answers.
 * Requests and answers are audited in their own transactions.
 */
import { actorScope as scope } from '../../platform/actor-scope.js'
import { inPartnership, type Db } from '../../db/database.js'
import { partnershipCalendar } from '../../platform/admin.js'
import { recordAudit } from '../../platform/audit.js'
import type { Actor } from '../../platform/http/types.js'
import type { WorkingDayCalendar } from '../../platform/working-days.js'
import {
  answerReferralCheck,
  insertReferralChecks,
  listActiveAgencies,
  listChecksForAgencies,
  lockCheckForAgencies,
  lockReferral,
} from './repo.js'
import type { CheckDue, RequestChecksInput } from './schema.js'
import { londonInstant, londonParts } from '../../platform/calendar.js'

const FIVE_PM = 17 * 3600
const NOON = 12 * 3600

/**
 * When a check is due, in London time: today by 5pm (only on a working day before 5pm, or null),
 * or by 12:00 on the next working day of the partnership's calendar.
 */
export function checkDueAt(now: Date, due: CheckDue, calendar: WorkingDayCalendar): Date | null {
  const { date, seconds } = londonParts(now)
  if (due === 'today-5pm') {
    return calendar.isWorkingDay(date) && seconds < FIVE_PM ? londonInstant(date, FIVE_PM) : null
  }
  return londonInstant(calendar.addWorkingDays(date, 1), NOON)
}

export type RequestChecksOutcome =
  | { kind: 'not-found' }
  | { kind: 'decided' }
  | { kind: 'unknown-agency' }
  | { kind: 'too-late-today' }
  | { kind: 'requested'; count: number }

export async function requestChecks(
  db: Db,
  options: {
    actor: Actor
    referralId: string
    input: RequestChecksInput
    requestId: string
    now: Date
  },
): Promise<RequestChecksOutcome> {
  const { actor, referralId, input, requestId, now } = options
  const dueAt = checkDueAt(now, input.due, await partnershipCalendar(db, actor))
  return inPartnership(db, scope(actor), async trx => {
    const referral = await lockReferral(trx, actor.partnershipId, referralId)
    if (!referral) return { kind: 'not-found' }
    if (referral.status === 'decided') return { kind: 'decided' }
    const active = new Set((await listActiveAgencies(trx, actor.partnershipId)).map(a => a.id))
    const agencyIds = [...new Set(input.agencyIds)]
    if (!agencyIds.every(id => active.has(id))) return { kind: 'unknown-agency' }
    if (!dueAt) return { kind: 'too-late-today' }
    const rows = await insertReferralChecks(
      trx,
      agencyIds.map(agencyId => ({
        partnershipId: actor.partnershipId,
        referralId,
        agencyId,
        question: input.question,
        requestedBy: actor.userId,
        dueAt,
      })),
    )
    for (const row of rows) {
      await recordAudit(trx, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        action: 'referral.check-requested',
        resourceType: 'referral',
        resourceId: referralId,
        fields: { agencyId: row.agencyId, dueAt: dueAt.toISOString(), due: input.due },
        detail: { checkId: row.id, hasQuestion: input.question !== null },
        requestId,
      })
    }
    return { kind: 'requested', count: rows.length }
  })
}

/** The checks asked of the actor's agencies; the view is audited, as it names children. */
export function agencyChecks(db: Db, options: { actor: Actor; requestId: string }) {
  const { actor, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const checks = await listChecksForAgencies(trx, actor.partnershipId, actor.agencyIds)
    if (checks.length) {
      await recordAudit(trx, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        action: 'referral.checks-viewed',
        resourceType: 'referral',
        detail: { checkIds: checks.map(check => check.id) },
        requestId,
      })
    }
    return checks
  })
}

export type AnswerCheckOutcome = 'answered' | 'not-found' | 'already-answered'

/** Answers a check asked of one of the actor's agencies; any other check is not found. */
export function answerCheck(
  db: Db,
  options: { actor: Actor; checkId: string; answer: string; requestId: string; now: Date },
): Promise<AnswerCheckOutcome> {
  const { actor, checkId, answer, requestId, now } = options
  return inPartnership(db, scope(actor), async trx => {
    const check = await lockCheckForAgencies(trx, actor.partnershipId, checkId, actor.agencyIds)
    if (!check) return 'not-found'
    if (check.answeredAt) return 'already-answered'
    await answerReferralCheck(trx, checkId, { answer, answeredBy: actor.userId, answeredAt: now })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'referral.check-answered',
      resourceType: 'referral',
      resourceId: check.referralId,
      fields: { answeredAt: now.toISOString() },
      detail: { checkId, agencyId: check.agencyId },
      requestId,
    })
    return 'answered'
  })
}
