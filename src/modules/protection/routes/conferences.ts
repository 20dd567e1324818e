import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { namedItems } from '../../../platform/forms.js'
import type { Db } from '../../../db/database.js'
import { sendCsv } from '../../../platform/csv.js'
import { actorOf } from '../../../platform/http/access.js'
import { formatDate, formatDateTime, render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { londonParts, londonToday } from '../../../platform/calendar.js'
import {
  ATTENDANCE_NAMES,
  CATEGORY_NAMES,
  CONFERENCE_TITLES,
  CONFERENCE_OUTCOME_NAMES,
  conferenceOutcomeNames,
  CONFERENCE_STATUS_NAMES,
  ConferenceListQuery,
  END_REASON_NAMES,
  INVITATION_ROWS,
  IdParams,
  InvitationParams,
  dateValues,
  parseAttendance,
  parseCancelConference,
  parseConferenceOutcome,
  parseInvitations,
  parseMarkSent,
  parseReportReceived,
  parseScheduleConference,
  type FormResult,
} from '../schema.js'
import {
  addInvitations,
  cancelConference,
  childName,
  conferenceFormContext,
  conferenceList,
  conferencePage,
  isReportOnTime,
  markInvitationsSent,
  recordAttendance,
  recordConferenceOutcome,
  recordReportReceived,
  scheduleConference,
  type ConferenceChange,
} from '../service.js'
import { afterChange, type ProtectionNotice } from './notices.js'
import { categoryItems, pageOf, postForm, renderForm, type PageState } from './forms.js'

const BODY_LIMIT = 256 * 1024
const LIST_LIMIT = 2000
const CSV_ROW_LIMIT = 50_000

const FILTER_NAMES = {
  all: 'All',
  'to-schedule': 'To schedule',
  upcoming: 'Upcoming',
  overdue: 'Overdue against target',
  held: 'Held',
}

/** Conferences: the list for chairs and workers, and each conference from scheduling to outcome. */
export const conferenceRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/protection/conferences',
    { config: { access: permission('protection', 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { show } = ConferenceListQuery.parse(request.query)
      const today = londonToday()
      const rows = await conferenceList(db, {
        actor,
        show,
        today,
        limit: LIST_LIMIT,
        requestId: request.id,
        format: 'html',
      })
      return render(request, reply, 'protection/views/conferences.njk', {
        title: 'Child protection conferences',
        show,
        filters: Object.entries(FILTER_NAMES).map(([value, text]) => ({
          value,
          text,
          current: value === show,
        })),
        conferences: rows.map(row => ({
          ...row,
          name: childName(row),
          isOverdue:
            (row.status === 'held' && row.heldOn !== null && row.heldOn > row.targetDate) ||
            ((row.status === 'to-schedule' || row.status === 'scheduled') &&
              row.targetDate < today),
        })),
        statusNames: CONFERENCE_STATUS_NAMES,
        outcomeNames: CONFERENCE_OUTCOME_NAMES,
        canExport: can(actor.roles, 'protection', 'export'),
        canSettings: can(actor.roles, 'protection-settings', 'read'),
      })
    },
  )

  app.get(
    '/protection/conferences/export.csv',
    { config: { access: permission('protection', 'export') } },
    async (request, reply) => {
      const { show } = ConferenceListQuery.parse(request.query)
      const today = londonToday()
      const rows = await conferenceList(db, {
        actor: actorOf(request),
        show,
        today,
        limit: CSV_ROW_LIMIT,
        requestId: request.id,
        format: 'csv',
      })
      return sendCsv(
        reply,
        `conferences-${show}-${today}.csv`,
        [
          'la_child_id',
          'child',
          'kind',
          'pre_birth',
          'status',
          'target_date',
          'scheduled_at',
          'venue',
          'chair',
          'held_on',
          'held_within_target',
          'outcome',
          'category',
        ],
        rows.map(row => [
          row.laChildId,
          childName(row),
          row.kind,
          row.preBirth ? 'yes' : 'no',
          row.status,
          row.targetDate,
          row.scheduledAt ? new Date(row.scheduledAt).toISOString() : '',
          row.venue,
          row.chairName,
          row.heldOn,
          row.heldOn ? (row.heldOn <= row.targetDate ? 'yes' : 'no') : '',
          row.outcome,
          row.category,
        ]),
      )
    },
  )

  async function showConference(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: PageState = {},
  ) {
    const actor = actorOf(request)
    const found = await conferencePage(db, { actor, id, requestId: request.id })
    if (!found) return reply.callNotFound()
    const { conference, invitations, agencies, chairs, plan } = found
    const today = londonToday()
    const scheduled = conference.scheduledAt ? new Date(conference.scheduledAt) : null
    const form: Record<string, unknown> = state.form ?? {
      ...dateValues('date', found.scheduledOn),
      time: scheduled ? timeOf(scheduled) : '',
      venue: conference.venue ?? '',
      chairId: conference.chairId ?? '',
      ...dateValues(
        'heldOn',
        found.scheduledOn && found.scheduledOn <= today ? found.scheduledOn : null,
      ),
      category: plan?.latestCategory ?? '',
    }
    const isOpen = conference.status === 'to-schedule' || conference.status === 'scheduled'
    const canUpdate = can(actor.roles, 'protection', 'update')
    return renderForm(
      request,
      reply,
      'protection/views/conference.njk',
      {
        title: CONFERENCE_TITLES[conference.kind],
        backLink: `/protection/children/${conference.childId}`,
        name: childName(conference),
        ...found,
        isOpen,
        isOverdue:
          (isOpen && conference.targetDate < today) ||
          (conference.heldOn !== null && conference.heldOn > conference.targetDate),
        canUpdate,
        canSchedule: canUpdate && isOpen,
        canRecordOutcome: canUpdate && conference.status === 'scheduled',
        canRecordAttendance:
          can(actor.roles, 'conference-invitation', 'update') &&
          conference.status === 'held' &&
          invitations.length > 0,
        canInvite: can(actor.roles, 'conference-invitation', 'create') && isOpen,
        canUpdateInvitations:
          can(actor.roles, 'conference-invitation', 'update') && conference.status !== 'cancelled',
        statusNames: CONFERENCE_STATUS_NAMES,
        outcomeNames: conferenceOutcomeNames(conference.kind),
        categoryNames: CATEGORY_NAMES,
        endReasonNames: END_REASON_NAMES,
        attendanceNames: ATTENDANCE_NAMES,
        invitations: invitations.map(invitation => {
          const onTime = isReportOnTime(invitation)
          return {
            ...invitation,
            reportStatus: invitation.reportReceivedAt
              ? `Received ${formatDateTime(invitation.reportReceivedAt)}${
                  onTime === null ? '' : onTime ? ' (on time)' : ' (late)'
                }`
              : invitation.reportRequested
                ? invitation.reportDueAt
                  ? `Due by ${formatDateTime(invitation.reportDueAt)}`
                  : 'Due date set when the conference is scheduled'
                : 'Not requested',
            reportTag: invitation.reportReceivedAt
              ? onTime === false
                ? 'late'
                : 'received'
              : null,
            attendanceItems: Object.entries(ATTENDANCE_NAMES).map(([value, text]) => ({
              value,
              text,
              checked: (form[`attendance-${invitation.id}`] ?? invitation.attendance) === value,
            })),
          }
        }),
        unsentItems: invitations
          .filter(invitation => !invitation.sentAt)
          .map(invitation => ({
            value: invitation.id,
            text: `${invitation.agencyName}: ${invitation.inviteeName}`,
            checked: asList(form.invitationIds).includes(invitation.id),
          })),
        invitationRows: Array.from({ length: INVITATION_ROWS }, (_, row) => ({
          index: row,
          agencyItems: namedItems(
            agencies,
            form[`invitation-${String(row)}-agency`],
            'Select an agency',
          ),
        })),
        chairItems: [
          { value: '', text: 'Select a chair' },
          ...chairs.map(chair => ({
            value: chair.id,
            text: chair.displayName,
            selected: form.chairId === chair.id,
          })),
        ],
        outcomeItems: (conference.kind === 'review'
          ? (['continue-plan', 'end-plan'] as const)
          : (['plan', 'no-plan'] as const)
        ).map(value => ({
          value,
          text: conferenceOutcomeNames(conference.kind)[value],
          checked: form.outcome === value,
        })),
        categoryItems: categoryItems(form.category),
        endReasonItems: Object.entries(END_REASON_NAMES).map(([value, text]) => ({
          value,
          text,
          checked: form.endReason === value,
        })),
        formatted: {
          scheduledAt: scheduled ? formatDateTime(scheduled) : null,
          reportDueOn: formatDate(found.reportDueOn),
        },
        form,
      },
      state,
    )
  }

  app.get(
    '/protection/conferences/:id',
    { config: { access: permission('protection', 'read') } },
    pageOf(showConference),
  )

  /** A conference form: back to the conference, or on to the plan a conference outcome made. */
  function conferenceForm<T>(
    parse: (body: Record<string, unknown>) => FormResult<T>,
    run: (
      request: FastifyRequest,
      id: string,
      input: T,
    ) => Promise<ConferenceChange | { kind: 'recorded'; planId: string | null }>,
    anchor: string,
    notice: ProtectionNotice,
  ) {
    return postForm({
      show: showConference,
      parse,
      run,
      next: (id, outcome) =>
        outcome.kind === 'recorded' && outcome.planId
          ? afterChange(`/protection/plans/${outcome.planId}`, notice)
          : afterChange(`/protection/conferences/${id}${anchor}`, notice),
    })
  }

  const update = { config: { access: permission('protection', 'update') }, bodyLimit: BODY_LIMIT }

  app.post(
    '/protection/conferences/:id/schedule',
    update,
    conferenceForm(
      body => parseScheduleConference(body),
      (request, id, input) =>
        scheduleConference(db, { actor: actorOf(request), id, input, requestId: request.id }),
      '',
      'conference-scheduled',
    ),
  )

  app.post(
    '/protection/conferences/:id/cancel',
    update,
    conferenceForm(
      body => parseCancelConference(body),
      (request, id, input) =>
        cancelConference(db, {
          actor: actorOf(request),
          id,
          reason: input.reason,
          requestId: request.id,
        }),
      '',
      'conference-cancelled',
    ),
  )

  app.post(
    '/protection/conferences/:id/invitations',
    { config: { access: permission('conference-invitation', 'create') }, bodyLimit: BODY_LIMIT },
    conferenceForm(
      body => parseInvitations(body),
      (request, id, input) =>
        addInvitations(db, { actor: actorOf(request), id, input, requestId: request.id }),
      '#invitations',
      'invitations-added',
    ),
  )

  app.post(
    '/protection/conferences/:id/invitations/sent',
    { config: { access: permission('conference-invitation', 'update') }, bodyLimit: BODY_LIMIT },
    conferenceForm(
      body => parseMarkSent(body, londonToday()),
      (request, id, input) =>
        markInvitationsSent(db, {
          actor: actorOf(request),
          id,
          input,
          requestId: request.id,
          now: new Date(),
        }),
      '#invitations',
      'invitations-sent',
    ),
  )

  app.post(
    '/protection/conferences/:id/invitations/:invitationId/report',
    { config: { access: permission('conference-invitation', 'update') }, bodyLimit: BODY_LIMIT },
    async (request, reply) => {
      const params = InvitationParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const { invitationId } = params.data
      return conferenceForm(
        body => parseReportReceived(body, `report-${invitationId}`, londonToday()),
        (inner, id, input) =>
          recordReportReceived(db, {
            actor: actorOf(inner),
            id,
            invitationId,
            input,
            requestId: inner.id,
            now: new Date(),
          }),
        '#invitations',
        'report-received',
      )(request, reply)
    },
  )

  app.post(
    '/protection/conferences/:id/attendance',
    { config: { access: permission('conference-invitation', 'update') }, bodyLimit: BODY_LIMIT },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const found = await conferenceFormContext(db, actorOf(request), params.data.id)
      if (!found) return reply.callNotFound()
      return conferenceForm(
        body => parseAttendance(body, found.invitationIds),
        (inner, id, input) =>
          recordAttendance(db, { actor: actorOf(inner), id, input, requestId: inner.id }),
        '#invitations',
        'conference-attendance-saved',
      )(request, reply)
    },
  )

  app.post('/protection/conferences/:id/outcome', update, async (request, reply) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const found = await conferenceFormContext(db, actorOf(request), params.data.id)
    if (!found) return reply.callNotFound()
    const { kind, invitationIds } = found
    return conferenceForm(
      body => parseConferenceOutcome(body, kind, invitationIds, londonToday()),
      (inner, id, input) =>
        recordConferenceOutcome(db, { actor: actorOf(inner), id, input, requestId: inner.id }),
      '',
      'conference-recorded',
    )(request, reply)
  })
}

function timeOf(instant: Date): string {
  const { seconds } = londonParts(instant)
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : []
}
