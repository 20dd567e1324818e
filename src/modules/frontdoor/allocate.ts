/**
 * Allocating a referral to a worker and a team after the front door's decision: a front door
 * command, which the work tray's allocation page asks for once it has checked the worker and the
 * team (its own records).
 */
import type { Trx } from '../../db/database.js'
import { changedFields, recordAudit } from '../../platform/audit.js'
import type { Actor } from '../../platform/http/types.js'
import { findReferralAllocation, updateReferral } from './repo.js'

export interface ReferralAllocation {
  id: string
  reference: string
  status: string
  allocatedTo: string | null
  teamId: string | null
}

/** Who the referral is allocated to now, for its allocation page. */
export function referralAllocation(
  trx: Trx,
  partnershipId: string,
  referralId: string,
): Promise<ReferralAllocation | undefined> {
  return findReferralAllocation(trx, partnershipId, referralId)
}

/** The same, locked until the transaction ends, before a change of allocation. */
export function lockReferralAllocation(
  trx: Trx,
  partnershipId: string,
  referralId: string,
): Promise<ReferralAllocation | undefined> {
  return findReferralAllocation(trx, partnershipId, referralId, true)
}

/**
 * Saves the referral's worker and team, audited; 'unchanged' (and nothing written) when both are
 * what `current` (from `lockReferralAllocation`) already has.
 */
export async function saveReferralAllocation(
  trx: Trx,
  options: {
    actor: Actor
    current: ReferralAllocation
    allocation: { allocatedTo: string | null; teamId: string | null }
    requestId: string
  },
): Promise<'allocated' | 'unchanged'> {
  const { actor, current, allocation, requestId } = options
  const fields = changedFields(
    { allocatedTo: current.allocatedTo, teamId: current.teamId },
    { allocatedTo: allocation.allocatedTo, teamId: allocation.teamId },
  )
  if (Object.keys(fields).length === 0) return 'unchanged'
  await updateReferral(trx, actor.partnershipId, current.id, {
    allocatedTo: allocation.allocatedTo,
    teamId: allocation.teamId,
  })
  await recordAudit(trx, {
    partnershipId: actor.partnershipId,
    userId: actor.userId,
    action: 'referral.allocated',
    resourceType: 'referral',
    resourceId: current.id,
    fields,
    requestId,
  })
  return 'allocated'
}
