/**
 * The front door's work on a referral: the RAG rating and the decision clock it sets, the
 * decision and a manager's authorisation, one record per child, and the outcome fed back to the
 * referrer. Every change is audited in its own transaction, with the fields it changed.
 */
import { actorScope as scope } from '../../platform/actor-scope.js'
import { inPartnership, type Db, type Trx } from '../../db/database.js'
import { listPartnershipHolidayDates } from '../../platform/admin.js'
import { recordAudit } from '../../platform/audit.js'
import type { Actor } from '../../platform/http/types.js'
import type { Mailer } from '../../platform/mail.js'
import { can } from '../../platform/permissions.js'
import {
  addCalendarMonths,
  englandAndWales,
  type WorkingDayCalendar,
} from '../../platform/working-days.js'
import {
  childMatchCandidates,
  childReferralDates,
  createChildRecord,
  findChildForMatch,
  recordFrontDoorEpisode,
  updateChildAddress,
  type ChildAddress,
  type MatchCandidate,
} from '../children/service.js'
import { houseAndStreet, likelyMatches, normalisePostcode, type LikelyMatch } from './matching.js'
import {
  findFrontDoorSettings,
  findReferralChild,
  findPartnershipById,
  linkReferralChild,
  listEarlierReferralsOfChild,
  listReferralChildren,
  lockReferral,
  setReferralChildCensusOutcome,
  updateReferral,
  upsertFrontDoorSettings,
} from './repo.js'
import {
  DECISION_NAMES,
  NFA_DECISIONS,
  type DecisionInput,
  type FrontDoorSettingsInput,
} from './schema.js'
import { londonInstant, londonParts, londonToday } from '../../platform/calendar.js'
import type { Decision, RagRating, ReferralChildTable } from './table.js'
import type { Selectable } from 'kysely'

const HOUR_MS = 3_600_000
/** Working Together: a child referred again within 12 months of a previous referral. */
export const RE_REFERRAL_MONTHS = 12

export interface Timescales {
  redHours: number
  amberWorkingDays: number
  greenWorkingDays: number
}

export const DEFAULT_TIMESCALES: Timescales = {
  redHours: 4,
  amberWorkingDays: 1,
  greenWorkingDays: 1,
}

/**
 * When the decision is due for a RAG rating: red in clock hours after receipt; amber and green at
 * the same London time of day, that many working days later.
 */
export function dueAtFor(
  receivedAt: Date,
  rag: RagRating,
  timescales: Timescales,
  calendar: WorkingDayCalendar = englandAndWales,
): Date {
  if (rag === 'red') return new Date(receivedAt.getTime() + timescales.redHours * HOUR_MS)
  const days = rag === 'amber' ? timescales.amberWorkingDays : timescales.greenWorkingDays
  const { date, seconds } = londonParts(receivedAt)
  return londonInstant(calendar.addWorkingDays(date, days), seconds)
}

/** The date `months` before `date` (29 February goes to 28 February). */
export function monthsBefore(date: string, months: number): string {
  return addCalendarMonths(date, -months)
}

async function calendarIn(trx: Trx): Promise<WorkingDayCalendar> {
  const extra = await listPartnershipHolidayDates(trx)
  return extra.length ? englandAndWales.withExtraHolidays(extra) : englandAndWales
}

// ---- Settings -------------------------------------------------------------------------------

export function frontDoorSettings(db: Db, actor: Actor) {
  return inPartnership(db, scope(actor), trx => findFrontDoorSettings(trx, actor.partnershipId))
}

export function saveFrontDoorSettings(
  db: Db,
  options: { actor: Actor; input: FrontDoorSettingsInput; requestId: string },
): Promise<void> {
  const { actor, input, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const before = await findFrontDoorSettings(trx, actor.partnershipId)
    const fields: Record<string, { from: unknown; to: unknown }> = {}
    for (const key of Object.keys(input) as (keyof FrontDoorSettingsInput)[]) {
      if (before[key] !== input[key]) fields[key] = { from: before[key], to: input[key] }
    }
    if (Object.keys(fields).length === 0) return
    await upsertFrontDoorSettings(trx, { partnershipId: actor.partnershipId, ...input })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'front-door-settings.updated',
      resourceType: 'front-door-settings',
      resourceId: actor.partnershipId,
      fields,
      requestId,
    })
  })
}

