import { inPartnership, type Db } from '../db/database.js'
import { actorScope } from './actor-scope.js'
import { changedFields, recordAudit } from './audit.js'
import type { Actor } from './http/types.js'

/** The partnership's own settings: its name, two-factor rule and the numbers the public calls. */
export function findPartnershipSettings(db: Db, actor: Actor) {
  return db
    .selectFrom('partnership')
    .selectAll()
    .where('id', '=', actor.partnershipId)
    .executeTakeFirstOrThrow()
}

export interface SettingsInput {
  name: string
  mfaRequiredForAll: boolean
  outOfHoursPhone: string | null
  frontDoorPhone: string | null
  frontDoorHours: string | null
  thresholdDocumentUrl: string | null
}

export function updatePartnershipSettings(
  db: Db,
  options: { actor: Actor; input: SettingsInput; requestId: string },
): Promise<void> {
  const { actor, input, requestId } = options
  return inPartnership(db, actorScope(actor), async trx => {
    const before = await trx
      .selectFrom('partnership')
      .selectAll()
      .where('id', '=', actor.partnershipId)
      .executeTakeFirstOrThrow()
    const fields = changedFields(before, input)
    if (Object.keys(fields).length === 0) return
    await trx.updateTable('partnership').set(input).where('id', '=', actor.partnershipId).execute()
    await recordAudit(trx, {
      ...actorScope(actor),
      requestId,
      action: 'partnership.updated',
      resourceType: 'partnership',
      resourceId: actor.partnershipId,
      fields,
    })
  })
}
