/**
 * The front door queue's figures (its counts, what waits for a worker, the 48-hour figure) and
 * its pages of contacts.
 *
 * Counting the figures and reading a page are all of a queue page's work (issue 17), and every
 * signed-in practitioner asks for the same few. So each instance keeps them for a few seconds,
 * keyed by the partnership's front door change number (`keepsafe_front_door_version()`, raised by
 * triggers on every write to referrals, their children, checks and settings, whichever instance
 * made it): a change shows at once, and the page says when the figures were counted, as only the
 * passing of time (a decision falling overdue) and a worker's new display name can age them.
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
import { listQueuePage, queueCountsQuery, type QueueFilters, type QueueOrder } from '../repo.js'

/** How long figures are kept while nothing changes: the most a decision falling overdue waits. */
export const QUEUE_FIGURES_SECONDS = 10
/** The allocations due soonest, listed on the queue page (the work tray has every one). */
const ALLOCATIONS_SHOWN = 20

export type QueueFigures = Awaited<ReturnType<typeof countQueueFigures>> & {
  /** When they were counted. */
  countedAt: Date
}

/** Which page of the filtered queue, in which order. */
export interface QueuePageOptions {
  order: QueueOrder
  limit: number
  offset: number
}

export type QueueRow = Awaited<ReturnType<typeof listQueuePage>>[number]

/**
 * One instance's kept figures and pages; both are read afresh when the front door has changed.
 * `read` gives the figures, `readWithPage` the figures and one page of contacts, with `countedAt`
 * the earlier of the two times they were read.
 */
export function queueFiguresCache() {
  const ttl = QUEUE_FIGURES_SECONDS * 1000
  const figuresKept = new LRUCache<string, QueueFigures>({ max: 1000, ttl })
  // A page is 50 contacts of about a kilobyte each: 200 pages is about 10 MB.
  const pagesKept = new LRUCache<string, { rows: QueueRow[]; readAt: Date }>({ max: 200, ttl })

  async function figuresAt(key: string, trx: Trx, partnershipId: string, filters: QueueFilters) {
    const known = figuresKept.get(key)
    if (known) return known
    const countedAt = new Date()
    const figures = { ...(await countQueueFigures(trx, partnershipId, filters)), countedAt }
    figuresKept.set(key, figures)
    return figures
  }

  return {
    async read(trx: Trx, partnershipId: string, filters: QueueFilters): Promise<QueueFigures> {
      const key = await changeKey(trx, partnershipId, filters)
      return figuresAt(key, trx, partnershipId, filters)
    },

    async readWithPage(
      trx: Trx,
      partnershipId: string,
      filters: QueueFilters,
      page: QueuePageOptions,
    ): Promise<QueueFigures & { rows: QueueRow[] }> {
      const key = await changeKey(trx, partnershipId, filters)
      const figures = await figuresAt(key, trx, partnershipId, filters)
      const pageKey = `${key} ${JSON.stringify([page.order.sort, page.order.order, page.limit, page.offset])}`
      let kept = pagesKept.get(pageKey)
      if (!kept) {
        const readAt = new Date()
        kept = { rows: await listQueuePage(trx, partnershipId, { filters, ...page }), readAt }
        pagesKept.set(pageKey, kept)
      }
      const countedAt = kept.readAt < figures.countedAt ? kept.readAt : figures.countedAt
      return { ...figures, rows: kept.rows, countedAt }
    },
  }
}

/** The partnership, its front door's change number and the filters: what the kept rows depend on. */
async function changeKey(trx: Trx, partnershipId: string, filters: QueueFilters): Promise<string> {
  return `${partnershipId} ${await frontDoorVersion(trx)} ${JSON.stringify(filters)}`
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