// ---- RAG rating -----------------------------------------------------------------------------

export type RateOutcome = 'rated' | 'unchanged' | 'not-found' | 'decided'

/** Sets the RAG rating and recomputes the decision clock from the partnership's timescales. */
export function rateReferral(
  db: Db,
  options: { actor: Actor; referralId: string; ragRating: RagRating; requestId: string },
): Promise<RateOutcome> {
  const { actor, referralId, ragRating, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const referral = await lockReferral(trx, actor.partnershipId, referralId)
    if (!referral) return 'not-found'
    if (referral.status === 'decided') return 'decided'
    if (referral.ragRating === ragRating) return 'unchanged'
    const settings = await findFrontDoorSettings(trx, actor.partnershipId)
    const dueAt = dueAtFor(
      new Date(referral.receivedAt),
      ragRating,
      settings,
      await calendarIn(trx),
    )
    await updateReferral(trx, actor.partnershipId, referralId, {
      ragRating,
      decisionDueAt: dueAt,
    })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'referral.rag-rated',
      resourceType: 'referral',
      resourceId: referralId,
      fields: {
        ragRating: { from: referral.ragRating, to: ragRating },
        decisionDueAt: {
          from: new Date(referral.decisionDueAt).toISOString(),
          to: dueAt.toISOString(),
        },
      },
      requestId,
    })
    return 'rated'
  })
}

// ---- Decisions, authorisation and feedback --------------------------------------------------

export type DecideOutcome =
  | { kind: 'not-found' }
  | { kind: 'already-final' }
  | { kind: 'children-not-linked' }
  | { kind: 'awaiting-authorisation' }
  | { kind: 'decided'; afterCommit: () => Promise<void> }

type LockedReferral = NonNullable<Awaited<ReturnType<typeof lockReferral>>>

/**
 * Records the decision. A manager's decision, or any decision where the partnership does not ask
 * for authorisation, is final at once and the referrer is told; a practitioner's otherwise waits
 * for a manager.
 */
export function decideReferral(
  db: Db,
  mailer: Mailer,
  options: { actor: Actor; referralId: string; input: DecisionInput; requestId: string; now: Date },
): Promise<DecideOutcome> {
  const { actor, referralId, input, requestId, now } = options
  return inPartnership(db, scope(actor), async trx => {
    const referral = await lockReferral(trx, actor.partnershipId, referralId)
    if (!referral) return { kind: 'not-found' }
    if (referral.status === 'decided') return { kind: 'already-final' }
    if (!(await allChildrenLinked(trx, actor.partnershipId, referralId))) {
      return { kind: 'children-not-linked' }
    }
    const settings = await findFrontDoorSettings(trx, actor.partnershipId)
    const isFinal =
      !settings.requiresAuthorisation || can(actor.roles, 'referral-authorisation', 'create')
    const status = isFinal ? 'decided' : 'awaiting-authorisation'
    await updateReferral(trx, actor.partnershipId, referralId, {
      status,
      decision: input.decision,
      decisionReasons: input.decisionReasons,
      decidedBy: actor.userId,
      decidedAt: now,
      authorisedBy: null,
      authorisedAt: null,
      censusReferralSource: input.referralSource,
      primaryNeedCode: input.primaryNeed ?? null,
    })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'referral.decided',
      resourceType: 'referral',
      resourceId: referralId,
      // The reasons describe the child: the trail says they changed, not what they say.
      fields: {
        status: { from: referral.status, to: status },
        decision: { from: referral.decision, to: input.decision },
        decisionReasons: 'changed',
        censusReferralSource: { from: referral.censusReferralSource, to: input.referralSource },
        primaryNeedCode: { from: referral.primaryNeedCode, to: input.primaryNeed ?? null },
      },
      requestId,
    })
    if (!isFinal) return { kind: 'awaiting-authorisation' }
    await writeCensusRecords(trx, actor, requestId, {
      referralId,
      receivedAt: new Date(referral.receivedAt),
      decidedAt: now,
      decision: input.decision,
      referralSource: input.referralSource,
      primaryNeedCode: input.primaryNeed ?? null,
    })
    const afterCommit = await sendOutcome(
      trx,
      mailer,
      actor,
      referral,
      input.decision,
      now,
      requestId,
    )
    return { kind: 'decided', afterCommit }
  })
}

