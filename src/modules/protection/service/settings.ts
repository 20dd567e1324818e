import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db } from '../../../db/database.js'
import { changedFields, recordAudit } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import { findTimescales, upsertTimescales } from '../repo.js'
import { type ProtectionTimescales } from '../timescales.js'

// ---- Settings ---------------------------------------------------------------------------------

export function protectionTimescales(db: Db, actor: Actor): Promise<ProtectionTimescales> {
  return inPartnership(db, scope(actor), trx => findTimescales(trx, actor.partnershipId))
}

export function saveProtectionTimescales(
  db: Db,
  options: { actor: Actor; input: ProtectionTimescales; requestId: string },
): Promise<void> {
  const { actor, input, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const before = await findTimescales(trx, actor.partnershipId)
    const fields = changedFields({ ...before }, { ...input })
    if (Object.keys(fields).length === 0) return
    await upsertTimescales(trx, { partnershipId: actor.partnershipId, ...input })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'protection-settings.updated',
      resourceType: 'protection-settings',
      resourceId: actor.partnershipId,
      fields,
      requestId,
    })
  })
}
