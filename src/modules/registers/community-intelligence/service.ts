import { inPartnership, type Db } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import { findPublicPartnership } from '../../../platform/front-page.js'
import { type Ctx, audit, scoped } from '../shared.js'
import * as repo from './repo.js'
import type { IntelligenceInput } from './schema.js'

/**
 * Information from the public about places, adults or vehicles: no child needs to be named. It
 * lands in the exploitation team's queue; the audit event records that it came, not what it says.
 */
export async function shareIntelligence(
  db: Db,
  input: IntelligenceInput,
  requestId: string,
): Promise<{ kind: 'received' } | { kind: 'no-partnership' }> {
  const partnership = await findPublicPartnership(db, { slug: input.partnership })
  if (!partnership) return { kind: 'no-partnership' }
  await inPartnership(db, { partnershipId: partnership.id }, async trx => {
    const { id } = await repo.insertIntelligence(trx, {
      partnershipId: partnership.id,
      about: input.about,
      location: input.location,
      description: input.description,
      contact: input.contact,
    })
    await recordAudit(trx, {
      partnershipId: partnership.id,
      userId: null,
      action: 'register.intelligence.received',
      resourceType: 'community-intelligence',
      resourceId: id,
      fields: {
        about: input.about,
        location: input.location ? 'set' : null,
        contact: input.contact ? 'set' : null,
      },
      requestId,
    })
  })
  return { kind: 'received' }
}

export function reviewIntelligence(db: Db, ctx: Ctx, id: string) {
  return scoped(db, ctx.actor, async trx => {
    const item = await repo.findIntelligence(trx, id)
    if (!item) return { kind: 'not-found' as const }
    if (item.status === 'reviewed') return { kind: 'saved' as const }
    await repo.markReviewed(trx, id, ctx.actor.userId)
    await audit(trx, ctx, {
      action: 'register.intelligence.reviewed',
      resourceType: 'community-intelligence',
      resourceId: id,
    })
    return { kind: 'saved' as const }
  })
}
