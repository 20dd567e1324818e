import type { Trx } from '../../../db/database.js'

/** Every query of FGM referrals; each runs in a transaction bound to the partnership. */

export function listReferrals(trx: Trx) {
  return trx
    .selectFrom('fgmReferral')
    .innerJoin('child', 'child.id', 'fgmReferral.childId')
    .selectAll('fgmReferral')
    .select(['child.givenName', 'child.familyName', 'child.laChildId', 'child.birthDate'])
    .orderBy('fgmReferral.referredOn', 'desc')
    .execute()
}

export function findReferral(trx: Trx, id: string) {
  return trx
    .selectFrom('fgmReferral')
    .innerJoin('child', 'child.id', 'fgmReferral.childId')
    .selectAll('fgmReferral')
    .select(['child.givenName', 'child.familyName', 'child.laChildId', 'child.birthDate'])
    .where('fgmReferral.id', '=', id)
    .executeTakeFirst()
}

export function insertReferral(
  trx: Trx,
  values: {
    partnershipId: string
    childId: string
    referredOn: string
    screeningOutcome: string
    community: string | null
    createdBy: string
  },
) {
  return trx.insertInto('fgmReferral').values(values).returning('id').executeTakeFirstOrThrow()
}

export function updateReferral(
  trx: Trx,
  id: string,
  values: {
    panelDecision?: string
    panelDecidedOn?: string
    reportedToPoliceOn?: string
    reportedBy?: string
  },
) {
  return trx.updateTable('fgmReferral').set(values).where('id', '=', id).execute()
}
