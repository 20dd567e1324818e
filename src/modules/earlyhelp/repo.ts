import { sql } from 'kysely'
import type { Insertable, Updateable } from 'kysely'
import type { Trx } from '../../db/database.js'
import { childDisplayName, withChildren } from '../children/queries.js'
import { referralReference as referralReferenceOf } from '../frontdoor/queries.js'
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

/** The child's name as the register shows it: the known parts, blank when neither is known. */
function childName(child: { givenName: string | null; familyName: string | null }): string {
  return (childDisplayName(child) ?? '').replace(/^ +| +$/g, '')
}

/**
 * The rows, in their order, each with its child's LA child ID and name (read through the children
 * module's `queries.ts`); a row whose child is not found is left out.
 */
async function withChildNames<R extends { childId: string }>(trx: Trx, rows: R[]) {
  const joined = await withChildren(trx, rows, ['laChildId', 'givenName', 'familyName'])
  return joined.map(({ givenName, familyName, ...row }) => ({
    ...row,
    childName: childName({ givenName, familyName }),
  }))
}

/** The register: episodes with the child's name and the lead agency, newest first. */
export async function listEpisodes(trx: Trx, partnershipId: string, selection: EpisodeSelection) {
  const { show: filter, agencyIds } = selection
  let query = trx
    .selectFrom('earlyHelpEpisode as e')
    .leftJoin('agency', 'agency.id', 'e.leadAgencyId')
    .select([
      'e.id',
      'e.childId',
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
  const rows = await query
    .orderBy('e.startDate', 'desc')
    .orderBy('e.createdAt', 'desc')
    .limit(2000)
    .execute()
  return withChildNames(trx, rows)
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
  const row = await trx
    .selectFrom('earlyHelpEpisode as e')
    .leftJoin('agency', 'agency.id', 'e.leadAgencyId')
    .selectAll('e')
    .select([
      sql<string>`e.start_date::text`.as('startOn'),
      sql<string | null>`e.end_date::text`.as('endOn'),
      sql<string | null>`e.family_plan_agreed_on::text`.as('familyPlanAgreedOnText'),
      'agency.name as leadAgencyName',
    ])
    .where('e.partnershipId', '=', partnershipId)
    .where('e.id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  const [episode] = await withChildNames(trx, [row])
  if (!episode) return undefined
  const referralReference = row.referralId
    ? await referralReferenceOf(trx, partnershipId, row.referralId)
    : null
  return { ...episode, referralReference }
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
