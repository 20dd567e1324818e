import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Trx, type Db } from '../../../db/database.js'
import { changedFields, recordAudit } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import { londonInstant, londonParts } from '../../../platform/calendar.js'
import { formatDate } from '../../../platform/http/web.js'
import { isWeekendDate } from '../../../platform/working-days.js'
import { refuse, type Refusal } from '../../../platform/refusal.js'
import {
  findConference,
  findPlan,
  findPreviousPlan,
  findSection47,
  insertInvitations,
  listActiveAgencies,
  listConferences,
  listInvitations,
  listPlansOfChild,
  listUsersWithRoles,
  setReportsDue,
  updateConference,
  updateInvitation,
} from '../repo.js'
import type {
  InvitationInput,
  MarkSentInput,
  ReportReceivedInput,
  ScheduleConferenceInput,
} from '../schema.js'
import { reportDueDate } from '../timescales.js'
import {
  CHAIR_ROLES,
  audit,
  auditView,
  changeRecord,
  clocksIn,
  reportDueInstant,
  type NotFound,
} from './shared.js'

// ---- Conferences ------------------------------------------------------------------------------

export function isReportOnTime(invitation: {
  reportReceivedAt: Date | string | null
  reportDueAt: Date | string | null
}): boolean | null {
  if (!invitation.reportReceivedAt || !invitation.reportDueAt) return null
  return new Date(invitation.reportReceivedAt) <= new Date(invitation.reportDueAt)
}

/** Everything the conference page shows; audited. */
export function conferencePage(db: Db, options: { actor: Actor; id: string; requestId: string }) {
  const { actor, id, requestId } = options
  const { partnershipId } = actor
  return inPartnership(db, scope(actor), async trx => {
    const conference = await findConference(trx, partnershipId, id)
    if (!conference) return undefined
    await auditView(trx, actor, requestId, conference.childId, 'conference')
    const { timescales, calendar } = await clocksIn(trx, partnershipId)
    const scheduledOn = conference.scheduledAt
      ? londonParts(new Date(conference.scheduledAt)).date
      : null
    const section47 = conference.section47Id
      ? await findSection47(trx, partnershipId, conference.section47Id)
      : undefined
    // A review belongs to its plan; an initial conference may have made one.
    const plan = conference.planId
      ? await findPlan(trx, partnershipId, conference.planId)
      : (await listPlansOfChild(trx, partnershipId, conference.childId)).find(
          candidate => candidate.initialConferenceId === id,
        )
    const transferredPlan = conference.previousPlanId
      ? await findPreviousPlan(trx, partnershipId, conference.previousPlanId)
      : undefined
    return {
      conference,
      transferredPlan,
      scheduledOn,
      reportDueOn: scheduledOn ? reportDueDate(scheduledOn, timescales, calendar) : null,
      invitations: await listInvitations(trx, partnershipId, id),
      agencies: await listActiveAgencies(trx, partnershipId),
      chairs: await listUsersWithRoles(trx, partnershipId, CHAIR_ROLES),
      section47,
      plan,
    }
  })
}

/** What the outcome form needs to be read: the kind of conference and its invitations. */
export function conferenceFormContext(db: Db, actor: Actor, id: string) {
  return inPartnership(db, scope(actor), async trx => {
    const conference = await findConference(trx, actor.partnershipId, id)
    if (!conference) return undefined
    const invitations = await listInvitations(trx, actor.partnershipId, id)
    return { kind: conference.kind, invitationIds: invitations.map(invitation => invitation.id) }
  })
}

export type ConferenceRow = NonNullable<Awaited<ReturnType<typeof findConference>>>

export const isOpen = (conference: ConferenceRow) =>
  conference.status === 'to-schedule' || conference.status === 'scheduled'

/** The earliest day the conference can be held: after its enquiry started or its plan began. */
async function earliestConferenceDate(trx: Trx, partnershipId: string, conference: ConferenceRow) {
  if (conference.notifiedOn) {
    return { date: conference.notifiedOn, after: false, what: 'we were told of the transfer' }
  }
  if (conference.section47Id) {
    const section47 = await findSection47(trx, partnershipId, conference.section47Id)
    return section47
      ? { date: section47.startDate, after: false, what: 'the enquiry started' }
      : null
  }
  if (conference.planId) {
    const plan = await findPlan(trx, partnershipId, conference.planId)
    const last = plan?.reviewDates.at(-1) ?? plan?.startDate
    return last ? { date: last, after: true, what: 'the plan’s last conference' } : null
  }
  return null
}

export type ConferenceChange = NotFound | Refusal | { kind: 'done' }

