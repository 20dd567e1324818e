import type { WorkingDayCalendar } from '../../platform/working-days.js'
/**
 * The allocation clock: a child's case decided for assessment or a strategy discussion is
 * allocated to a worker within a set number of working days of the decision (7 unless the
 * partnership changes it); and the share of contacts decided within 48 hours of receipt.
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import { londonParts } from '../../platform/calendar.js'
import type { IsoDate } from '../../platform/working-days.js'
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
  let query = trx
    .selectFrom('referral')
    .select(['id', 'reference', 'decision', 'decidedAt', 'teamId'])
    .where('partnershipId', '=', partnershipId)
    .where('status', '=', 'decided')
    .where('decision', 'in', NEEDS_ALLOCATION)
    .where('allocatedTo', 'is', null)
    .where('duplicateOfId', 'is', null)
  if (options.teamId) query = query.where('teamId', '=', options.teamId)
  const rows = await query.execute()
  return rows
    .flatMap(row => {
      if (!row.decision || !row.decidedAt) return []
      const decidedOn = londonParts(new Date(row.decidedAt)).date
      const dueOn = calendar.addWorkingDays(decidedOn, settings.allocationWorkingDays)
      return [
        {
          referralId: row.id,
          reference: row.reference,
          decision: row.decision,
          decidedOn,
          dueOn,
          isOverdue: dueOn < options.today,
          teamId: row.teamId,
        },
      ]
    })
    .filter(row => options.until === undefined || row.dueOn <= options.until)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.reference.localeCompare(b.reference))
}

/** Contacts decided in [start, end), and how many of them within 48 hours of receipt. */
export async function contactProcessingFigure(
  trx: Trx,
  partnershipId: string,
  window: { start: Date; end: Date },
): Promise<{ decided: number; within48Hours: number }> {
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
    .executeTakeFirstOrThrow()
}
