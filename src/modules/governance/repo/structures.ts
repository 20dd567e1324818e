import type { Insertable, Updateable } from 'kysely'
import type { Trx } from '../../../db/database.js'
import type { GovBodyTable, GovMembershipTable, GovStandingItemTable } from '../table.js'

export function listBodies(
  trx: Trx,
  partnershipId: string,
  filter: { kind?: string | undefined; q?: string | undefined } = {},
) {
  let query = trx
    .selectFrom('govBody')
    .leftJoin('govBody as parent', 'parent.id', 'govBody.parentId')
    .selectAll('govBody')
    .select('parent.name as parentName')
    .where('govBody.partnershipId', '=', partnershipId)
    .orderBy('govBody.name')
  if (filter.kind) query = query.where('govBody.kind', '=', filter.kind)
  if (filter.q)
    query = query.where('govBody.name', 'ilike', `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`)
  return query.execute()
}

export function findBody(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govBody')
    .leftJoin('govBody as parent', 'parent.id', 'govBody.parentId')
    .selectAll('govBody')
    .select('parent.name as parentName')
    .where('govBody.partnershipId', '=', partnershipId)
    .where('govBody.id', '=', id)
    .executeTakeFirst()
}

export function findBodyByName(trx: Trx, partnershipId: string, name: string) {
  return trx
    .selectFrom('govBody')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where(eb => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst()
}

export function listMemberships(trx: Trx, bodyId: string) {
  return trx
    .selectFrom('govMembership')
    .leftJoin('agency', 'agency.id', 'govMembership.agencyId')
    .selectAll('govMembership')
    .select('agency.name as agencyName')
    .where('govMembership.bodyId', '=', bodyId)
    .orderBy('govMembership.memberName')
    .orderBy('govMembership.startsOn')
    .execute()
}

export function listPartnershipPeople(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('roleGrant')
    .innerJoin('appUser', 'appUser.id', 'roleGrant.userId')
    .select(['appUser.id', 'appUser.displayName', 'appUser.email'])
    .where('roleGrant.partnershipId', '=', partnershipId)
    .distinct()
    .orderBy('appUser.displayName')
    .execute()
}

export function findMembership(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govMembership')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listStandingItems(trx: Trx, bodyId: string) {
  return trx
    .selectFrom('govStandingItem')
    .selectAll()
    .where('bodyId', '=', bodyId)
    .orderBy('position')
    .execute()
}

export async function insertBody(trx: Trx, values: Insertable<GovBodyTable>): Promise<string> {
  const { id } = await trx
    .insertInto('govBody')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function updateBody(trx: Trx, id: string, values: Updateable<GovBodyTable>) {
  await trx.updateTable('govBody').set(values).where('id', '=', id).execute()
}

export function findBodyName(trx: Trx, id: string) {
  return trx.selectFrom('govBody').select('name').where('id', '=', id).executeTakeFirst()
}

export async function insertMembership(
  trx: Trx,
  values: Insertable<GovMembershipTable>,
): Promise<string> {
  const { id } = await trx
    .insertInto('govMembership')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function setMembershipEnd(trx: Trx, id: string, endsOn: string) {
  await trx.updateTable('govMembership').set({ endsOn }).where('id', '=', id).execute()
}

export async function insertStandingItem(
  trx: Trx,
  values: Insertable<GovStandingItemTable>,
): Promise<string> {
  const { id } = await trx
    .insertInto('govStandingItem')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}
