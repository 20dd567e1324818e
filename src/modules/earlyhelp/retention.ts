/**
 * Early help records under the partnership's retention rules (privacy module): episodes closed
 * before the cut-off, with their reviews, on this module's own tables. The rule counts years from
 * the day the episode closed; an open episode is never due.
 */
import type { Trx } from '../../db/database.js'

interface EarlyHelpRetentionTarget {
  label: string
  defaultYears: number
  count(trx: Trx, before: string): Promise<number>
  remove(trx: Trx, before: string): Promise<number>
}

async function closedEpisodeIds(trx: Trx, before: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('earlyHelpEpisode')
    .select('id')
    .where('endDate', 'is not', null)
    .where('endDate', '<', before)
    .execute()
  return rows.map(row => row.id)
}

export const EARLY_HELP_RETENTION: Record<string, EarlyHelpRetentionTarget> = {
  'closed-early-help-episodes': {
    label: 'Early help episodes, counted from the day they closed',
    defaultYears: 6,
    count: async (trx, before) => (await closedEpisodeIds(trx, before)).length,
    async remove(trx, before) {
      const ids = await closedEpisodeIds(trx, before)
      if (!ids.length) return 0
      await trx.deleteFrom('earlyHelpReview').where('episodeId', 'in', ids).execute()
      await trx.deleteFrom('earlyHelpEpisode').where('id', 'in', ids).execute()
      return ids.length
    },
  },
}
