/** Children arriving on a plan from another authority: the plan there and its conference. */
import type { Updateable } from 'kysely'
import type { Trx } from '../../../db/database.js'
import type { PreviousProtectionPlanTable } from '../table.js'

export function findPreviousPlan(trx: Trx, partnershipId: string, id: string, lock = false) {
  const query = trx
    .selectFrom('previousProtectionPlan')
    .select(['id', 'childId', 'authority', 'startDate', 'endDate', 'category'])
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
  return (lock ? query.forUpdate() : query).executeTakeFirst()
}

export function updatePreviousPlan(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: Updateable<PreviousProtectionPlanTable>,
) {
  return trx
    .updateTable('previousProtectionPlan')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

/** The child's transfer-in conference still to be held, if there is one. */
export function findOpenTransferIn(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('conference')
    .select(['id', 'status', 'targetDate', 'notifiedOn'])
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', childId)
    .where('kind', '=', 'transfer-in')
    .where('status', 'in', ['to-schedule', 'scheduled'])
    .executeTakeFirst()
}
