import type { Trx } from '../../../db/database.js'
import type { ReportImageTable } from '../table.js'

export function insertImage(
  trx: Trx,
  values: Omit<ReportImageTable, 'id' | 'createdAt' | 'uploadedBy'> & { uploadedBy: string },
) {
  return trx.insertInto('reportImage').values(values).returning('id').executeTakeFirstOrThrow()
}

export function findImage(trx: Trx, id: string) {
  return trx.selectFrom('reportImage').selectAll().where('id', '=', id).executeTakeFirst()
}
