import { sql } from 'kysely'
import type { Trx } from '../../../db/database.js'
import type { CensusOutcome, EarlyHelpWrites, ReferralTable } from '../table.js'
import type { Updateable } from 'kysely'

export function findReferral(trx: Trx, partnershipId: string, id: string, referrerUserId?: string) {
  let query = trx
    .selectFrom('referral')
    .leftJoin('agency', 'agency.id', 'referral.referrerAgencyId')
    .selectAll('referral')
    .select([
      'agency.name as referrerAgencyName',
      'agency.sector as referrerAgencySector',
      sql<boolean>`referral.status <> 'decided' and referral.decision_due_at < now()`.as(
        'isOverdue',
      ),
      sql<string | null>`(select display_name from app_user u where u.id = referral.decided_by)`.as(
        'decidedByName',
      ),
      sql<string | null>`(select display_name from app_user u
        where u.id = referral.authorised_by)`.as('authorisedByName'),
    ])
    .where('referral.partnershipId', '=', partnershipId)
    .where('referral.id', '=', id)
  if (referrerUserId) query = query.where('referral.referrerUserId', '=', referrerUserId)
  return query.executeTakeFirst()
}

export function listReferralChildren(trx: Trx, partnershipId: string, referralId: string) {
  return trx
    .selectFrom('referralChild')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('referralId', '=', referralId)
    .orderBy('position')
    .execute()
}

/** The referral, locked for a change of its triage or decision. */
export function lockReferral(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('referral')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

/** Who a referral is allocated to, for its allocation page; locked when a change follows. */
export function findReferralAllocation(trx: Trx, partnershipId: string, id: string, lock = false) {
  const query = trx
    .selectFrom('referral')
    .select(['id', 'reference', 'status', 'allocatedTo', 'teamId'])
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
  return (lock ? query.forUpdate() : query).executeTakeFirst()
}

export function updateReferral(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: Updateable<ReferralTable>,
) {
  return trx
    .updateTable('referral')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

export function findReferralChild(
  trx: Trx,
  partnershipId: string,
  referralId: string,
  referralChildId: string,
) {
  return trx
    .selectFrom('referralChild')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('referralId', '=', referralId)
    .where('id', '=', referralChildId)
    .forUpdate()
    .executeTakeFirst()
}

export function linkReferralChild(
  trx: Trx,
  partnershipId: string,
  referralChildId: string,
  values: { childId: string; previousReferralOn: string | null; linkedBy: string },
) {
  return trx
    .updateTable('referralChild')
    .set({ ...values, linkedAt: new Date() })
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', referralChildId)
    .execute()
}

/** A joined contact is not a re-referral: its children lose the flag; returns how many had it. */
export async function clearPreviousReferrals(trx: Trx, partnershipId: string, referralId: string) {
  const rows = await trx
    .updateTable('referralChild')
    .set({ previousReferralOn: null })
    .where('partnershipId', '=', partnershipId)
    .where('referralId', '=', referralId)
    .where('previousReferralOn', 'is not', null)
    .returning('id')
    .execute()
  return rows.length
}

/** What a final decision wrote to the referred child's census record. */
export function setReferralChildCensusOutcome(
  trx: Trx,
  partnershipId: string,
  referralChildId: string,
  censusOutcome: CensusOutcome,
) {
  return trx
    .updateTable('referralChild')
    .set({ censusOutcome })
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', referralChildId)
    .execute()
}

/** When other referrals of the child were received before `before` (London dates are made later). */
export async function listEarlierReferralsOfChild(
  trx: Trx,
  partnershipId: string,
  childId: string,
  referralId: string,
  before: Date,
): Promise<Date[]> {
  const rows = await trx
    .selectFrom('referralChild')
    .innerJoin('referral', 'referral.id', 'referralChild.referralId')
    .select('referral.receivedAt')
    .where('referralChild.partnershipId', '=', partnershipId)
    .where('referralChild.childId', '=', childId)
    .where('referral.id', '<>', referralId)
    .where('referral.receivedAt', '<', before)
    // A joined duplicate is part of the first contact, so it never makes a re-referral.
    .where('referral.duplicateOfId', 'is', null)
    .orderBy('referral.receivedAt', 'desc')
    .execute()
  return rows.map(row => new Date(row.receivedAt))
}

export async function findFrontDoorSettings(trx: Trx, partnershipId: string) {
  const row = await trx
    .selectFrom('frontDoorSetting')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .executeTakeFirst()
  return (
    row ?? {
      partnershipId,
      redHours: 4,
      amberWorkingDays: 1,
      greenWorkingDays: 1,
      requiresAuthorisation: true,
      allocationWorkingDays: 7,
      needLevels: ['Universal', 'Additional', 'Complex', 'Statutory'],
      earlyHelpWrites: 'referral-nfa' as const,
      updatedAt: null,
    }
  )
}

export function upsertFrontDoorSettings(
  trx: Trx,
  values: {
    partnershipId: string
    redHours: number
    amberWorkingDays: number
    greenWorkingDays: number
    requiresAuthorisation: boolean
    allocationWorkingDays: number
    needLevels: string[]
    earlyHelpWrites: EarlyHelpWrites
  },
) {
  const { partnershipId, ...changes } = values
  return trx
    .insertInto('frontDoorSetting')
    .values({ ...values, updatedAt: new Date() })
    .onConflict(conflict =>
      conflict.column('partnershipId').doUpdateSet({ ...changes, updatedAt: new Date() }),
    )
    .execute()
    .then(() => partnershipId)
}
