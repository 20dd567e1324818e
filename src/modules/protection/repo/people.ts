/** Children, episodes, agencies and people, as the protection pages need them. */
import type { Trx } from '../../../db/database.js'
import { childById } from '../../children/queries.js'

export async function findChild(trx: Trx, partnershipId: string, id: string) {
  const child = await childById(trx, partnershipId, id)
  // A duplicate merged into another record is hidden; its journey moved with it.
  if (!child || child.mergedIntoId !== null) return undefined
  const { laChildId, givenName, familyName, birthDate, expectedBirthDate, deathDate } = child
  return { id, laChildId, givenName, familyName, birthDate, expectedBirthDate, deathDate }
}

/** The child's open CIN episode with further action (the newest, if the census holds several). */
export function findOpenEpisode(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('cinEpisode')
    .select(['id', 'referralDate'])
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', childId)
    .where('closureDate', 'is', null)
    .where(eb => eb.or([eb('referralNfa', 'is', null), eb('referralNfa', '=', false)]))
    .orderBy('referralDate', 'desc')
    .executeTakeFirst()
}

export { listPeopleWithRoles as listUsersWithRoles } from '../../../platform/directory.js'

export { teamOfUser as findTeamOfUser } from '../../worktray/queries.js'

export function listUserNames(trx: Trx, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return trx.selectFrom('appUser').select(['id', 'displayName']).where('id', 'in', ids).execute()
}

/** A decided referral that linked the child, for a strategy discussion recorded from it. */
export { referralOfChild as findReferralOfChild } from '../../frontdoor/queries.js'
