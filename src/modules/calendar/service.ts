/**
 * The business unit's calendar of the year (issue 19 point 10): board and subgroup meetings,
 * agency returns due, self-assessment (Section 11) returns due and annual report contributions
 * due, read through each owning module's queries.ts (ADR 0005).
 */
import { inPartnership, type Db, type Trx } from '../../db/database.js'
import { recordAudit } from '../../platform/audit.js'
import type { IsoDate } from '../../platform/calendar.js'
import { financialYearLabel, financialYearPeriod } from '../../platform/financial-year.js'
import type { Actor } from '../../platform/http/types.js'
import { formatDate } from '../../platform/http/web.js'
import { returnRates } from '../assurance/queries.js'
import { agencyReturnsDue, type AgencyReturnDue } from '../dataset/queries.js'
import { bodiesForReports, meetingsOfBody } from '../governance/queries.js'
import { contributionsDueBetween } from '../reports/queries.js'

export const ENTRY_KINDS = {
  meeting: 'Meeting',
  'agency-returns': 'Agency returns due',
  'self-assessment': 'Self-assessment due',
  'report-contribution': 'Annual report section due',
} as const
export type EntryKind = keyof typeof ENTRY_KINDS

export interface CalendarEntry {
  on: IsoDate
  kind: EntryKind
  title: string
  detail: string
  href: string
}

export interface CalendarMonth {
  /** "April 2026" */
  name: string
  entries: CalendarEntry[]
}

const MEETING_STATUS_WORDS: Record<string, string> = {
  scheduled: 'Scheduled',
  held: 'Held',
  cancelled: 'Cancelled',
}

const CONTRIBUTION_STATUS_WORDS: Record<string, string> = {
  requested: 'Asked for, not yet sent',
  submitted: 'Sent, to be reviewed',
  accepted: 'Accepted',
  returned: 'Sent back for changes',
}

type Period = { from: IsoDate; to: IsoDate }
const within = (day: IsoDate, period: Period) => day >= period.from && day <= period.to

async function meetingEntries(trx: Trx, partnershipId: string, period: Period) {
  const entries: CalendarEntry[] = []
  for (const body of await bodiesForReports(trx, partnershipId))
    for (const meeting of await meetingsOfBody(trx, body.id))
      if (within(meeting.heldOn, period))
        entries.push({
          on: meeting.heldOn,
          kind: 'meeting',
          title: `${meeting.title} (${body.name})`,
          detail: MEETING_STATUS_WORDS[meeting.status] ?? meeting.status,
          href: `/governance/meetings/${meeting.id}`,
        })
  return entries
}

/** One line per due date and quarter: "3 of 5 agencies signed off". */
function returnEntries(returns: AgencyReturnDue[], period: Period): CalendarEntry[] {
  const groups = new Map<string, AgencyReturnDue[]>()
  for (const row of returns.filter(r => within(r.dueOn, period))) {
    const key = `${row.dueOn}|${row.periodStart}|${row.periodEnd}`
    groups.set(key, [...(groups.get(key) ?? []), row])
  }
  return [...groups.values()].map(rows => {
    const first = rows[0] as AgencyReturnDue
    const signed = rows.filter(r => r.signedOff).length
    return {
      on: first.dueOn,
      kind: 'agency-returns' as const,
      title: `Agency returns for ${formatDate(first.periodStart)} to ${formatDate(first.periodEnd)}`,
      detail: `${String(signed)} of ${String(rows.length)} agenc${rows.length === 1 ? 'y' : 'ies'} signed off`,
      href: '/dataset/returns',
    }
  })
}

/** Every entry of the financial year starting 1 April `startYear`, by date. */
export async function calendarEntries(
  trx: Trx,
  partnershipId: string,
  period: Period,
): Promise<CalendarEntry[]> {
  const meetings = await meetingEntries(trx, partnershipId, period)
  const returns = returnEntries(
    await agencyReturnsDue(trx, partnershipId, { agencyIds: null, openOnly: false }),
    period,
  )
  const selfAssessments = (await returnRates(trx, partnershipId))
    .filter(cycle => within(cycle.dueOn, period))
    .map(cycle => ({
      on: cycle.dueOn,
      kind: 'self-assessment' as const,
      title: `${cycle.cycleTitle} (${cycle.templateTitle})`,
      detail: `${String(cycle.submitted)} of ${String(cycle.invited)} organisations submitted`,
      href: `/assurance/cycles/${cycle.cycleId}`,
    }))
  const contributions = (await contributionsDueBetween(trx, partnershipId, period)).map(c => ({
    on: c.dueOn,
    kind: 'report-contribution' as const,
    title: `${c.sectionTitle} (${c.reportTitle})`,
    detail: CONTRIBUTION_STATUS_WORDS[c.status] ?? c.status,
    href: `/reports/${c.reportId}`,
  }))
  return [...meetings, ...returns, ...selfAssessments, ...contributions].sort(
    (a, b) => a.on.localeCompare(b.on) || a.kind.localeCompare(b.kind),
  )
}

const monthName = new Intl.DateTimeFormat('en-GB', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

/** The twelve months April to March, each with its entries (possibly none). */
export function byMonth(startYear: number, entries: CalendarEntry[]): CalendarMonth[] {
  return Array.from({ length: 12 }, (_, index) => {
    const month = new Date(Date.UTC(startYear, 3 + index, 1))
    const key = `${String(month.getUTCFullYear())}-${String(month.getUTCMonth() + 1).padStart(2, '0')}`
    return {
      name: monthName.format(month),
      entries: entries.filter(entry => entry.on.startsWith(key)),
    }
  })
}

/** The year's calendar, read as one audited event (viewed or exported, with the format). */
export async function readCalendar(
  db: Db,
  ctx: { actor: Actor; requestId: string },
  startYear: number,
  read: { action: 'viewed' | 'exported'; format?: string },
): Promise<CalendarEntry[]> {
  const { actor } = ctx
  return inPartnership(db, actor, async trx => {
    const entries = await calendarEntries(trx, actor.partnershipId, financialYearPeriod(startYear))
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: `business-calendar.${read.action}`,
      resourceType: 'business-calendar',
      detail: {
        year: financialYearLabel(startYear),
        entries: entries.length,
        ...(read.format ? { format: read.format } : {}),
      },
      requestId: ctx.requestId,
    })
    return entries
  })
}
