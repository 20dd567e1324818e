/**
 * What the early help register offers other modules (ADR 0005): the episodes and step-ups the
 * dataset counts, and whether a child has open early help.
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import { findOpenEpisodeOfChild } from './repo.js'
import type { EarlyHelpEndReason } from './table.js'

export interface EarlyHelpEpisodeRow {
  id: string
  childId: string
  startDate: string
  endDate: string | null
  endReason: EarlyHelpEndReason | null
  leadAgencyId: string | null
}

/** Episodes open at any time between `from` and `to` (ISO dates, inclusive). */
export function earlyHelpEpisodesIn(
  trx: Trx,
  partnershipId: string,
  window: { from: string; to: string },
): Promise<EarlyHelpEpisodeRow[]> {
  return trx
    .selectFrom('earlyHelpEpisode')
    .select([
      'id',
      'childId',
      sql<string>`start_date::text`.as('startDate'),
      sql<string | null>`end_date::text`.as('endDate'),
      'endReason',
      'leadAgencyId',
    ])
    .where('partnershipId', '=', partnershipId)
    .where('startDate', '<=', window.to)
    .where(eb => eb.or([eb('endDate', 'is', null), eb('endDate', '>=', window.from)]))
    .orderBy('startDate')
    .execute()
}

/** Episodes started, and ended by stepping up to children's social care, in the window. */
export async function earlyHelpFlows(
  trx: Trx,
  partnershipId: string,
  window: { from: string; to: string },
): Promise<{ started: number; steppedUp: number }> {
  const row = await trx
    .selectFrom('earlyHelpEpisode')
    .select([
      sql<number>`(count(*) filter (where start_date between ${window.from} and ${window.to}))::int`.as(
        'started',
      ),
      sql<number>`(count(*) filter (where end_reason = 'stepped-up'
        and end_date between ${window.from} and ${window.to}))::int`.as('steppedUp'),
    ])
    .where('partnershipId', '=', partnershipId)
    .executeTakeFirstOrThrow()
  return row
}

/** The child's open early help episode, if any. */
export const openEarlyHelpOfChild = (trx: Trx, partnershipId: string, childId: string) =>
  findOpenEpisodeOfChild(trx, partnershipId, childId)
