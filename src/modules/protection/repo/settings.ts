/** The partnership's child protection timescales. */
import { type Insertable } from 'kysely'
import type { Trx } from '../../../db/database.js'
import type { ProtectionSettingTable } from '../table.js'
import { DEFAULT_PROTECTION_TIMESCALES, type ProtectionTimescales } from '../timescales.js'

export async function findTimescales(
  trx: Trx,
  partnershipId: string,
): Promise<ProtectionTimescales> {
  const row = await trx
    .selectFrom('protectionSetting')
    .select([
      'icpcWorkingDays',
      'coreGroupWorkingDays',
      'firstReviewMonths',
      'reviewIntervalMonths',
      'reportDueWorkingDays',
      'preBirthIcpcByWeek',
      'preBirthReviewWorkingDays',
      'visitWorkingDays',
    ])
    .where('partnershipId', '=', partnershipId)
    .executeTakeFirst()
  return row ?? { ...DEFAULT_PROTECTION_TIMESCALES }
}

export function upsertTimescales(
  trx: Trx,
  values: Insertable<ProtectionSettingTable> & ProtectionTimescales,
) {
  const { partnershipId: _partnershipId, ...update } = values
  return trx
    .insertInto('protectionSetting')
    .values(values)
    .onConflict(conflict =>
      conflict.column('partnershipId').doUpdateSet({ ...update, updatedAt: new Date() }),
    )
    .execute()
}