export function scheduleConference(
  db: Db,
  options: { actor: Actor; id: string; input: ScheduleConferenceInput; requestId: string },
): Promise<ConferenceChange> {
  const { actor, id, input, requestId } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findConference, id, async (trx, conference) => {
    if (!isOpen(conference)) {
      return refuse('date-day', 'This conference has been held or cancelled')
    }
    const chairs = await listUsersWithRoles(trx, partnershipId, CHAIR_ROLES)
    if (!chairs.some(chair => chair.id === input.chairId)) {
      return refuse('chairId', 'Select a chair from the list')
    }
    const earliest = await earliestConferenceDate(trx, partnershipId, conference)
    if (earliest && (earliest.after ? input.date <= earliest.date : input.date < earliest.date)) {
      return refuse(
        'date-day',
        `The conference must be ${earliest.after ? 'after' : 'on or after the day'} ${earliest.what} (${formatDate(earliest.date)})`,
      )
    }
    // Census rule 8875, as recording the outcome applies it: never on a Saturday or Sunday.
    // A transfer-in conference starts the plan here, so it keeps the same rule.
    if (conference.kind !== 'review' && isWeekendDate(input.date)) {
      const what = conference.kind === 'initial' ? 'An initial' : 'A transfer-in'
      return refuse('date-day', `${what} conference cannot be held on a Saturday or Sunday`)
    }
    const scheduledAt = londonInstant(input.date, input.seconds)
    const before = {
      status: conference.status,
      scheduledAt: conference.scheduledAt ? new Date(conference.scheduledAt).toISOString() : null,
      venue: conference.venue,
      chairId: conference.chairId,
    }
    const after = {
      status: 'scheduled' as const,
      scheduledAt: scheduledAt.toISOString(),
      venue: input.venue,
      chairId: input.chairId,
    }
    const fields = changedFields(before, after)
    if (Object.keys(fields).length === 0) return { kind: 'done' }
    await updateConference(trx, partnershipId, id, { ...after, scheduledAt })
    const { timescales, calendar } = await clocksIn(trx, partnershipId)
    const dueOn = reportDueDate(input.date, timescales, calendar)
    await setReportsDue(trx, partnershipId, id, reportDueInstant(dueOn))
    await audit(trx, actor, requestId, {
      action: conference.status === 'scheduled' ? 'conference.rescheduled' : 'conference.scheduled',
      resourceType: 'conference',
      resourceId: id,
      childId: conference.childId,
      fields: { ...fields, reportsDueOn: dueOn },
    })
    return { kind: 'done' }
  })
}

export function cancelConference(
  db: Db,
  options: { actor: Actor; id: string; reason: string; requestId: string },
): Promise<ConferenceChange> {
  const { actor, id, reason, requestId } = options
  return changeRecord(db, actor, findConference, id, async (trx, conference) => {
    if (!isOpen(conference)) {
      return refuse('cancelledReason', 'This conference has been held or cancelled already')
    }
    await updateConference(trx, actor.partnershipId, id, {
      status: 'cancelled',
      cancelledReason: reason,
    })
    await audit(trx, actor, requestId, {
      action: 'conference.cancelled',
      resourceType: 'conference',
      resourceId: id,
      childId: conference.childId,
      fields: { status: { from: conference.status, to: 'cancelled' }, cancelledReason: 'set' },
    })
    return { kind: 'done' }
  })
}

export function addInvitations(
  db: Db,
  options: { actor: Actor; id: string; input: InvitationInput[]; requestId: string },
): Promise<ConferenceChange> {
  const { actor, id, input, requestId } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findConference, id, async (trx, conference) => {
    if (!isOpen(conference)) {
      return refuse('invitation-0-agency', 'This conference has been held or cancelled')
    }
    const agencies = new Set((await listActiveAgencies(trx, partnershipId)).map(a => a.id))
    const unknown = input.findIndex(invitation => !agencies.has(invitation.agencyId))
    if (unknown >= 0) {
      return refuse(`invitation-${String(unknown)}-agency`, 'Select an agency from the list')
    }
    let reportDueAt: Date | null = null
    if (conference.scheduledAt) {
      const { timescales, calendar } = await clocksIn(trx, partnershipId)
      const date = londonParts(new Date(conference.scheduledAt)).date
      reportDueAt = reportDueInstant(reportDueDate(date, timescales, calendar))
    }
    const rows = await insertInvitations(
      trx,
      input.map(invitation => ({
        partnershipId,
        conferenceId: id,
        ...invitation,
        reportDueAt,
        createdBy: actor.userId,
      })),
    )
    for (const row of rows) {
      await audit(trx, actor, requestId, {
        action: 'conference-invitation.created',
        resourceType: 'conference-invitation',
        resourceId: row.id,
        childId: conference.childId,
        fields: {
          agencyId: row.agencyId,
          inviteeName: 'set',
          reportDueAt: reportDueAt?.toISOString() ?? null,
        },
        detail: { conferenceId: id },
      })
    }
    return { kind: 'done' }
  })
}

/** An invitation changed, audited against its conference. */
async function changeInvitation(
  trx: Trx,
  actor: Actor,
  requestId: string,
  conference: { id: string; childId: string },
  invitationId: string,
  change: Parameters<typeof updateInvitation>[3],
  event: { action: string; fields: Record<string, unknown>; detail?: Record<string, unknown> },
) {
  await updateInvitation(trx, actor.partnershipId, invitationId, change)
  await audit(trx, actor, requestId, {
    action: event.action,
    resourceType: 'conference-invitation',
    resourceId: invitationId,
    childId: conference.childId,
    fields: event.fields,
    detail: { conferenceId: conference.id, ...event.detail },
  })
}

