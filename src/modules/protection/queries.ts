/**
 * What child protection offers other modules (ADR 0005): its timescales, which the work tray uses
 * to say when a core group or review is due, and read models of its records for the reporting
 * modules.
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import type { IsoDate } from '../../platform/working-days.js'

export * from './timescales.js'

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

// Counts for the multi-agency dataset (issue 9).
export * from './figures.js'

// Statutory visits due (issue 10), for the work tray.
export { visitsDue, type VisitDueRow } from './service/visits.js'
// What the work tray reads of the child's journey.
export * from './tray.js'
// Steps up and down, for the dataset to count (issue 10).
export * from './steps.js'
// Invitations as the invited agencies see them, for the work tray's invitation pages.
export { findAgencyInvitation, listAgencyInvitations } from './repo/agency-invitations.js'
