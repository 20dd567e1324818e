import type { Trx } from '../../../db/database.js'
import type { TemplateDefinition } from './definition.js'

export function listTemplates(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('asrTemplate')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .orderBy('key')
    .orderBy('version', 'desc')
    .execute()
}

export function findTemplate(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('asrTemplate')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function insertTemplate(
  trx: Trx,
  values: {
    partnershipId: string
    key: string
    version: number
    title: string
    threshold: number
    targetPercent: number
    definition: TemplateDefinition
  },
) {
  return trx
    .insertInto('asrTemplate')
    .values({ ...values, definition: JSON.stringify(values.definition) })
    .returningAll()
    .executeTakeFirstOrThrow()
}
