import type { Trx } from '../../../db/database.js'
import { withChild, withChildren } from '../../children/queries.js'

/** Every query of FGM referrals; each runs in a transaction bound to the partnership. */

const CHILD = ['givenName', 'familyName', 'laChildId', 'birthDate'] as const

export async function listReferrals(trx: Trx) {
  const rows = await trx
    .selectFrom('fgmReferral')
    .selectAll()
    .orderBy('referredOn', 'desc')
    .execute()
  return withChildren(trx, rows, CHILD)
}

export async function findReferral(trx: Trx, id: string) {
  const row = await trx
    .selectFrom('fgmReferral')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  return withChild(trx, row, CHILD)
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
