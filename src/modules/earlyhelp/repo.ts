import { sql } from 'kysely'
import type { Insertable, Updateable } from 'kysely'
import type { Trx } from '../../db/database.js'
import type { EarlyHelpEpisodeTable, EarlyHelpReviewTable } from './table.js'
export { listActiveAgencies } from '../../platform/directory.js'

export type EpisodeFilter = 'open' | 'closed' | 'all'

/** Which episodes a list shows: by state, and by lead agency (null: every agency). */
export interface EpisodeSelection {
  show: EpisodeFilter
  agencyIds: readonly string[] | null
}

/** Keeps `in (...)` valid for a person with no agency: no episode has this lead agency. */
const NO_AGENCY = '00000000-0000-0000-0000-000000000000'

const CHILD_NAME = sql<string>`trim(coalesce(child.given_name, '') || ' ' || coalesce(child.family_name, ''))`

/** The register: episodes with the child's name and the lead agency, newest first. */
export function listEpisodes(trx: Trx, partnershipId: string, selection: EpisodeSelection) {
  const { show: filter, agencyIds } = selection
  let query = trx
    .selectFrom('earlyHelpEpisode as e')
    .innerJoin('child', 'child.id', 'e.childId')
    .leftJoin('agency', 'agency.id', 'e.leadAgencyId')
    .select([
      'e.id',
      'e.childId',
      'child.laChildId',
      CHILD_NAME.as('childName'),
      sql<string>`e.start_date::text`.as('startDate'),
      sql<string | null>`e.end_date::text`.as('endDate'),
      'e.endReason',
      'e.leadProfessional',
      'agency.name as leadAgencyName',
      sql<string | null>`(select max(r.next_review_on)::text from early_help_review r
        where r.episode_id = e.id)`.as('nextReviewOn'),
    ])
    .where('e.partnershipId', '=', partnershipId)
  if (filter === 'open') query = query.where('e.endDate', 'is', null)
  if (filter === 'closed') query = query.where('e.endDate', 'is not', null)
  if (agencyIds) query = query.where('e.leadAgencyId', 'in', [...agencyIds, NO_AGENCY])
  return query.orderBy('e.startDate', 'desc').orderBy('e.createdAt', 'desc').limit(2000).execute()
}

export async function findEpisode(trx: Trx, partnershipId: string, id: string, lock = false) {
  // Locked on its own: a row lock cannot reach the optional side of the joins below.
  if (lock) {
    await trx
      .selectFrom('earlyHelpEpisode')
      .select('id')
      .where('partnershipId', '=', partnershipId)
      .where('id', '=', id)
      .forUpdate()
      .execute()
  }
  const query = trx
    .selectFrom('earlyHelpEpisode as e')
    .innerJoin('child', 'child.id', 'e.childId')
    .leftJoin('agency', 'agency.id', 'e.leadAgencyId')
    .leftJoin('referral', 'referral.id', 'e.referralId')
    .selectAll('e')
    .select([
      sql<string>`e.start_date::text`.as('startOn'),
      sql<string | null>`e.end_date::text`.as('endOn'),
      sql<string | null>`e.family_plan_agreed_on::text`.as('familyPlanAgreedOnText'),
      'child.laChildId',
      CHILD_NAME.as('childName'),
      'agency.name as leadAgencyName',
      'referral.reference as referralReference',
    ])
    .where('e.partnershipId', '=', partnershipId)
    .where('e.id', '=', id)
  return query.executeTakeFirst()
}

/**
 * The child's open early help episode, if any; with `lock`, its row is held until the
 * transaction ends (for a command that opens or ends an episode).
 */
export function findOpenEpisodeOfChild(
  trx: Trx,
  partnershipId: string,
  childId: string,
  { lock = false }: { lock?: boolean } = {},
) {
  const query = trx
    .selectFrom('earlyHelpEpisode')
    .select(['id', sql<string>`start_date::text`.as('startDate')])
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', childId)
    .where('endDate', 'is', null)
  return (lock ? query.forUpdate() : query).executeTakeFirst()
}

export function insertEpisode(trx: Trx, values: Insertable<EarlyHelpEpisodeTable>) {
  return trx.insertInto('earlyHelpEpisode').values(values).returning('id').executeTakeFirstOrThrow()
}

export function updateEpisode(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: Updateable<EarlyHelpEpisodeTable>,
) {
  return trx
    .updateTable('earlyHelpEpisode')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

export function listReviews(trx: Trx, partnershipId: string, episodeId: string) {
  return trx
    .selectFrom('earlyHelpReview as r')
    .leftJoin('appUser as u', 'u.id', 'r.recordedBy')
    .select([
      'r.id',
      sql<string>`r.held_on::text`.as('heldOn'),
      sql<string | null>`r.next_review_on::text`.as('nextReviewOn'),
      'r.notes',
      'u.displayName as recordedByName',
    ])
    .where('r.partnershipId', '=', partnershipId)
    .where('r.episodeId', '=', episodeId)
    .orderBy('r.heldOn')
    .execute()
}

export function insertReview(trx: Trx, values: Insertable<EarlyHelpReviewTable>) {
  return trx.insertInto('earlyHelpReview').values(values).returning('id').executeTakeFirstOrThrow()
}
