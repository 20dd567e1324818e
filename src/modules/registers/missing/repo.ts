import type { Trx } from '../../../db/database.js'
import { withChild, withChildren } from '../../children/queries.js'

/** Every query of missing episodes; each runs in a transaction bound to the partnership. */

const CHILD = ['givenName', 'familyName', 'laChildId'] as const

export async function listEpisodes(trx: Trx) {
  const rows = await trx
    .selectFrom('missingEpisode')
    .selectAll()
    .orderBy('reportedAt', 'desc')
    .execute()
  return withChildren(trx, rows, CHILD)
}

export async function findEpisode(trx: Trx, id: string) {
  const row = await trx
    .selectFrom('missingEpisode')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  return withChild(trx, row, CHILD)
}

export function listChildReportedAts(trx: Trx, childIds: readonly string[]) {
  if (childIds.length === 0) return Promise.resolve([])
  return trx
    .selectFrom('missingEpisode')
    .select(['childId', 'reportedAt'])
    .where('childId', 'in', [...childIds])
    .execute()
}

export function findPoliceReferences(trx: Trx, references: readonly string[]) {
  if (references.length === 0) return Promise.resolve([])
  return trx
    .selectFrom('missingEpisode')
    .select('policeReference')
    .where('policeReference', 'in', [...references])
    .execute()
}

export function insertEpisode(
  trx: Trx,
  values: {
    partnershipId: string
    childId: string
    reportedAt: Date
    foundAt: Date | null
    missingFrom: 'home' | 'care'
    policeReference: string | null
    source: 'recorded' | 'police-import'
    createdBy: string
  },
) {
  return trx.insertInto('missingEpisode').values(values).returning('id').executeTakeFirstOrThrow()
}

export function updateEpisode(
  trx: Trx,
  id: string,
  values: {
    foundAt?: Date
    interviewOfferedAt?: Date
    interviewOutcome?: 'completed' | 'declined' | null
    interviewOn?: string | null
  },
) {
  return trx.updateTable('missingEpisode').set(values).where('id', '=', id).execute()
}
