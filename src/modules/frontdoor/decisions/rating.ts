/** The partnership's front door settings and the RAG rating that sets a referral's decision clock. */
import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import {
  findFrontDoorSettings,
  lockReferral,
  updateReferral,
  upsertFrontDoorSettings,
} from '../repo.js'
import { type FrontDoorSettingsInput } from '../schema.js'
import type { RagRating } from '../table.js'
import { calendarIn, dueAtFor } from './clock.js'

// ---- Settings -------------------------------------------------------------------------------

export function frontDoorSettings(db: Db, actor: Actor) {
  return inPartnership(db, scope(actor), trx => findFrontDoorSettings(trx, actor.partnershipId))
}

export function saveFrontDoorSettings(
  db: Db,
  options: { actor: Actor; input: FrontDoorSettingsInput; requestId: string },
): Promise<void> {
  const { actor, input, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const before = await findFrontDoorSettings(trx, actor.partnershipId)
    const fields: Record<string, { from: unknown; to: unknown }> = {}
    for (const key of Object.keys(input) as (keyof FrontDoorSettingsInput)[]) {
      if (!sameValue(before[key], input[key])) fields[key] = { from: before[key], to: input[key] }
    }
    if (Object.keys(fields).length === 0) return
    await upsertFrontDoorSettings(trx, { partnershipId: actor.partnershipId, ...input })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'front-door-settings.updated',
      resourceType: 'front-door-settings',
      resourceId: actor.partnershipId,
      fields,
      requestId,
    })
  })
}

/** Settings are numbers, booleans, strings or lists of strings: compared by value. */
function sameValue(a: unknown, b: unknown) {
  return JSON.stringify(a) === JSON.stringify(b)
}

// ---- RAG rating -----------------------------------------------------------------------------

export type RateOutcome = 'rated' | 'unchanged' | 'not-found' | 'decided'

/** Sets the RAG rating and recomputes the decision clock from the partnership's timescales. */
export function rateReferral(
  db: Db,
  options: { actor: Actor; referralId: string; ragRating: RagRating; requestId: string },
): Promise<RateOutcome> {
  const { actor, referralId, ragRating, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const referral = await lockReferral(trx, actor.partnershipId, referralId)
    if (!referral) return 'not-found'
    if (referral.status === 'decided') return 'decided'
    if (referral.ragRating === ragRating) return 'unchanged'
    const settings = await findFrontDoorSettings(trx, actor.partnershipId)
    const dueAt = dueAtFor(
      new Date(referral.receivedAt),
      ragRating,
      settings,
      await calendarIn(trx),
    )
    await updateReferral(trx, actor.partnershipId, referralId, {
      ragRating,
      decisionDueAt: dueAt,
    })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'referral.rag-rated',
      resourceType: 'referral',
      resourceId: referralId,
      fields: {
        ragRating: { from: referral.ragRating, to: ragRating },
        decisionDueAt: {
          from: new Date(referral.decisionDueAt).toISOString(),
          to: dueAt.toISOString(),
        },
      },
      requestId,
    })
    return 'rated'
  })
}
