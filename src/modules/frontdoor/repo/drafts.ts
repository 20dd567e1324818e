import { sql } from 'kysely'
import type { Db, Trx } from '../../../db/database.js'
import type { DraftAnswers, ReferralChildTable, ReferralTable } from '../table.js'
import type { Insertable } from 'kysely'

export function listPartnerships(db: Db) {
  return db.selectFrom('partnership').select(['id', 'slug', 'name']).orderBy('name').execute()
}

export function insertDraft(
  trx: Trx,
  values: {
    partnershipId: string
    tokenHash: string
    source: 'public' | 'professional'
    userId: string | null
    answers: DraftAnswers
    expiresAt: Date
  },
) {
  return trx
    .insertInto('referralDraft')
    .values({ ...values, answers: JSON.stringify(values.answers) })
    .returning('id')
    .executeTakeFirstOrThrow()
}

/** A draft that has not expired, by the hash of its token. */
export function findLiveDraft(trx: Trx, partnershipId: string, tokenHash: string) {
  return trx
    .selectFrom('referralDraft')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('tokenHash', '=', tokenHash)
    .where('expiresAt', '>', sql<Date>`now()`)
    .executeTakeFirst()
}

export function lockDraft(trx: Trx, partnershipId: string, draftId: string) {
  return trx
    .selectFrom('referralDraft')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', draftId)
    .forUpdate()
    .executeTakeFirst()
}

export function updateDraftAnswers(
  trx: Trx,
  partnershipId: string,
  draftId: string,
  answers: DraftAnswers,
  expiresAt?: Date,
) {
  return trx
    .updateTable('referralDraft')
    .set({
      answers: JSON.stringify(answers),
      updatedAt: new Date(),
      ...(expiresAt ? { expiresAt } : {}),
    })
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', draftId)
    .where('submittedReferralId', 'is', null)
    .execute()
}

export function markDraftSubmitted(
  trx: Trx,
  partnershipId: string,
  draftId: string,
  referralId: string,
) {
  // The answers are now in the referral: the draft keeps only the link, for a repeated submit.
  return trx
    .updateTable('referralDraft')
    .set({ answers: '{}', submittedReferralId: referralId, updatedAt: new Date() })
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', draftId)
    .execute()
}

export function rotateDraftToken(
  trx: Trx,
  partnershipId: string,
  draftId: string,
  userId: string,
  tokenHash: string,
) {
  return trx
    .updateTable('referralDraft')
    .set({ tokenHash })
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', draftId)
    .where('userId', '=', userId)
    .where('submittedReferralId', 'is', null)
    .where('expiresAt', '>', sql<Date>`now()`)
    .returning('id')
    .executeTakeFirst()
}

export function deleteExpiredDrafts(trx: Trx, partnershipId: string) {
  return trx
    .deleteFrom('referralDraft')
    .where('partnershipId', '=', partnershipId)
    .where('expiresAt', '<=', sql<Date>`now()`)
    .execute()
}

export function listOwnDrafts(trx: Trx, partnershipId: string, userId: string) {
  return trx
    .selectFrom('referralDraft')
    .select(['id', 'answers', 'createdAt', 'updatedAt', 'expiresAt'])
    .where('partnershipId', '=', partnershipId)
    .where('userId', '=', userId)
    .where('submittedReferralId', 'is', null)
    .where('expiresAt', '>', sql<Date>`now()`)
    .orderBy('updatedAt', 'desc')
    .execute()
}

/** The next reference number of the partnership's year: one row lock, so never given twice. */
export async function nextReferenceNumber(trx: Trx, partnershipId: string, year: number) {
  const row = await trx
    .insertInto('referralCounter')
    .values({ partnershipId, year, lastNumber: 1 })
    .onConflict(conflict =>
      conflict
        .columns(['partnershipId', 'year'])
        .doUpdateSet({ lastNumber: sql<number>`referral_counter.last_number + 1` }),
    )
    .returning('lastNumber')
    .executeTakeFirstOrThrow()
  return row.lastNumber
}

export function insertReferral(trx: Trx, values: Insertable<ReferralTable>) {
  return trx
    .insertInto('referral')
    .values(values)
    .returning(['id', 'reference'])
    .executeTakeFirstOrThrow()
}

export async function insertReferralChildren(
  trx: Trx,
  children: Insertable<ReferralChildTable>[],
): Promise<void> {
  if (children.length) await trx.insertInto('referralChild').values(children).execute()
}

export function findReferralReference(trx: Trx, partnershipId: string, referralId: string) {
  return trx
    .selectFrom('referral')
    .select(['id', 'reference', 'source'])
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', referralId)
    .executeTakeFirst()
}
