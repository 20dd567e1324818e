/**
 * Read models of the protection records offered to the reporting modules (ADR 0005).
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import type { IsoDate } from '../../platform/working-days.js'

export interface StrategyDiscussionDateRow {
  episodeId: string
  heldOn: IsoDate
}

/** The dates of the strategy discussions held for these CIN episodes. */
export async function strategyDiscussionDates(
  trx: Trx,
  episodeIds: string[],
): Promise<StrategyDiscussionDateRow[]> {
  if (episodeIds.length === 0) return []
  const rows = await trx
    .selectFrom('strategyDiscussion')
    .select(['episodeId', sql<IsoDate>`held_on::text`.as('heldOn')])
    .where('episodeId', 'in', episodeIds)
    .execute()
  return rows.flatMap(row =>
    row.episodeId ? [{ episodeId: row.episodeId, heldOn: row.heldOn }] : [],
  )
}
