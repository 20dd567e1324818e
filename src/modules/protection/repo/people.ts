/** Children, episodes, agencies and people, as the protection pages need them. */
import type { Trx } from '../../../db/database.js'

export function findChild(trx: Trx, partnershipId: string, id: string) {
  return (
    trx
      .selectFrom('child')
      .select([
        'id',
        'laChildId',
        'givenName',
        'familyName',
        'birthDate',
        'expectedBirthDate',
        'deathDate',
      ])
      .where('partnershipId', '=', partnershipId)
      .where('id', '=', id)
      // A duplicate merged into another record is hidden; its journey moved with it.
      .where('mergedIntoId', 'is', null)
      .executeTakeFirst()
  )
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
export function findReferralOfChild(
  trx: Trx,
  partnershipId: string,
  referralId: string,
  childId: string,
) {
  return trx
    .selectFrom('referral')
    .innerJoin('referralChild', 'referralChild.referralId', 'referral.id')
    .select(['referral.id', 'referral.reference', 'referral.status', 'referral.decision'])
    .where('referral.partnershipId', '=', partnershipId)
    .where('referral.id', '=', referralId)
    .where('referralChild.childId', '=', childId)
    .executeTakeFirst()
}
