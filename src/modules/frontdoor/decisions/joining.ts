/**
 * Joining a likely duplicate to the first contact about the child: the second contact leaves the
 * queue and is decided with the first, so it is neither a separate referral nor a re-referral.
 */
import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import { clearPreviousReferrals, findJoinTarget, lockReferral, updateReferral } from '../repo.js'

export type JoinOutcome = { kind: 'not-found' } | { kind: 'joined'; firstId: string } | Refusal

const FIELD = 'firstId'

export function joinToFirstContact(
  db: Db,
  options: { actor: Actor; referralId: string; firstId: string; requestId: string; now: Date },
): Promise<JoinOutcome> {
  const { actor, referralId, firstId, requestId, now } = options
  return refusable(() =>
    inPartnership(db, scope(actor), async (trx): Promise<JoinOutcome> => {
      const referral = await lockReferral(trx, actor.partnershipId, referralId)
      if (!referral) return { kind: 'not-found' }
      if (firstId === referralId) {
        refuse(FIELD, 'Select an earlier contact: a contact cannot be joined to itself')
      }
      if (referral.duplicateOfId) refuse(FIELD, 'This contact is already joined to another')
      if (referral.status !== 'received') {
        refuse(FIELD, 'This contact has a decision: it can no longer be joined to another')
      }
      const first = await findJoinTarget(trx, actor.partnershipId, referralId, firstId)
      if (!first) return { kind: 'not-found' }
      const named = `Contact ${first.reference}`
      if (!first.isSameChild) {
        refuse(FIELD, `${named} is about a different child: join only contacts about one child`)
      }
      if (first.duplicateOfId) {
        refuse(FIELD, `${named} is itself joined to another contact: join this one to that`)
      }
      if (!first.isEarlier) {
        refuse(FIELD, `${named} came in after this one: join the later contact to the earlier`)
      }
      if (!first.isOpenOrSameDay) {
        refuse(
          FIELD,
          `${named} was decided and came in on another day: decide this contact on its own`,
        )
      }
      await updateReferral(trx, actor.partnershipId, referralId, {
        duplicateOfId: first.id,
        joinedBy: actor.userId,
        joinedAt: now,
      })
      // Linked before it was joined, its children may carry the first contact as a re-referral.
      const unflagged = await clearPreviousReferrals(trx, actor.partnershipId, referralId)
      await recordAudit(trx, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        action: 'referral.joined',
        resourceType: 'referral',
        resourceId: referralId,
        childId: null,
        fields: {
          duplicateOfId: { from: null, to: first.id },
          ...(unflagged > 0 ? { previousReferralOn: 'cleared' } : {}),
        },
        requestId,
      })
      return { kind: 'joined', firstId: first.id }
    }),
  )
}
