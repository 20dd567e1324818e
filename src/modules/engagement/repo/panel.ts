import type { Trx } from '../../../db/database.js'

export async function isCoordinator(trx: Trx, userId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('engPanelCoordinator')
    .select('id')
    .where('userId', '=', userId)
    .executeTakeFirst()
  return row !== undefined
}

export function listCoordinators(trx: Trx) {
  return trx
    .selectFrom('engPanelCoordinator')
    .innerJoin('appUser', 'appUser.id', 'engPanelCoordinator.userId')
    .select(['engPanelCoordinator.userId', 'appUser.displayName'])
    .orderBy('appUser.displayName')
    .execute()
}

export function listMembers(trx: Trx) {
  return trx
    .selectFrom('engPanelMember')
    .selectAll()
    .where('leftOn', 'is', null)
    .orderBy('firstName')
    .execute()
}

export function listContributions(trx: Trx, from?: string, to?: string) {
  let query = trx.selectFrom('engPanelContribution').selectAll().orderBy('contributedOn', 'desc')
  if (from) query = query.where('contributedOn', '>=', from)
  if (to) query = query.where('contributedOn', '<=', to)
  return query.execute()
}

/** People of the partnership who could coordinate the panel: the business unit's officers. */
export function listOfficers(trx: Trx) {
  return trx
    .selectFrom('roleGrant')
    .innerJoin('appUser', 'appUser.id', 'roleGrant.userId')
    .select(['appUser.id', 'appUser.displayName'])
    .where('roleGrant.role', '=', 'business-officer')
    .distinct()
    .orderBy('appUser.displayName')
    .execute()
}
