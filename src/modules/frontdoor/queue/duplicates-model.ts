import type { Trx } from '../../../db/database.js'
import {
  findFirstContact,
  listJoinedContacts,
  listLikelyDuplicateOf,
  listReferralChildren,
} from '../repo.js'
import { concernSummary } from './referral-page.js'

/**
 * For the referral page: the contact this one was joined to, or the earlier contacts it likely
 * duplicates; and the contacts joined to it, with what their referrers said.
 */
export async function duplicatesModel(
  trx: Trx,
  partnershipId: string,
  referral: { id: string; duplicateOfId: string | null },
  today: string,
) {
  const joinedTo = referral.duplicateOfId
    ? await findFirstContact(trx, partnershipId, referral.duplicateOfId)
    : undefined
  const likelyDuplicateOf = joinedTo
    ? []
    : await listLikelyDuplicateOf(trx, partnershipId, referral.id)
  const joined = []
  for (const contact of await listJoinedContacts(trx, partnershipId, referral.id)) {
    const children = await listReferralChildren(trx, partnershipId, contact.id)
    joined.push({
      ...contact,
      summary: concernSummary(contact, children, today),
    })
  }
  return { joinedTo, likelyDuplicateOf, joined }
}