export type AuthoriseOutcome =
  | { kind: 'not-found' }
  | { kind: 'not-awaiting' }
  | { kind: 'children-not-linked' }
  | { kind: 'returned' }
  | { kind: 'authorised'; afterCommit: () => Promise<void> }

/** A manager authorises a practitioner's decision, or sends it back for another decision. */
export function authoriseDecision(
  db: Db,
  mailer: Mailer,
  options: {
    actor: Actor
    referralId: string
    outcome: 'authorise' | 'return'
    requestId: string
    now: Date
  },
): Promise<AuthoriseOutcome> {
  const { actor, referralId, outcome, requestId, now } = options
  return inPartnership(db, scope(actor), async trx => {
    const referral = await lockReferral(trx, actor.partnershipId, referralId)
    if (!referral) return { kind: 'not-found' }
    if (referral.status !== 'awaiting-authorisation' || !referral.decision) {
      return { kind: 'not-awaiting' }
    }
    if (outcome === 'return') {
      await updateReferral(trx, actor.partnershipId, referralId, {
        status: 'received',
        decision: null,
        decisionReasons: null,
        decidedBy: null,
        decidedAt: null,
      })
      await recordAudit(trx, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        action: 'referral.decision-returned',
        resourceType: 'referral',
        resourceId: referralId,
        fields: {
          status: { from: referral.status, to: 'received' },
          decision: { from: referral.decision, to: null },
        },
        requestId,
      })
      return { kind: 'returned' }
    }
    if (!(await allChildrenLinked(trx, actor.partnershipId, referralId))) {
      return { kind: 'children-not-linked' }
    }
    if (!referral.censusReferralSource || !referral.decidedAt) {
      throw new Error('A decision awaiting authorisation has no referral source')
    }
    await updateReferral(trx, actor.partnershipId, referralId, {
      status: 'decided',
      authorisedBy: actor.userId,
      authorisedAt: now,
    })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'referral.decision-authorised',
      resourceType: 'referral',
      resourceId: referralId,
      fields: {
        status: { from: referral.status, to: 'decided' },
        authorisedBy: { from: null, to: actor.userId },
      },
      requestId,
    })
    await writeCensusRecords(trx, actor, requestId, {
      referralId,
      receivedAt: new Date(referral.receivedAt),
      decidedAt: new Date(referral.decidedAt),
      decision: referral.decision,
      referralSource: referral.censusReferralSource,
      primaryNeedCode: referral.primaryNeedCode,
    })
    const afterCommit = await sendOutcome(
      trx,
      mailer,
      actor,
      referral,
      referral.decision,
      now,
      requestId,
    )
    return { kind: 'authorised', afterCommit }
  })
}

async function allChildrenLinked(
  trx: Trx,
  partnershipId: string,
  referralId: string,
): Promise<boolean> {
  const children = await listReferralChildren(trx, partnershipId, referralId)
  return children.every(child => child.childId !== null)
}

/**
 * A final decision, written to each referred child's census record in the decision's
 * transaction: a CIN episode from the referral's London received date with the referral source;
 * no further action for NFA and information and advice; an assessment starting on the decision
 * date for an assessment or strategy discussion. "Already open", or an open episode, records
 * nothing new. Every referred child is linked by now (`allChildrenLinked`).
 */
