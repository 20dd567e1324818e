/** Statutory visits to children on a child protection plan (SSD ssd_cp_visits). */
import { sql } from 'kysely'
import type { Insertable } from 'kysely'
import type { Trx } from '../../../db/database.js'
import { withChildren } from '../../children/queries.js'
import type { CpVisitTable } from '../table.js'

export function listVisitsOfPlan(trx: Trx, partnershipId: string, planId: string) {
  return trx
    .selectFrom('cpVisit as v')
    .leftJoin('appUser as u', 'u.id', 'v.recordedBy')
    .select([
      'v.id',
      sql<string>`v.visited_on::text`.as('visitedOn'),
      'v.childSeen',
      'v.seenAlone',
      'v.notes',
      'u.displayName as recordedByName',
    ])
    .where('v.partnershipId', '=', partnershipId)
    .where('v.planId', '=', planId)
    .orderBy('v.visitedOn', 'desc')
    .execute()
}

export function insertVisit(trx: Trx, values: Insertable<CpVisitTable>) {
  return trx.insertInto('cpVisit').values(values).returning('id').executeTakeFirstOrThrow()
}

/**
 * Every open plan with the date the child was last seen on a visit (or null), its start date,
 * lead worker and child: what the visits clock is counted from.
 */
export async function listOpenPlansWithLastVisit(
  trx: Trx,
  partnershipId: string,
  options: { leadWorkerId?: string } = {},
) {
  let query = trx
    .selectFrom('childProtectionPlan as p')
    .innerJoin('cinEpisode as e', 'e.id', 'p.episodeId')
    .select([
      'p.id as planId',
      'e.childId',
      'p.leadWorkerId',
      'p.teamId',
      sql<string>`p.start_date::text`.as('startDate'),
      sql<string | null>`(select max(v.visited_on)::text from cp_visit v
        where v.plan_id = p.id and v.child_seen)`.as('lastSeenOn'),
    ])
    .where('p.partnershipId', '=', partnershipId)
    .where('p.endDate', 'is', null)
  if (options.leadWorkerId) query = query.where('p.leadWorkerId', '=', options.leadWorkerId)
  return withChildren(trx, await query.orderBy('p.startDate').execute(), [
    'laChildId',
    'givenName',
    'familyName',
  ])
}

/** Working days between statutory visits: the partnership's setting, 10 unless changed. */
export async function findVisitWorkingDays(trx: Trx, partnershipId: string): Promise<number> {
  const row = await trx
    .selectFrom('protectionSetting')
    .select('visitWorkingDays')
    .where('partnershipId', '=', partnershipId)
    .executeTakeFirst()
  return row?.visitWorkingDays ?? 10
}
