/**
 * Demo child death reviews: six years of notifications and completed reviews in the shape of a
 * mid-sized area's annual reports, and this year's notifications still awaiting review.
 */
import { sql } from 'kysely'
import { inPartnership } from '../../db/database.js'
import type { DemoContributor } from '../../demo/generate.js'
import { londonToday } from '../../platform/calendar.js'
import {
  cdopHistoryRows,
  insertCdopHistory,
  type CdopHistory,
  type ReviewYear,
} from './generate.js'

const TYPICAL_YEAR: ReviewYear = {
  categories: [
    [8, 12],
    [3, 5],
    [7, 4],
    [5, 2],
    [10, 2],
    [6, 2],
    [9, 1],
  ],
  factors: { identified: 8, noneIdentified: 19, inadequateInformation: 1 },
}

export function demoHistory(currentStartYear: number): CdopHistory {
  const history: CdopHistory = { notifiedByYear: {}, reviewsByYear: {} }
  for (let year = currentStartYear - 6; year < currentStartYear; year++) {
    history.notifiedByYear[year] = 30
    history.reviewsByYear[year] = TYPICAL_YEAR
  }
  history.notifiedByYear[currentStartYear] = 8
  return history
}

export const cdopDemoContributor: DemoContributor = {
  name: 'cdop',
  async contribute({ database, partnerships, random }): Promise<Record<string, number>> {
    const [northbridge] = partnerships
    if (!northbridge) return {}
    const existing = await sql<{ count: string }>`
      select count(*) as count from cdop_notification where partnership_id = ${northbridge.id}`.execute(
      database.owner,
    )
    if (Number(existing.rows[0]?.count ?? 0) > 0) return { notifications: 0 }
    const today = londonToday()
    const currentStartYear = Number(today.slice(0, 4)) - (today.slice(5) < '04-01' ? 1 : 0)
    // Only notifications up to today: this year's are spread over the months gone so far.
    const rows = cdopHistoryRows(northbridge.id, demoHistory(currentStartYear), random).filter(
      row => row.notifiedOn <= today,
    )
    const notifications = await inPartnership(database.db, { partnershipId: northbridge.id }, trx =>
      insertCdopHistory(trx, rows),
    )
    return { notifications }
  },
}
