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
