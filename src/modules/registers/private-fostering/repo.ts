import type { Trx } from '../../../db/database.js'
import { withChild, withChildren } from '../../children/queries.js'

/** Every query of private fostering; each runs in a transaction bound to the partnership. */

export async function listArrangements(trx: Trx) {
  const rows = await trx
    .selectFrom('privateFostering')
    .selectAll()
    .orderBy('notifiedOn', 'desc')
    .execute()
  return withChildren(trx, rows, ['givenName', 'familyName', 'laChildId'])
}

export async function findArrangement(trx: Trx, id: string) {
  const row = await trx
    .selectFrom('privateFostering')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  return withChild(trx, row, ['givenName', 'familyName', 'laChildId', 'birthDate'])
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
