/**
 * The front door's work on a referral: the RAG rating and the decision clock it sets, the
 * decision and a manager's authorisation, one record per child, and the outcome fed back to the
 * referrer. Every change is audited in its own transaction, with the fields it changed.
 */
import { actorScope as scope } from '../../platform/actor-scope.js'
import { inPartnership, type Db } from '../../db/database.js'
import { recordAudit } from '../../platform/audit.js'
import type { Actor } from '../../platform/http/types.js'
import type { Mailer } from '../../platform/mail.js'
import { can } from '../../platform/permissions.js'
import { findFrontDoorSettings, lockReferral, updateReferral } from './repo.js'
import { type DecisionInput } from './schema.js'
import { allChildrenLinked, sendOutcome, writeCensusRecords } from './decisions/outcome.js'

export * from './decisions/clock.js'
export * from './decisions/rating.js'
export * from './decisions/linking.js'
export { markFeedbackUnsent } from './decisions/outcome.js'

// ---- Decisions, authorisation and feedback --------------------------------------------------

export type DecideOutcome =
  | { kind: 'not-found' }
  | { kind: 'already-final' }
  | { kind: 'joined' }
  | { kind: 'children-not-linked' }
  | { kind: 'awaiting-authorisation' }
  | { kind: 'decided'; afterCommit: () => Promise<void> }

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
    // A joined contact is decided with the first contact, never on its own.
    if (referral.duplicateOfId) return { kind: 'joined' }
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