export function markInvitationsSent(
  db: Db,
  options: { actor: Actor; id: string; input: MarkSentInput; requestId: string; now: Date },
): Promise<ConferenceChange> {
  const { actor, id, input, requestId, now } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findConference, id, async (trx, conference) => {
    if (conference.status === 'cancelled') {
      return refuse('invitationIds', 'This conference has been cancelled')
    }
    const invitations = await listInvitations(trx, partnershipId, id)
    const chosen = invitations.filter(invitation => input.invitationIds.includes(invitation.id))
    if (chosen.length !== new Set(input.invitationIds).size) {
      return refuse('invitationIds', 'Select invitations listed for this conference')
    }
    const today = londonParts(now).date
    const sentAt =
      input.sentOn === null || input.sentOn === today ? now : londonInstant(input.sentOn, 12 * 3600)
    for (const invitation of chosen) {
      await changeInvitation(
        trx,
        actor,
        requestId,
        conference,
        invitation.id,
        { sentAt },
        {
          action: 'conference-invitation.sent',
          fields: {
            sentAt: {
              from: invitation.sentAt ? new Date(invitation.sentAt).toISOString() : null,
              to: sentAt.toISOString(),
            },
          },
        },
      )
    }
    return { kind: 'done' }
  })
}

export function recordReportReceived(
  db: Db,
  options: {
    actor: Actor
    id: string
    invitationId: string
    input: ReportReceivedInput
    requestId: string
    now: Date
  },
): Promise<ConferenceChange> {
  const { actor, id, invitationId, input, requestId, now } = options
  const { partnershipId } = actor
  const field = `report-${invitationId}`
  return changeRecord(db, actor, findConference, id, async (trx, conference) => {
    const invitation = (await listInvitations(trx, partnershipId, id)).find(
      candidate => candidate.id === invitationId,
    )
    if (!invitation) return { kind: 'not-found' }
    if (conference.status === 'cancelled')
      return refuse(field, 'This conference has been cancelled')
    const receivedAt = input.receivedOn ? londonInstant(input.receivedOn, input.seconds) : now
    if (receivedAt > now) return refuse(field, 'The time received must be in the past')
    const onTime = isReportOnTime({
      reportReceivedAt: receivedAt,
      reportDueAt: invitation.reportDueAt,
    })
    const change = {
      reportReceivedAt: receivedAt,
      reportReceivedBy: actor.userId,
      ...(input.reportText ? { reportText: input.reportText } : {}),
    }
    await changeInvitation(trx, actor, requestId, conference, invitationId, change, {
      action: 'conference-invitation.report-received',
      fields: {
        reportReceivedAt: {
          from: invitation.reportReceivedAt
            ? new Date(invitation.reportReceivedAt).toISOString()
            : null,
          to: receivedAt.toISOString(),
        },
        reportText: input.reportText ? 'set' : undefined,
      },
      detail: { onTime },
    })
    return { kind: 'done' }
  })
}

/** Attendance recorded (or corrected) per invitation after the conference was held. */
export function recordAttendance(
  db: Db,
  options: {
    actor: Actor
    id: string
    input: Record<string, 'attended' | 'apologies' | 'absent'>
    requestId: string
  },
): Promise<ConferenceChange> {
  const { actor, id, input, requestId } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findConference, id, async (trx, conference) => {
    const invitations = await listInvitations(trx, partnershipId, id)
    const field = `attendance-${invitations[0]?.id ?? ''}`
    if (conference.status !== 'held') {
      return refuse(field, 'Attendance is recorded once the conference has been held')
    }
    if (Object.keys(input).length === 0) return refuse(field, 'Select whether each agency attended')
    for (const invitation of invitations) {
      const attendance = input[invitation.id]
      if (!attendance || attendance === invitation.attendance) continue
      await changeInvitation(
        trx,
        actor,
        requestId,
        conference,
        invitation.id,
        { attendance },
        {
          action: 'conference-invitation.attendance-recorded',
          fields: { attendance: { from: invitation.attendance, to: attendance } },
        },
      )
    }
    return { kind: 'done' }
  })
}

/** The conference list: a view of many children's records, audited as such. */
export function conferenceList(
  db: Db,
  options: {
    actor: Actor
    show: string
    today: string
    limit: number
    requestId: string
    format: string
  },
) {
  const { actor, show, today, limit, requestId, format } = options
  return inPartnership(db, scope(actor), async trx => {
    const rows = await listConferences(trx, actor.partnershipId, { show, today, limit })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: format === 'csv' ? 'conference.exported' : 'conference.listed',
      resourceType: 'conference',
      detail: { show, rows: rows.length, format },
      requestId,
    })
    return rows
  })
}