async function writeCensusRecords(
  trx: Trx,
  actor: Actor,
  requestId: string,
  final: {
    referralId: string
    receivedAt: Date
    decidedAt: Date
    decision: Decision
    referralSource: string
    primaryNeedCode: string | null
  },
): Promise<void> {
  const children = await listReferralChildren(trx, actor.partnershipId, final.referralId)
  const startsAssessment =
    final.decision === 'assessment' || final.decision === 'strategy-discussion'
  for (const child of children) {
    if (child.childId === null) throw new Error('A referred child is not linked to a record')
    const outcome =
      final.decision === 'already-open'
        ? 'already-open'
        : await recordFrontDoorEpisode(
            trx,
            { partnershipId: actor.partnershipId, userId: actor.userId, requestId },
            {
              childId: child.childId,
              referralDate: londonParts(final.receivedAt).date,
              referralSource: final.referralSource,
              noFurtherAction: NFA_DECISIONS.includes(final.decision),
              primaryNeedCode: final.primaryNeedCode,
              assessmentStartDate: startsAssessment ? londonParts(final.decidedAt).date : null,
              referralId: final.referralId,
            },
          )
    await setReferralChildCensusOutcome(trx, actor.partnershipId, child.id, outcome)
  }
}

/**
 * Tells a professional referrer the outcome (by mail, or to the outbox without SMTP) and marks
 * the feedback sent. Members of the public are not sent decisions about a child.
 */
async function sendOutcome(
  trx: Trx,
  mailer: Mailer,
  actor: Actor,
  referral: LockedReferral,
  decision: keyof typeof DECISION_NAMES,
  now: Date,
  requestId: string,
): Promise<() => Promise<void>> {
  if (referral.source !== 'professional' || !referral.reporterEmail) {
    return () => Promise.resolve()
  }
  const partnership = await findPartnershipById(trx, actor.partnershipId)
  const afterCommit = await mailer.queue(trx, {
    partnershipId: actor.partnershipId,
    to: referral.reporterEmail,
    subject: `Outcome of your referral ${referral.reference}`,
    text: [
      `${partnership?.name ?? 'The front door'} has decided what happens next with your referral ${referral.reference}.`,
      `Outcome: ${DECISION_NAMES[decision]}.`,
      'You can see the outcome when you sign in, under Referrals. If you are still worried about the child, contact the front door again. If a child is in immediate danger, call 999.',
    ].join('\n\n'),
  })
  await updateReferral(trx, actor.partnershipId, referral.id, { feedbackSentAt: now })
  await recordAudit(trx, {
    partnershipId: actor.partnershipId,
    userId: actor.userId,
    action: 'referral.feedback-sent',
    resourceType: 'referral',
    resourceId: referral.id,
    fields: { feedbackSentAt: { from: null, to: now.toISOString() } },
    detail: { transport: mailer.transport },
    requestId,
  })
  return afterCommit
}

/** The mail did not go: the referral owes feedback again, so that the queue shows it. */
export function markFeedbackUnsent(db: Db, actor: Actor, referralId: string, requestId: string) {
  return inPartnership(db, scope(actor), async trx => {
    await updateReferral(trx, actor.partnershipId, referralId, { feedbackSentAt: null })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: null,
      action: 'referral.feedback-failed',
      resourceType: 'referral',
      resourceId: referralId,
      fields: { feedbackSentAt: { to: null } },
      requestId,
    })
  })
}

// ---- One child, one record ------------------------------------------------------------------

type ReferralChild = Selectable<ReferralChildTable>

export interface ChildMatching {
  child: ReferralChild
  record: MatchCandidate | undefined
  matches: LikelyMatch<MatchCandidate>[]
  identifier: string
}

