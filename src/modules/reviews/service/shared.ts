import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import { listPartnershipHolidayDates } from '../../../platform/admin.js'
import { recordAudit } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import { englandAndWales, type WorkingDayCalendar } from '../../../platform/working-days.js'

/** Who acts, and the request they act in (for the audit trail). */
export interface Ctx {
  actor: Actor
  requestId: string
}

export function scoped<T>(db: Db, actor: Actor, work: (trx: Trx) => Promise<T>): Promise<T> {
  return inPartnership(db, { partnershipId: actor.partnershipId, userId: actor.userId }, work)
}

export function audit(
  trx: Trx,
  ctx: Ctx,
  event: {
    action: string
    resourceType: string
    resourceId: string
    childId?: string | null
    fields?: Record<string, unknown>
    detail?: Record<string, unknown>
  },
) {
  return recordAudit(trx, {
    partnershipId: ctx.actor.partnershipId,
    userId: ctx.actor.userId,
    requestId: ctx.requestId,
    ...event,
  })
}

/** The partnership's working-day calendar, read in the transaction (never a stale copy). */
export async function calendarIn(trx: Trx): Promise<WorkingDayCalendar> {
  const extra = await listPartnershipHolidayDates(trx)
  return extra.length ? englandAndWales.withExtraHolidays(extra) : englandAndWales
}

export type NotFound = { kind: 'not-found' }
