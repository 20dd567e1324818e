import type { Db, Trx } from '../../../db/database.js'
import { audit, scoped, type Ctx } from '../../../platform/acting.js'

export { audit, scoped, type Ctx }

export { partnershipCalendarIn as calendarIn } from '../../../platform/admin.js'

export type NotFound = { kind: 'not-found' }

/** A list for its page, read as the person and audited with how many rows it holds. */
export function auditedList<T>(
  db: Db,
  ctx: Ctx,
  listing: { action: string; resourceType: string },
  load: (trx: Trx) => Promise<T[]>,
): Promise<T[]> {
  return scoped(db, ctx.actor, async trx => {
    const rows = await load(trx)
    await audit(trx, ctx, {
      ...listing,
      resourceId: ctx.actor.partnershipId,
      detail: { count: rows.length },
    })
    return rows
  })
}
