import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import { refusable, type Refusal } from '../../../platform/refusal.js'

export interface Ctx {
  actor: Actor
  requestId: string
}

export const scopeOf = (actor: Actor) => ({
  partnershipId: actor.partnershipId,
  userId: actor.userId,
})

/** One transaction per command; a refusal inside it rolls everything back. */
export function command<T>(db: Db, ctx: Ctx, work: (trx: Trx) => Promise<T>): Promise<T | Refusal> {
  return refusable(() => inPartnership(db, scopeOf(ctx.actor), work))
}

export function audit(
  trx: Trx,
  ctx: Ctx,
  event: { action: string; resourceType: string; id: string; detail?: Record<string, unknown> },
) {
  return recordAudit(trx, {
    partnershipId: ctx.actor.partnershipId,
    userId: ctx.actor.userId,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.id,
    detail: event.detail ?? null,
    requestId: ctx.requestId,
  })
}
