/**
 * What the modules' dataset counts (`<module>/figures.ts`, offered through their queries.ts)
 * share: the reporting period they are asked about and the SQL of a count.
 */
import { sql } from 'kysely'
import type { IsoDate } from './working-days.js'

/** A reporting period: calendar dates, and London midnights for timestamps (`end` exclusive). */
export interface PeriodBounds {
  partnershipId: string
  from: IsoDate
  to: IsoDate
  /** London midnight at the start of `from`. */
  start: Date
  /** London midnight at the end of `to` (exclusive). */
  end: Date
}

/** `count(*)` as a number. */
export const count = sql<number>`count(*)::int`

/** The rows of the group that meet `condition`, as a number. */
export const countWhere = (condition: ReturnType<typeof sql>) =>
  sql<number>`(count(*) filter (where ${condition}))::int`
