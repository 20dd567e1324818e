/**
 * The allocation clock: a child's case decided for assessment or a strategy discussion is
 * allocated to a worker within a set number of working days of the decision (7 unless the
 * partnership changes it); and the share of contacts decided within 48 hours of receipt.
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import { londonParts } from '../../platform/calendar.js'
import {
  addCalendarDays,
  type IsoDate,
  type WorkingDayCalendar,
} from '../../platform/working-days.js'
import { calendarIn } from './decisions/clock.js'
import { findFrontDoorSettings } from './repo.js'
import type { Decision } from './table.js'

const NEEDS_ALLOCATION: Decision[] = ['assessment', 'strategy-discussion']
const HOURS_48_MS = 48 * 3_600_000

export interface AllocationDueRow {
  referralId: string
  reference: string
  decision: Decision
  decidedOn: IsoDate
  dueOn: IsoDate
  isOverdue: boolean
  teamId: string | null
}

/**
 * Decided referrals still waiting for a worker, with the date allocation is due, soonest first;
 * only those due on or before `until` when it is given, and one team's when `teamId` is.
 */
export async function allocationsDue(
  trx: Trx,
  partnershipId: string,
  // A caller that already holds the partnership's calendar (the work tray) passes it.
  options: { today: IsoDate; until?: IsoDate; teamId?: string; calendar?: WorkingDayCalendar },
): Promise<AllocationDueRow[]> {
  const settings = await findFrontDoorSettings(trx, partnershipId)
  const calendar = options.calendar ?? (await calendarIn(trx))
  let query = waitingForAllocation(trx, partnershipId).select([
    'id',
    'reference',
    'decision',
    'decidedAt',
    'teamId',
  ])
  if (options.teamId) query = query.where('teamId', '=', options.teamId)
  const rows = await query.execute()
  return withDueDates(rows, calendar, settings.allocationWorkingDays, options.today)
    .filter(row => options.until === undefined || row.dueOn <= options.until)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.reference.localeCompare(b.reference))
}

/**
 * The queue page's summary: how many wait for a worker, how many of those are past their date,
 * and the `shown` soonest due. Counted in the database, whatever the backlog: the allocation date
 * never goes back as the decision date goes forward, so "overdue" is "decided on or before" the
 * last decision date whose allocation date is before today.
 */
export async function allocationsWaiting(
  trx: Trx,
  partnershipId: string,
  options: { today: IsoDate; shown: number },
): Promise<{ count: number; overdue: number; soonest: AllocationDueRow[] }> {
  const clock = await allocationClock(trx, partnershipId, options.today)
  const counts = await allocationCountsQuery(trx, partnershipId, clock).executeTakeFirstOrThrow()
  return { ...counts, soonest: await soonestAllocations(trx, partnershipId, clock, options) }
}

/** What dates an allocation: the partnership's working days to allocate and its calendar. */
export interface AllocationClock {
  workingDays: number
  calendar: WorkingDayCalendar
  /** Allocations of decisions made on or before this London date are overdue today. */
  lastOverdueDecidedOn: IsoDate
}

export async function allocationClock(
  trx: Trx,
  partnershipId: string,
  today: IsoDate,
): Promise<AllocationClock> {
  const settings = await findFrontDoorSettings(trx, partnershipId)
  const calendar = await calendarIn(trx)
  const workingDays = settings.allocationWorkingDays
  let lastOverdueDecidedOn = today
  while (calendar.addWorkingDays(lastOverdueDecidedOn, workingDays) >= today) {
    lastOverdueDecidedOn = addCalendarDays(lastOverdueDecidedOn, -1)
  }
  return { workingDays, calendar, lastOverdueDecidedOn }
}

const decidedOnInLondon = sql<IsoDate>`(decided_at at time zone 'Europe/London')::date`

/**
 * How many wait for a worker and how many of those are overdue: a statement of its own, or a
 * part of another (the queue page reads it with its other figures in one).
 */
export function allocationCountsQuery(trx: Trx, partnershipId: string, clock: AllocationClock) {
  return waitingForAllocation(trx, partnershipId).select([
    sql<number>`count(*)::int`.as('count'),
    sql<number>`(count(*) filter (where ${decidedOnInLondon}
      <= ${clock.lastOverdueDecidedOn}::date))::int`.as('overdue'),
  ])
}

/** The `shown` allocations due soonest, with their dates. */
export async function soonestAllocations(
  trx: Trx,
  partnershipId: string,
  clock: AllocationClock,
  options: { today: IsoDate; shown: number },
): Promise<AllocationDueRow[]> {
  const rows = await waitingForAllocation(trx, partnershipId)
    .select(['id', 'reference', 'decision', 'decidedAt', 'teamId'])
    .orderBy(decidedOnInLondon)
    .orderBy('reference')
    .limit(options.shown)
    .execute()
  return withDueDates(rows, clock.calendar, clock.workingDays, options.today)
}

function waitingForAllocation(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('referral')
    .where('partnershipId', '=', partnershipId)
    .where('status', '=', 'decided')
    .where('decision', 'in', NEEDS_ALLOCATION)
    .where('allocatedTo', 'is', null)
    .where('duplicateOfId', 'is', null)
}

interface DecidedRow {
  id: string
  reference: string
  decision: Decision | null
  decidedAt: Date | null
  teamId: string | null
}

function withDueDates(
  rows: DecidedRow[],
  calendar: WorkingDayCalendar,
  workingDays: number,
  today: IsoDate,
): AllocationDueRow[] {
  return rows.flatMap(row => {
    if (!row.decision || !row.decidedAt) return []
    const decidedOn = londonParts(new Date(row.decidedAt)).date
    const dueOn = calendar.addWorkingDays(decidedOn, workingDays)
    return [
      {
        referralId: row.id,
        reference: row.reference,
        decision: row.decision,
        decidedOn,
        dueOn,
        isOverdue: dueOn < today,
        teamId: row.teamId,
      },
    ]
  })
}

/** Contacts decided in [start, end), and how many of them within 48 hours of receipt. */
export async function contactProcessingFigure(
  trx: Trx,
  partnershipId: string,
  window: { start: Date; end: Date },
): Promise<{ decided: number; within48Hours: number }> {
  return contactProcessingQuery(trx, partnershipId, window).executeTakeFirstOrThrow()
}

/** The statement behind `contactProcessingFigure`, which the queue page makes part of its own. */
export function contactProcessingQuery(
  trx: Trx,
  partnershipId: string,
  window: { start: Date; end: Date },
) {
  return trx
    .selectFrom('referral')
    .select([
      sql<number>`count(*)::int`.as('decided'),
      sql<number>`(count(*) filter (where decided_at - received_at
        <= ${`${String(HOURS_48_MS / 1000)} seconds`}::interval))::int`.as('within48Hours'),
    ])
    .where('partnershipId', '=', partnershipId)
    .where('status', '=', 'decided')
    .where('duplicateOfId', 'is', null)
    .where('decidedAt', '>=', window.start)
    .where('decidedAt', '<', window.end)
}
