/**
 * The front door queue's figures: its counts, what waits for a worker, and the 48-hour figure.
 *
 * Counting them is most of a queue page's work (issue 17), and every signed-in practitioner asks
 * for the same few. So each instance keeps them for a few seconds, keyed by the partnership's
 * front door change number (`keepsafe_front_door_version()`, raised by triggers on every write to
 * referrals, checks and settings, whichever instance made it): a change shows at once, and the
 * page says when the figures were counted, as only the passing of time (a decision falling
 * overdue) can age them.
 */
import { sql } from 'kysely'
import { LRUCache } from 'lru-cache'
import type { Trx } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import {
  allocationClock,
  allocationCountsQuery,
  contactProcessingQuery,
  soonestAllocations,
} from '../allocation.js'
import { queueCountsQuery, type QueueFilters } from '../repo.js'

/** How long figures are kept while nothing changes: the most a decision falling overdue waits. */
export const QUEUE_FIGURES_SECONDS = 10
/** The allocations due soonest, listed on the queue page (the work tray has every one). */
const ALLOCATIONS_SHOWN = 20

export type QueueFigures = Awaited<ReturnType<typeof countQueueFigures>> & {
  /** When they were counted. */
  countedAt: Date
}

/** One instance's kept figures; `read` counts afresh when the front door has changed. */
export function queueFiguresCache() {
  const kept = new LRUCache<string, QueueFigures>({
    max: 1000,
    ttl: QUEUE_FIGURES_SECONDS * 1000,
  })
  return {
    async read(trx: Trx, partnershipId: string, filters: QueueFilters): Promise<QueueFigures> {
      const version = await frontDoorVersion(trx)
      const key = `${partnershipId} ${version} ${JSON.stringify(filters)}`
      const known = kept.get(key)
      if (known) return known
      const countedAt = new Date()
      const figures = { ...(await countQueueFigures(trx, partnershipId, filters)), countedAt }
      kept.set(key, figures)
      return figures
    },
  }
}

async function frontDoorVersion(trx: Trx): Promise<string> {
  const { rows } = await sql<{
    version: string
  }>`select keepsafe_front_door_version()::text as version`.execute(trx)
  return rows[0]?.version ?? '0'
}

/**
 * The figures themselves: three sums over the partnership's referrals read in one statement, and
 * the allocations due soonest.
 */
async function countQueueFigures(trx: Trx, partnershipId: string, filters: QueueFilters) {
  const today = londonToday()
  const clock = await allocationClock(trx, partnershipId, today)
  const figures = await trx
    .selectFrom(queueCountsQuery(trx, partnershipId, filters).as('queue'))
    .innerJoin(allocationCountsQuery(trx, partnershipId, clock).as('waiting'), join =>
      join.onTrue(),
    )
    .innerJoin(
      contactProcessingQuery(trx, partnershipId, lastThirtyDays()).as('processing'),
      join => join.onTrue(),
    )
    .selectAll('queue')
    .select([
      'waiting.count as waitingCount',
      'waiting.overdue as waitingOverdue',
      'processing.decided',
      'processing.within48Hours',
    ])
    .executeTakeFirstOrThrow()
  const { waitingCount, waitingOverdue, decided, within48Hours, ...counts } = figures
  const soonest = await soonestAllocations(trx, partnershipId, clock, {
    today,
    shown: ALLOCATIONS_SHOWN,
  })
  return {
    counts,
    allocations: { count: waitingCount, overdue: waitingOverdue, soonest },
    processing: { decided, within48Hours },
  }
}

/** The 30 days up to now: the window of the queue's 48-hour contact processing figure. */
function lastThirtyDays() {
  const end = new Date()
  return { start: new Date(end.getTime() - 30 * 24 * 3_600_000), end }
}
