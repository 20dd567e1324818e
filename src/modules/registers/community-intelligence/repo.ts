import type { Db, Trx } from '../../../db/database.js'

/** Community intelligence: the public's reports and the exploitation team's queue. */

export function listPartnerships(db: Db) {
  return db.selectFrom('partnership').select(['id', 'slug', 'name']).orderBy('name').execute()
}

export function insertIntelligence(
  trx: Trx,
  values: {
    partnershipId: string
    about: string
    location: string | null
    description: string
    contact: string | null
  },
) {
  return trx
    .insertInto('communityIntelligence')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function listIntelligence(trx: Trx) {
  return trx.selectFrom('communityIntelligence').selectAll().orderBy('receivedAt', 'desc').execute()
}

export function findIntelligence(trx: Trx, id: string) {
  return trx.selectFrom('communityIntelligence').selectAll().where('id', '=', id).executeTakeFirst()
}

export function markReviewed(trx: Trx, id: string, reviewedBy: string) {
  return trx
    .updateTable('communityIntelligence')
    .set({ status: 'reviewed', reviewedBy, reviewedAt: new Date() })
    .where('id', '=', id)
    .execute()
}
