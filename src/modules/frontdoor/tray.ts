/**
 * What the work tray reads of the front door (ADR 0005): referrals without a final decision,
 * feedback owed to referrers, and agency checks not yet answered. Plain rows; the work tray
 * decides whose they are and when they are due.
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'

const FIRST_CHILD_NAME = sql<string | null>`(select concat_ws(' ', c.given_name, c.family_name)
  from referral_child c where c.referral_id = referral.id order by c.position limit 1)`
const CHILD_COUNT = sql<number>`(select count(*) from referral_child c
  where c.referral_id = referral.id)::int`

/**
 * Referrals without a final decision: received, or awaiting a manager's authorisation. A joined
 * contact is decided with the first contact about the child, so it is left out.
 */
export function listOpenReferrals(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('referral')
    .select([
      'id',
      'reference',
      'status',
      'decisionDueAt',
      'allocatedTo',
      'teamId',
      FIRST_CHILD_NAME.as('childName'),
      CHILD_COUNT.as('childCount'),
    ])
    .where('partnershipId', '=', partnershipId)
    .where('status', '<>', 'decided')
    .where('duplicateOfId', 'is', null)
    .execute()
}

/** Decided professional referrals whose outcome has not been sent to the referrer. */
export function listFeedbackOwed(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('referral')
    .select([
      'id',
      'reference',
      'decidedBy',
      'decidedAt',
      'teamId',
      FIRST_CHILD_NAME.as('childName'),
      CHILD_COUNT.as('childCount'),
    ])
    .where('partnershipId', '=', partnershipId)
    .where('status', '=', 'decided')
    .where('source', '=', 'professional')
    .where('feedbackSentAt', 'is', null)
    .execute()
}

export function listUnansweredChecks(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('referralCheck')
    .innerJoin('referral', 'referral.id', 'referralCheck.referralId')
    .select([
      'referralCheck.id',
      'referralCheck.agencyId',
      'referralCheck.dueAt',
      'referral.reference',
      FIRST_CHILD_NAME.as('childName'),
      CHILD_COUNT.as('childCount'),
    ])
    .where('referralCheck.partnershipId', '=', partnershipId)
    .where('referralCheck.answeredAt', 'is', null)
    .execute()
}
