import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
export { listAgencies } from '../../platform/directory.js'

/**
 * The work tray's queries: teams, people and reminders. What trays are made of, the referrals it
 * allocates and the invitations it lists come from the front door's and protection's `queries.ts`
 * and `service.ts`.
 */

// ---- Teams ---------------------------------------------------------------------------------

export function listTeams(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('team')
    .leftJoin('agency', 'agency.id', 'team.agencyId')
    .select([
      'team.id',
      'team.name',
      'team.isActive',
      'team.agencyId',
      'agency.name as agencyName',
      sql<number>`(select count(*) from team_member m where m.team_id = team.id)::int`.as(
        'memberCount',
      ),
    ])
    .where('team.partnershipId', '=', partnershipId)
    .orderBy('team.isActive', 'desc')
    .orderBy('team.name')
    .execute()
}

/** The active teams, by name. */
export function listActiveTeams(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('team')
    .select(['id', 'name'])
    .where('partnershipId', '=', partnershipId)
    .where('isActive', '=', true)
    .orderBy('name')
    .execute()
}

export function findTeam(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('team')
    .leftJoin('agency', 'agency.id', 'team.agencyId')
    .select(['team.id', 'team.name', 'team.isActive', 'team.agencyId', 'agency.name as agencyName'])
    .where('team.partnershipId', '=', partnershipId)
    .where('team.id', '=', id)
    .executeTakeFirst()
}

export function findTeamByName(trx: Trx, partnershipId: string, name: string) {
  return trx
    .selectFrom('team')
    .select('id')
    .where('partnershipId', '=', partnershipId)
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst()
}

export function insertTeam(
  trx: Trx,
  values: { partnershipId: string; name: string; agencyId: string | null },
) {
  return trx.insertInto('team').values(values).returning('id').executeTakeFirstOrThrow()
}

export function setTeamActive(trx: Trx, partnershipId: string, id: string, isActive: boolean) {
  return trx
    .updateTable('team')
    .set({ isActive })
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

export function listTeamMembers(trx: Trx, partnershipId: string, teamId: string) {
  return trx
    .selectFrom('teamMember')
    .innerJoin('appUser', 'appUser.id', 'teamMember.userId')
    .select(['appUser.id', 'appUser.displayName', 'appUser.email', 'appUser.disabledAt'])
    .where('teamMember.partnershipId', '=', partnershipId)
    .where('teamMember.teamId', '=', teamId)
    .orderBy('appUser.displayName')
    .execute()
}

export function insertTeamMember(
  trx: Trx,
  values: { partnershipId: string; teamId: string; userId: string },
) {
  return trx
    .insertInto('teamMember')
    .values(values)
    .onConflict(conflict => conflict.columns(['teamId', 'userId']).doNothing())
    .returning('userId')
    .executeTakeFirst()
}

export function deleteTeamMember(trx: Trx, partnershipId: string, teamId: string, userId: string) {
  return trx
    .deleteFrom('teamMember')
    .where('partnershipId', '=', partnershipId)
    .where('teamId', '=', teamId)
    .where('userId', '=', userId)
    .returning('userId')
    .executeTakeFirst()
}

export function listTeamMemberIds(trx: Trx, partnershipId: string, teamId: string) {
  return trx
    .selectFrom('teamMember')
    .select('userId')
    .where('partnershipId', '=', partnershipId)
    .where('teamId', '=', teamId)
    .execute()
    .then(rows => rows.map(row => row.userId))
}

/** The names of each person's active teams, for lists that group workers by team. */
export async function listTeamNamesByUser(trx: Trx, partnershipId: string) {
  const rows = await trx
    .selectFrom('teamMember')
    .innerJoin('team', 'team.id', 'teamMember.teamId')
    .select(['teamMember.userId', 'team.name'])
    .where('teamMember.partnershipId', '=', partnershipId)
    .where('team.isActive', '=', true)
    .orderBy('team.name')
    .execute()
  const byUser = new Map<string, string[]>()
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.name])
  return byUser
}

/** The worker's active teams, by name. */
export function listTeamIdsOfUser(trx: Trx, partnershipId: string, userId: string) {
  return trx
    .selectFrom('teamMember')
    .innerJoin('team', 'team.id', 'teamMember.teamId')
    .select('team.id')
    .where('teamMember.partnershipId', '=', partnershipId)
    .where('teamMember.userId', '=', userId)
    .where('team.isActive', '=', true)
    .orderBy('team.name')
    .execute()
    .then(rows => rows.map(row => row.id))
}

// ---- People and agencies of the partnership ------------------------------------------------

/** People who hold a role in the partnership and whose account is not disabled, with their roles. */
export async function listActivePeople(trx: Trx, partnershipId: string) {
  const rows = await trx
    .selectFrom('roleGrant')
    .innerJoin('appUser', 'appUser.id', 'roleGrant.userId')
    .select([
      'appUser.id',
      'appUser.displayName',
      'appUser.email',
      'roleGrant.role',
      'roleGrant.agencyId',
    ])
    .where('roleGrant.partnershipId', '=', partnershipId)
    .where('appUser.disabledAt', 'is', null)
    .orderBy('appUser.displayName')
    .execute()
  const people = new Map<
    string,
    { id: string; displayName: string; email: string; roles: string[]; agencyIds: string[] }
  >()
  for (const row of rows) {
    const person = people.get(row.id) ?? {
      id: row.id,
      displayName: row.displayName,
      email: row.email,
      roles: [],
      agencyIds: [],
    }
    person.roles.push(row.role)
    if (row.agencyId && !person.agencyIds.includes(row.agencyId))
      person.agencyIds.push(row.agencyId)
    people.set(row.id, person)
  }
  return [...people.values()]
}

// ---- Reminders -------------------------------------------------------------------------------

/** Records a reminder; returns false when this one was already sent (so it is not sent again). */
export async function insertReminderSent(
  trx: Trx,
  values: {
    partnershipId: string
    itemKey: string
    reminderKind: 'due-soon' | 'overdue'
    recipientId: string
    dueOn: string
  },
): Promise<boolean> {
  const row = await trx
    .insertInto('reminderSent')
    .values(values)
    .onConflict(conflict =>
      conflict.columns(['partnershipId', 'itemKey', 'reminderKind', 'recipientId']).doNothing(),
    )
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}
