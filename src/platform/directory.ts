/** The partnership's agencies, as every module's forms and lists need them. */
import type { Db, Trx } from '../db/database.js'
import { scoped } from './acting.js'
import type { Actor } from './http/types.js'

/** Every agency of the partnership, by name, with whether it is still active. */
export function listAgencies(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('agency')
    .select(['id', 'name', 'isActive'])
    .where('partnershipId', '=', partnershipId)
    .orderBy('name')
    .execute()
}

/** The agencies a form may offer: active ones, by name. */
export function listActiveAgencies(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('agency')
    .select(['id', 'name'])
    .where('partnershipId', '=', partnershipId)
    .where('isActive', '=', true)
    .orderBy('name')
    .execute()
}

/** The agencies a form may offer, read in one transaction as the person acting. */
export function listActiveAgenciesAs(db: Db, actor: Actor) {
  return scoped(db, actor, trx => listActiveAgencies(trx, actor.partnershipId))
}

/** One agency of the partnership, active or not; undefined when the id is not one of its own. */
export function findAgency(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('agency')
    .select(['id', 'name', 'isActive'])
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** People holding one of the roles in the partnership who can still sign in, by name. */
export function listPeopleWithRoles(trx: Trx, partnershipId: string, roles: readonly string[]) {
  return trx
    .selectFrom('roleGrant')
    .innerJoin('appUser', 'appUser.id', 'roleGrant.userId')
    .select(['appUser.id', 'appUser.displayName'])
    .distinct()
    .where('roleGrant.partnershipId', '=', partnershipId)
    .where('roleGrant.role', 'in', roles)
    .where('appUser.disabledAt', 'is', null)
    .orderBy('appUser.displayName')
    .execute()
}
