/** One child, one record: matching a referred child to the records and linking it. */
import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import {
  childMatchCandidates,
  childReferralDates,
  createChildRecord,
  findChildForMatch,
  updateChildAddress,
  type ChildAddress,
  type MatchCandidate,
} from '../../children/service.js'
import { houseAndStreet, likelyMatches, normalisePostcode, type LikelyMatch } from '../matching.js'
import {
  findReferralChild,
  linkReferralChild,
  listEarlierReferralsOfChild,
  lockReferral,
} from '../repo.js'
import { londonParts, londonToday } from '../../../platform/calendar.js'
import type { ReferralChildTable } from '../table.js'
import type { Selectable } from 'kysely'
import { RE_REFERRAL_MONTHS, monthsBefore } from './clock.js'

// ---- One child, one record ------------------------------------------------------------------

type ReferralChild = Selectable<ReferralChildTable>

export interface ChildMatching {
  child: ReferralChild
  record: MatchCandidate | undefined
  matches: LikelyMatch<MatchCandidate>[]
  identifier: string
}

/** For each referred child: its record when linked, or the likely matches among the records. */
export async function matchReferralChildren(
  trx: Trx,
  partnershipId: string,
  children: readonly ReferralChild[],
  identifiers: Record<string, string>,
  today = londonToday(),
): Promise<ChildMatching[]> {
  const result: ChildMatching[] = []
  for (const child of children) {
    const identifier = (identifiers[child.id] ?? '').trim().slice(0, 100)
    if (child.childId) {
      const record = await findChildForMatch(trx, partnershipId, child.childId)
      result.push({ child, record, matches: [], identifier })
      continue
    }
    const range =
      child.birthDate === null && child.approximateAge !== null
        ? {
            from: monthsBefore(today, (child.approximateAge + 2) * 12),
            to: monthsBefore(today, Math.max(0, child.approximateAge - 1) * 12),
          }
        : null
    const candidates = await childMatchCandidates(trx, partnershipId, {
      givenName: child.givenName,
      familyName: child.familyName,
      birthDate: child.birthDate,
      birthDateRange: range,
      identifier: identifier || null,
      postcode: normalisePostcode(child.postcode),
      houseAndStreet: houseAndStreet(child.address),
    })
    result.push({
      child,
      record: undefined,
      matches: likelyMatches(child, candidates, { today, identifier }),
      identifier,
    })
  }
  return result
}

/** The address the referrer gave, with the postcode normalised; blank parts are null. */
function referredAddress(child: ReferralChild): ChildAddress {
  const address = child.address?.trim().replace(/\s+/g, ' ') ?? ''
  return {
    address: address === '' ? null : address,
    postcode: normalisePostcode(child.postcode),
  }
}

export type LinkOutcome = 'linked' | 'not-found' | 'no-record' | 'already-linked'

/**
 * Links a referred child to a record (an existing one, or a new one made here) and looks for a
 * previous referral of that child within 12 months: a re-referral.
 */
export function linkChild(
  db: Db,
  options: {
    actor: Actor
    referralId: string
    referralChildId: string
    /** An existing record, or null for a new record made from what the referrer told us. */
    recordId: string | null
    requestId: string
  },
): Promise<LinkOutcome> {
  const { actor, referralId, referralChildId, recordId, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const referral = await lockReferral(trx, actor.partnershipId, referralId)
    if (!referral) return 'not-found'
    const child = await findReferralChild(trx, actor.partnershipId, referralId, referralChildId)
    if (!child) return 'not-found'
    if (recordId === null && child.childId) return 'already-linked'
    const childScope = { partnershipId: actor.partnershipId, userId: actor.userId, requestId }
    const address = referredAddress(child)
    let childId: string
    if (recordId === null) {
      childId = await createChildRecord(trx, childScope, {
        givenName: child.givenName,
        familyName: child.familyName,
        birthDate: child.birthDate,
        address,
      })
    } else {
      const record = await findChildForMatch(trx, actor.partnershipId, recordId, { lock: true })
      if (!record) return 'no-record'
      childId = record.id
      // The referral is the newest word on where the child lives.
      await updateChildAddress(trx, childScope, childId, address, { referralId })
    }
    const receivedAt = new Date(referral.receivedAt)
    const receivedOn = londonParts(receivedAt).date
    const since = monthsBefore(receivedOn, RE_REFERRAL_MONTHS)
    const earlier = [
      ...(
        await listEarlierReferralsOfChild(trx, actor.partnershipId, childId, referralId, receivedAt)
      ).map(at => londonParts(at).date),
      ...(await childReferralDates(trx, actor.partnershipId, childId)).filter(
        date => date < receivedOn,
      ),
    ]
      .filter(date => date >= since)
      .sort()
    // A contact joined to the first about the child is part of it, so never a re-referral.
    const previousReferralOn = referral.duplicateOfId ? null : (earlier.at(-1) ?? null)
    await linkReferralChild(trx, actor.partnershipId, child.id, {
      childId,
      previousReferralOn,
      linkedBy: actor.userId,
    })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'referral-child.linked',
      resourceType: 'referral',
      resourceId: referralId,
      childId,
      fields: {
        childId: { from: child.childId, to: childId },
        previousReferralOn: { from: child.previousReferralOn, to: previousReferralOn },
        ...(recordId === null ? { newRecord: true } : {}),
      },
      requestId,
    })
    return 'linked'
  })
}