/** For each referred child: its record when linked, or the likely matches among the records. */
export async function matchReferralChildren(
  trx: Trx,
  partnershipId: string,
  children: readonly ReferralChild[],
  identifiers: Record<string, string>,
  today = londonToday(),
): Promise<ChildMatching[]> {
  const result: ChildMatching[] = []
  for (const child of children) {
    const identifier = (identifiers[child.id] ?? '').trim().slice(0, 100)
    if (child.childId) {
      const record = await findChildForMatch(trx, partnershipId, child.childId)
      result.push({ child, record, matches: [], identifier })
      continue
    }
    const range =
      child.birthDate === null && child.approximateAge !== null
        ? {
            from: monthsBefore(today, (child.approximateAge + 2) * 12),
            to: monthsBefore(today, Math.max(0, child.approximateAge - 1) * 12),
          }
        : null
    const candidates = await childMatchCandidates(trx, partnershipId, {
      givenName: child.givenName,
      familyName: child.familyName,
      birthDate: child.birthDate,
      birthDateRange: range,
      identifier: identifier || null,
      postcode: normalisePostcode(child.postcode),
      houseAndStreet: houseAndStreet(child.address),
    })
    result.push({
      child,
      record: undefined,
      matches: likelyMatches(child, candidates, { today, identifier }),
      identifier,
    })
  }
  return result
}

/** The address the referrer gave, with the postcode normalised; blank parts are null. */
function referredAddress(child: ReferralChild): ChildAddress {
  const address = child.address?.trim().replace(/\s+/g, ' ') ?? ''
  return {
    address: address === '' ? null : address,
    postcode: normalisePostcode(child.postcode),
  }
}

export type LinkOutcome = 'linked' | 'not-found' | 'no-record' | 'already-linked'

/**
 * Links a referred child to a record (an existing one, or a new one made here) and looks for a
 * previous referral of that child within 12 months: a re-referral.
 */
export function linkChild(
  db: Db,
  options: {
    actor: Actor
    referralId: string
    referralChildId: string
    /** An existing record, or null for a new record made from what the referrer told us. */
    recordId: string | null
    requestId: string
  },
): Promise<LinkOutcome> {
  const { actor, referralId, referralChildId, recordId, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const referral = await lockReferral(trx, actor.partnershipId, referralId)
    if (!referral) return 'not-found'
    const child = await findReferralChild(trx, actor.partnershipId, referralId, referralChildId)
    if (!child) return 'not-found'
    if (recordId === null && child.childId) return 'already-linked'
    const childScope = { partnershipId: actor.partnershipId, userId: actor.userId, requestId }
    const address = referredAddress(child)
    let childId: string
    if (recordId === null) {
      childId = await createChildRecord(trx, childScope, {
        givenName: child.givenName,
        familyName: child.familyName,
        birthDate: child.birthDate,
        address,
      })
    } else {
      const record = await findChildForMatch(trx, actor.partnershipId, recordId, { lock: true })
      if (!record) return 'no-record'
      childId = record.id
      // The referral is the newest word on where the child lives.
      await updateChildAddress(trx, childScope, childId, address, { referralId })
    }
    const receivedAt = new Date(referral.receivedAt)
    const receivedOn = londonParts(receivedAt).date
    const since = monthsBefore(receivedOn, RE_REFERRAL_MONTHS)
    const earlier = [
      ...(
        await listEarlierReferralsOfChild(trx, actor.partnershipId, childId, referralId, receivedAt)
      ).map(at => londonParts(at).date),
      ...(await childReferralDates(trx, actor.partnershipId, childId)).filter(
        date => date < receivedOn,
      ),
    ]
      .filter(date => date >= since)
      .sort()
    const previousReferralOn = earlier.at(-1) ?? null
    await linkReferralChild(trx, actor.partnershipId, child.id, {
      childId,
      previousReferralOn,
      linkedBy: actor.userId,
    })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'referral-child.linked',
      resourceType: 'referral',
      resourceId: referralId,
      childId,
      fields: {
        childId: { from: child.childId, to: childId },
        previousReferralOn: { from: child.previousReferralOn, to: previousReferralOn },
        ...(recordId === null ? { newRecord: true } : {}),
      },
      requestId,
    })
    return 'linked'
  })
}
