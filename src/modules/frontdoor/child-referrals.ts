import type { Trx } from '../../db/database.js'
import { londonDate, type IsoDate } from '../../platform/calendar.js'

export interface ChildReferral {
  id: string
  reference: string
  /** The London day the front door received it: the referral date of the episode it opened. */
  receivedOn: IsoDate
}

/** The referrals the front door linked to a child, oldest first (the child's timeline). */
export async function referralsOfChild(
  trx: Trx,
  partnershipId: string,
  childId: string,
): Promise<ChildReferral[]> {
  const rows = await trx
    .selectFrom('referralChild')
    .innerJoin('referral', 'referral.id', 'referralChild.referralId')
    .select(['referral.id', 'referral.reference', 'referral.receivedAt'])
    .where('referralChild.partnershipId', '=', partnershipId)
    .where('referralChild.childId', '=', childId)
    .orderBy('referral.receivedAt')
    .execute()
  return rows.map(row => ({
    id: row.id,
    reference: row.reference,
    receivedOn: londonDate(new Date(row.receivedAt)),
  }))
}

/** What a referral about a child said and what was decided, without who made it (subject access). */
export interface ChildReferralAnswers {
  reference: string
  receivedAt: Date
  concern: string
  concernStartedOn: string | null
  childSays: string
  childFeels: string
  household: string
  parentsCarers: string
  consent: string
  decision: string | null
  decisionReasons: string | null
  decidedAt: Date | null
}

/**
 * The referrals about a child as they were made and decided, oldest first. The person who made
 * each one is left out: they are someone else, and their identity is theirs to share.
 */
export function referralAnswersOfChild(
  trx: Trx,
  partnershipId: string,
  childId: string,
): Promise<ChildReferralAnswers[]> {
  return trx
    .selectFrom('referralChild')
    .innerJoin('referral', 'referral.id', 'referralChild.referralId')
    .select([
      'referral.reference',
      'referral.receivedAt',
      'referral.concern',
      'referral.concernStartedOn',
      'referral.childSays',
      'referral.childFeels',
      'referral.household',
      'referral.parentsCarers',
      'referral.consent',
      'referral.decision',
      'referral.decisionReasons',
      'referral.decidedAt',
    ])
    .where('referralChild.partnershipId', '=', partnershipId)
    .where('referralChild.childId', '=', childId)
    .orderBy('referral.receivedAt')
    .execute()
}

/** A referral's reference (the number people quote), for a record that was opened from it. */
export async function referralReference(
  trx: Trx,
  partnershipId: string,
  referralId: string,
): Promise<string | null> {
  const row = await trx
    .selectFrom('referral')
    .select('reference')
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', referralId)
    .executeTakeFirst()
  return row?.reference ?? null
}

/** A referral that linked the child, with where it stands; undefined when it did not link them. */
export function referralOfChild(
  trx: Trx,
  partnershipId: string,
  referralId: string,
  childId: string,
) {
  return trx
    .selectFrom('referral')
    .innerJoin('referralChild', 'referralChild.referralId', 'referral.id')
    .select(['referral.id', 'referral.reference', 'referral.status', 'referral.decision'])
    .where('referral.partnershipId', '=', partnershipId)
    .where('referral.id', '=', referralId)
    .where('referralChild.childId', '=', childId)
    .executeTakeFirst()
}
