import type { Trx } from '../../../db/database.js'

/** Every query of missing episodes; each runs in a transaction bound to the partnership. */

export function listEpisodes(trx: Trx) {
  return trx
    .selectFrom('missingEpisode')
    .innerJoin('child', 'child.id', 'missingEpisode.childId')
    .selectAll('missingEpisode')
    .select(['child.givenName', 'child.familyName', 'child.laChildId'])
    .orderBy('missingEpisode.reportedAt', 'desc')
    .execute()
}

export function findEpisode(trx: Trx, id: string) {
  return trx
    .selectFrom('missingEpisode')
    .innerJoin('child', 'child.id', 'missingEpisode.childId')
    .selectAll('missingEpisode')
    .select(['child.givenName', 'child.familyName', 'child.laChildId'])
    .where('missingEpisode.id', '=', id)
    .executeTakeFirst()
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
