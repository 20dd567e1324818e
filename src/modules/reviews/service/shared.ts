import type { Trx } from '../../../db/database.js'
import { listPartnershipHolidayDates } from '../../../platform/admin.js'
import { englandAndWales, type WorkingDayCalendar } from '../../../platform/working-days.js'

export { audit, scoped, type Ctx } from '../../../platform/acting.js'

/** The partnership's working-day calendar, read in the transaction (never a stale copy). */
export async function calendarIn(trx: Trx): Promise<WorkingDayCalendar> {
  const extra = await listPartnershipHolidayDates(trx)
  return extra.length ? englandAndWales.withExtraHolidays(extra) : englandAndWales
}

export type NotFound = { kind: 'not-found' }
