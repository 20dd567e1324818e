/** What a final decision writes: each child's census record, and the outcome fed back to the referrer. */
import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import { findPublicPartnership } from '../../../platform/front-page.js'
import type { Actor } from '../../../platform/http/types.js'
import type { Mailer } from '../../../platform/mail.js'
import { recordFrontDoorEpisode } from '../../children/service.js'
import { openEarlyHelpEpisode } from '../../earlyhelp/service.js'
import {
  findFrontDoorSettings,
  listReferralChildren,
  type lockReferral,
  setReferralChildCensusOutcome,
  updateReferral,
} from '../repo.js'
import { DECISION_NAMES, NFA_DECISIONS } from '../schema.js'
import { londonParts } from '../../../platform/calendar.js'
import type { Decision } from '../table.js'

export type LockedReferral = NonNullable<Awaited<ReturnType<typeof lockReferral>>>

export async function allChildrenLinked(
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
export async function writeCensusRecords(
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
  const earlyHelp = final.decision === 'early-help'
  const settings = await findFrontDoorSettings(trx, actor.partnershipId)
  const childScope = { partnershipId: actor.partnershipId, userId: actor.userId, requestId }
  for (const child of children) {
    if (child.childId === null) throw new Error('A referred child is not linked to a record')
    if (earlyHelp) {
      await openEarlyHelpEpisode(trx, childScope, {
        childId: child.childId,
        referralId: final.referralId,
        startDate: londonParts(final.decidedAt).date,
        reason: 'Early help decided at the front door',
      })
      // A partnership may count an early help decision as a contact only: no census record.
      if (settings.earlyHelpWrites === 'contact-only') continue
    }
    const outcome =
      final.decision === 'already-open'
        ? 'already-open'
        : await recordFrontDoorEpisode(trx, childScope, {
            childId: child.childId,
            referralDate: londonParts(final.receivedAt).date,
            referralSource: final.referralSource,
            // Early help is not a child in need episode: the referral is recorded with NFA.
            noFurtherAction: earlyHelp || NFA_DECISIONS.includes(final.decision),
            primaryNeedCode: final.primaryNeedCode,
            assessmentStartDate: startsAssessment ? londonParts(final.decidedAt).date : null,
            referralId: final.referralId,
          })
    await setReferralChildCensusOutcome(trx, actor.partnershipId, child.id, outcome)
  }
}

/**
 * Tells a professional referrer the outcome (by mail, or to the outbox without SMTP) and marks
 * the feedback sent. Members of the public are not sent decisions about a child.
 */
export async function sendOutcome(
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
  const partnership = await findPublicPartnership(trx, { id: actor.partnershipId })
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
