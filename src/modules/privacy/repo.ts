import type { Db, Trx } from '../../db/database.js'

export function findSetting(trx: Trx) {
  return trx.selectFrom('privacySetting').selectAll().executeTakeFirst()
}

export function listRules(trx: Trx) {
  return trx.selectFrom('retentionRule').selectAll().execute()
}

/** Every partnership by name: the table is not partnership-scoped. */
export function listPartnerships(db: Db) {
  return db.selectFrom('partnership').select(['id', 'name']).orderBy('name').execute()
}
