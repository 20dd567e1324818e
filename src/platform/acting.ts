/**
 * What a module's commands share about the person acting: who they are and the request they act
 * in, a transaction bound to their partnership, and an audit event written in it as them.
 */
import type { FastifyRequest } from 'fastify'
import { inPartnership, type Db, type Trx } from '../db/database.js'
import { actorScope } from './actor-scope.js'
import { recordAudit } from './audit.js'
import { actorOf } from './http/access.js'
import type { Actor } from './http/types.js'

/** Who acts, and the request they act in (for the audit trail). */
export interface Ctx {
  actor: Actor
  requestId: string
}

export const ctxOf = (request: FastifyRequest): Ctx => ({
  actor: actorOf(request),
  requestId: request.id,
})

/** One transaction as the actor, in their partnership. */
export function scoped<T>(db: Db, actor: Actor, work: (trx: Trx) => Promise<T>): Promise<T> {
  return inPartnership(db, actorScope(actor), work)
}

/** What an audit event says happened, and to what. */
export interface ActedEvent {
  action: string
  resourceType: string
  resourceId?: string
  childId?: string | null
  fields?: Record<string, unknown>
  detail?: Record<string, unknown>
}

/** An audit event as the actor, in the command's own transaction. */
export function audit(
  trx: Trx,
  ctx: { actor: { partnershipId: string; userId: string | null }; requestId: string | null },
  event: ActedEvent,
) {
  return recordAudit(trx, {
    partnershipId: ctx.actor.partnershipId,
    userId: ctx.actor.userId,
    requestId: ctx.requestId,
    ...event,
  })
}

/** The same, for the modules that pass the actor and the request id apart. */
export function auditAsActor(trx: Trx, actor: Actor, requestId: string, event: ActedEvent) {
  return audit(trx, { actor, requestId }, event)
}
