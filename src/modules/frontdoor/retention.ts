/**
 * The front door's records under the partnership's retention rules (privacy module): what each
 * rule covers, how many are due and how to remove them, always on this module's own tables.
 * A rule's number counts `unit`s: years unless said otherwise.
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import { londonStartOfDay } from '../../platform/calendar.js'
import { NFA_DECISIONS } from './schema.js'

interface FrontdoorRetentionTarget {
  label: string
  defaultYears: number
  unit?: 'days'
  count(trx: Trx, before: string): Promise<number>
  remove(trx: Trx, before: string): Promise<number>
}

/** Public reports of a concern started and never sent: the answers are someone's, unsent. */
function unsentPublicDrafts(trx: Trx, before: string) {
  return trx
    .selectFrom('referralDraft')
    .select('id')
    .where('source', '=', 'public')
    .where('submittedReferralId', 'is', null)
    .where('createdAt', '<', londonStartOfDay(before))
}

/**
 * Contacts the front door closed with no further action (or information and advice) before the
 * cut-off, that no later contact was joined to as its first contact.
 */
function closedNfaContacts(trx: Trx, before: string) {
  return trx
    .selectFrom('referral as r')
    .select('r.id')
    .where('r.status', '=', 'decided')
    .where('r.decision', 'in', NFA_DECISIONS)
    .where('r.decidedAt', '<', londonStartOfDay(before))
    .where(sql<boolean>`not exists (select 1 from referral d where d.duplicate_of_id = r.id)`)
}

async function idsOf(query: { execute(): Promise<{ id: string }[]> }): Promise<string[]> {
  return (await query.execute()).map(row => row.id)
}

export const FRONTDOOR_RETENTION: Record<string, FrontdoorRetentionTarget> = {
  'unsent-public-reports': {
    label: 'Public reports of a concern started but never sent',
    defaultYears: 30,
    unit: 'days',
    count: async (trx, before) => (await idsOf(unsentPublicDrafts(trx, before))).length,
    async remove(trx, before) {
      const ids = await idsOf(unsentPublicDrafts(trx, before))
      if (ids.length) await trx.deleteFrom('referralDraft').where('id', 'in', ids).execute()
      return ids.length
    },
  },
  'no-further-action-contacts': {
    label: 'Contacts closed with no further action or information and advice',
    defaultYears: 6,
    count: async (trx, before) => (await idsOf(closedNfaContacts(trx, before))).length,
    async remove(trx, before) {
      const ids = await idsOf(closedNfaContacts(trx, before))
      if (!ids.length) return 0
      await trx.deleteFrom('referralCheck').where('referralId', 'in', ids).execute()
      await trx.deleteFrom('referralChild').where('referralId', 'in', ids).execute()
      await trx.deleteFrom('referralDraft').where('submittedReferralId', 'in', ids).execute()
      await trx.deleteFrom('referral').where('id', 'in', ids).execute()
      return ids.length
    },
  },
}
