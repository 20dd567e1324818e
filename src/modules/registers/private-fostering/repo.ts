import type { Trx } from '../../../db/database.js'

/** Every query of private fostering; each runs in a transaction bound to the partnership. */

export function listArrangements(trx: Trx) {
  return trx
    .selectFrom('privateFostering')
    .innerJoin('child', 'child.id', 'privateFostering.childId')
    .selectAll('privateFostering')
    .select(['child.givenName', 'child.familyName', 'child.laChildId'])
    .orderBy('privateFostering.notifiedOn', 'desc')
    .execute()
}

export function findArrangement(trx: Trx, id: string) {
  return trx
    .selectFrom('privateFostering')
    .innerJoin('child', 'child.id', 'privateFostering.childId')
    .selectAll('privateFostering')
    .select(['child.givenName', 'child.familyName', 'child.laChildId', 'child.birthDate'])
    .where('privateFostering.id', '=', id)
    .executeTakeFirst()
}

export function listVisits(trx: Trx, arrangementIds: readonly string[]) {
  if (arrangementIds.length === 0) return Promise.resolve([])
  return trx
    .selectFrom('privateFosteringVisit')
    .selectAll()
    .where('arrangementId', 'in', [...arrangementIds])
    .orderBy('visitedOn')
    .execute()
}

export function insertArrangement(
  trx: Trx,
  values: {
    partnershipId: string
    childId: string
    notifiedOn: string
    arrangementStart: string
    childDisabled: boolean
    carerName: string
    createdBy: string
  },
) {
  return trx.insertInto('privateFostering').values(values).returning('id').executeTakeFirstOrThrow()
}

export function updateArrangement(
  trx: Trx,
  id: string,
  values: {
    assessmentCompletedOn?: string
    assessmentOutcome?: string
    endedOn?: string
    endReason?: string
  },
) {
  return trx.updateTable('privateFostering').set(values).where('id', '=', id).execute()
}

export function insertVisit(
  trx: Trx,
  values: {
    partnershipId: string
    arrangementId: string
    visitedOn: string
    seenAlone: boolean
    notes: string | null
    recordedBy: string
  },
) {
  return trx
    .insertInto('privateFosteringVisit')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
}
