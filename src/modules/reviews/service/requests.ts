/**
 * Information requests to agencies: the business unit asks; each agency's safeguarding lead sees
 * and answers only the requests asked of their own agency.
 */
import type { Db } from '../../../db/database.js'
import { scopeFor } from '../../../platform/permissions.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import * as repo from '../repo.js'
import { type Ctx, audit, auditedList, scoped } from './shared.js'

/** The agencies whose requests the actor sees: null for all of them. */
function agencyFilter(ctx: Ctx): string[] | null {
  return scopeFor(ctx.actor.roles, 'case-review-request', 'read') === 'partnership'
    ? null
    : ctx.actor.agencyIds
}

export function listRequestsFor(db: Db, ctx: Ctx) {
  return auditedList(
    db,
    ctx,
    { action: 'case-review.requests.listed', resourceType: 'cr-information-request' },
    trx => repo.listRequests(trx, ctx.actor.partnershipId, agencyFilter(ctx)),
  )
}

/** A request for a reader who may see it (audited), or null. Only the question, never the case file. */
export function requestPage(db: Db, ctx: Ctx, id: string) {
  return scoped(db, ctx.actor, async trx => {
    const found = await repo.findRequest(trx, ctx.actor.partnershipId, id)
    const agencies = agencyFilter(ctx)
    if (!found || (agencies && !agencies.includes(found.agencyId))) return null
    await audit(trx, ctx, {
      action: 'case-review.request.viewed',
      resourceType: 'cr-information-request',
      resourceId: id,
    })
    return found
  })
}

export function answerRequest(db: Db, ctx: Ctx, id: string, answer: string, today: string) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const found = await repo.findRequest(trx, ctx.actor.partnershipId, id)
      const agencies =
        scopeFor(ctx.actor.roles, 'case-review-request', 'update') === 'partnership'
          ? null
          : ctx.actor.agencyIds
      if (!found || (agencies && !agencies.includes(found.agencyId)))
        refuse('not-found', 'There is no such request')
      if (found.answeredOn) refuse('answer', 'This request has already been answered')
      await repo.answerRequest(trx, id, { answer, answeredOn: today, answeredBy: ctx.actor.userId })
      await audit(trx, ctx, {
        action: 'case-review.request.answered',
        resourceType: 'cr-information-request',
        resourceId: id,
        fields: { answeredOn: today, length: answer.length },
      })
      return { kind: 'saved' as const }
    }),
  )
}
