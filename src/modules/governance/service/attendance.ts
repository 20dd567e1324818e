import type { Db, Trx } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import type { Actor } from '../../../platform/http/types.js'
import * as repo from '../repo.js'
import { type AttendanceStatus, MEMBER_ROLES } from '../schema.js'
import { type Ctx, audit, formatDay, scoped, command, invalid } from './shared.js'
import { membersOn } from './structures.js'

// Attendance at meetings, and the attendance figures of a body over a period

export interface AttendanceEntry {
  membershipId: string
  status: AttendanceStatus
  deputyName: string | null
}

export type AttendanceOutcome =
  { kind: 'saved' } | { kind: 'not-found' } | { kind: 'invalid'; field: string; message: string }

export function recordAttendance(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  entries: AttendanceEntry[],
): Promise<AttendanceOutcome> {
  return command(db, ctx.actor, async trx => {
    const meeting = await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)
    if (!meeting) return { kind: 'not-found' }
    const memberships = await repo.listMemberships(trx, meeting.bodyId)
    const eligible = new Set(membersOn(memberships, meeting.heldOn).map(m => m.id))
    for (const entry of entries) {
      if (!eligible.has(entry.membershipId)) {
        const who = memberships.find(m => m.id === entry.membershipId)?.memberName ?? 'This person'
        return invalid(
          `status-${entry.membershipId}`,
          `${who} was not a member of ${meeting.bodyName} on ${formatDay(meeting.heldOn)}`,
        )
      }
    }
    await writeAttendance(trx, ctx, meeting.id, entries)
    await audit(trx, ctx, {
      action: 'governance.attendance.recorded',
      resourceType: 'gov-meeting',
      resourceId: meeting.id,
      fields: Object.fromEntries(entries.map(e => [e.membershipId, e.status])),
    })
    return { kind: 'saved' }
  })
}

export async function writeAttendance(
  trx: Trx,
  ctx: Ctx,
  meetingId: string,
  entries: AttendanceEntry[],
): Promise<void> {
  await repo.replaceAttendance(
    trx,
    meetingId,
    entries.map(e => ({
      partnershipId: ctx.actor.partnershipId,
      meetingId,
      membershipId: e.membershipId,
      status: e.status,
      deputyName: e.status === 'apologies-deputy' ? e.deputyName : null,
    })),
  )
}

export interface FigureInput {
  meetings: { id: string; heldOn: string; status: string }[]
  memberships: {
    id: string
    memberName: string
    role: string
    agencyId: string | null
    agencyName: string | null
    startsOn: string
    endsOn: string | null
  }[]
  attendance: { meetingId: string; membershipId: string; status: string }[]
  target: number
  from?: string | null
  to?: string | null
  /** The London day the figures are for (today unless given): later meetings have not happened. */
  today?: string
}

export interface Figure {
  name: string
  role: string
  eligible: number
  attended: number
  percent: number | null
  belowTarget: boolean
}

const REPRESENTED = new Set(['present', 'apologies-deputy'])

/**
 * The meetings that count towards attendance: those that have happened inside the period. A meeting
 * has happened when it is on or before today and marked held, or has attendance recorded although
 * still marked scheduled; cancelled and future meetings never count.
 */
export function meetingsHeld<M extends { id: string; heldOn: string; status: string }>(
  meetings: M[],
  attendance: { meetingId: string }[],
  period: { from?: string | null; to?: string | null; today?: string },
): M[] {
  const today = period.today ?? londonToday()
  const recorded = new Set(attendance.map(a => a.meetingId))
  return meetings.filter(
    m =>
      m.heldOn <= today &&
      (m.status === 'held' || (m.status === 'scheduled' && recorded.has(m.id))) &&
      (!period.from || m.heldOn >= period.from) &&
      (!period.to || m.heldOn <= period.to),
  )
}

/**
 * Attendance over the meetings each member was eligible for: meetings held (not future or
 * cancelled) inside the period and inside their membership. A seat counts as attended when the member or their
 * nominated deputy was there. Percentages are rounded to the nearest whole number, as printed.
 */
export function attendanceFigures(input: FigureInput): { members: Figure[]; agencies: Figure[] } {
  const meetings = meetingsHeld(input.meetings, input.attendance, input)
  const present = new Set(
    input.attendance
      .filter(a => REPRESENTED.has(a.status))
      .map(a => `${a.meetingId}|${a.membershipId}`),
  )
  const figure = (name: string, role: string, eligible: number, attended: number): Figure => {
    const percent = eligible ? Math.round((attended * 100) / eligible) : null
    return {
      name,
      role,
      eligible,
      attended,
      percent,
      belowTarget: percent !== null && percent < input.target,
    }
  }
  const members = input.memberships.map(m => {
    const eligible = meetings.filter(
      meeting => meeting.heldOn >= m.startsOn && (m.endsOn === null || meeting.heldOn <= m.endsOn),
    )
    const attended = eligible.filter(meeting => present.has(`${meeting.id}|${m.id}`)).length
    return figure(
      m.memberName,
      MEMBER_ROLES[m.role as keyof typeof MEMBER_ROLES],
      eligible.length,
      attended,
    )
  })
  const byAgency = new Map<string, { name: string; eligible: Set<string>; attended: Set<string> }>()
  for (const m of input.memberships) {
    if (!m.agencyId) continue
    const entry = byAgency.get(m.agencyId) ?? {
      name: m.agencyName ?? '',
      eligible: new Set<string>(),
      attended: new Set<string>(),
    }
    for (const meeting of meetings) {
      if (meeting.heldOn < m.startsOn || (m.endsOn !== null && meeting.heldOn > m.endsOn)) continue
      entry.eligible.add(meeting.id)
      if (present.has(`${meeting.id}|${m.id}`)) entry.attended.add(meeting.id)
    }
    byAgency.set(m.agencyId, entry)
  }
  const agencies = [...byAgency.values()]
    .map(a => figure(a.name, 'Agency', a.eligible.size, a.attended.size))
    .sort((a, b) => a.name.localeCompare(b.name))
  return { members, agencies }
}

export function bodyAttendance(
  db: Db,
  actor: Actor,
  bodyId: string,
  period: { from: string | null; to: string | null },
) {
  return scoped(db, actor, async trx => {
    const body = await repo.findBody(trx, actor.partnershipId, bodyId)
    if (!body) return null
    const [meetings, memberships, attendance] = await Promise.all([
      repo.listMeetings(trx, bodyId),
      repo.listMemberships(trx, bodyId),
      repo.listAttendanceForBody(trx, bodyId),
    ])
    const figures = attendanceFigures({
      meetings,
      memberships,
      attendance,
      target: body.attendanceTarget,
      ...period,
    })
    const counted = meetingsHeld(meetings, attendance, period)
    return { body, meetings: counted, ...figures }
  })
}
