import { londonToday } from '../../../platform/calendar.js'
import { joinDateInputs } from '../../../platform/date-input.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { attachment } from '../../../platform/csv.js'
import {
  type GovukErrors,
  fieldError,
  formBody,
  govukErrors,
  toGovukErrors,
} from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { isValidIsoDate } from '../../../platform/working-days.js'
import * as repo from '../repo.js'
import {
  ACTION_STATUSES,
  ATTENDANCE_STATUSES,
  ActionStatusForm,
  AgendaItemForm,
  AttendanceStatusField,
  DecisionForm,
  MEETING_STATUSES,
  MeetingActionForm,
  MeetingStatusForm,
  MinutesForm,
  PaperTitle,
  RAG_RATINGS,
  REPEATS,
  STANDING_REPORTS,
  ScheduleForm,
} from '../schema.js'
import { loadBody } from './structures.js'
import { type FormSchema, ctxOf, idOf, isExport, items, query, sendExport, view } from './shared.js'
import {
  type AttendanceEntry,
  type Figure,
  bodyAttendance,
  recordAttendance,
} from '../service/attendance.js'
import {
  addAgendaItem,
  addMeetingAction,
  readPaper,
  recordDecision,
  recordMinutes,
  scheduleMeeting,
  setActionStatus,
  setMeetingStatus,
  standingReports,
  uploadPaper,
} from '../service/meetings.js'
import { type Ctx, formatDay, scoped } from '../service/shared.js'
import { membersOn } from '../service/structures.js'
import { afterChange, type GovernanceNotice } from './notices.js'

const figureRow = (f: Figure) => [
  f.name,
  f.role,
  f.eligible,
  f.attended,
  f.percent === null ? '' : `${f.percent}%`,
  f.belowTarget ? 'below target' : '',
]

/** Meetings and attendance: meetings, agendas, papers, minutes, decisions, actions, attendance. */
export function registerMeetingRoutes(app: FastifyInstance, db: Db): void {
  const meetingFormPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    body: { id: string; name: string },
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) =>
    render(
      request,
      reply,
      view('meeting-form'),
      {
        title: `Add a meeting of ${body.name}`,
        body,
        form,
        errors,
        statusItems: items(MEETING_STATUSES, form.status ?? 'scheduled'),
        repeatItems: items(REPEATS, form.repeatMonths ?? '0'),
      },
      errors ? 400 : 200,
    )

  app.get(
    '/bodies/:id/meetings/new',
    { config: { access: permission('governance', 'create') } },
    async (request, reply) => {
      const loaded = await loadBody(db, request)
      if (!loaded) return reply.callNotFound()
      return meetingFormPage(request, reply, loaded.body, { title: `${loaded.body.name} meeting` })
    },
  )

  app.post(
    '/bodies/:id/meetings',
    { config: { access: permission('governance', 'create') } },
    async (request, reply) => {
      const loaded = await loadBody(db, request)
      if (!loaded) return reply.callNotFound()
      const body = formBody(request.body)
      const form = ScheduleForm.safeParse(body)
      if (!form.success)
        return meetingFormPage(request, reply, loaded.body, body, govukErrors(form.error))
      const outcome = await scheduleMeeting(db, ctxOf(request), loaded.body.id, form.data)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'duplicate') {
        const message = 'There is already a meeting with this title on this date'
        return meetingFormPage(request, reply, loaded.body, body, fieldError('heldOn', message))
      }
      return reply.redirect(afterChange(`/governance/meetings/${outcome.id}`, 'meeting-added'), 303)
    },
  )

  const loadMeeting = async (request: FastifyRequest) => {
    const id = idOf(request)
    if (!id) return null
    const actor = actorOf(request)
    return scoped(db, actor, async trx => {
      const meeting = await repo.findMeeting(trx, actor.partnershipId, id)
      if (!meeting) return null
      const memberships = await repo.listMemberships(trx, meeting.bodyId)
      const attendance = await repo.listAttendanceForMeeting(trx, id)
      const eligible = membersOn(memberships, meeting.heldOn).map(m => {
        const record = attendance.find(a => a.membershipId === m.id)
        return {
          ...m,
          status: record?.status ?? '',
          deputyName: record?.deputyName ?? m.deputyName ?? '',
        }
      })
      const [agenda, decisions, actions, papers, reports] = await Promise.all([
        repo.listAgendaItems(trx, id),
        repo.listDecisions(trx, id),
        repo.listActions(trx, meeting.bodyId),
        repo.listPapers(trx, id),
        standingReports(trx, actor, meeting.bodyId),
      ])
      return {
        meeting,
        eligible,
        agenda,
        decisions,
        actions: actions.filter(a => a.meetingId === id),
        papers,
        reports,
      }
    })
  }

  const meetingPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: NonNullable<Awaited<ReturnType<typeof loadMeeting>>>,
    errors?: GovukErrors,
    form: Record<string, unknown> = {},
  ) => {
    const actor = actorOf(request)
    const hasAttendanceReport = loaded.agenda.some(item => item.report === 'attendance')
    const attendanceReport = hasAttendanceReport
      ? await bodyAttendance(db, actor, loaded.meeting.bodyId, { from: null, to: null })
      : null
    return render(
      request,
      reply,
      view('meeting'),
      {
        title: `${loaded.meeting.title}, ${formatDay(loaded.meeting.heldOn)}`,
        ...loaded,
        today: londonToday(),
        attendanceReport,
        statuses: ATTENDANCE_STATUSES,
        meetingStatuses: MEETING_STATUSES,
        actionStatuses: ACTION_STATUSES,
        reportNames: STANDING_REPORTS,
        reportItems: items(STANDING_REPORTS, form.report ?? '', 'No standing report'),
        rags: RAG_RATINGS,
        errors,
        form,
        canEdit: can(actor.roles, 'governance', 'update'),
        // dataset (issue 9): the meeting's report cards, a standing agenda item, are a link away.
        canReadReportCards: can(actor.roles, 'report-card', 'read'),
      },
      errors ? 400 : 200,
    )
  }

  const meetingForm = <T>(
    path: string,
    schema: FormSchema<T>,
    save: (
      ctx: Ctx,
      meetingId: string,
      data: T,
    ) => Promise<{ kind: string; field?: string; message?: string }>,
    notice: GovernanceNotice,
  ) =>
    app.post(
      `/meetings/:id/${path}`,
      { config: { access: permission('governance', 'update') } },
      async (request, reply) => {
        const loaded = await loadMeeting(request)
        if (!loaded) return reply.callNotFound()
        const body = formBody(request.body)
        const form = schema.safeParse(body)
        if (!form.success) return meetingPage(request, reply, loaded, govukErrors(form.error), body)
        const outcome = await save(ctxOf(request), loaded.meeting.id, form.data)
        if (outcome.kind === 'not-found') return reply.callNotFound()
        if (outcome.kind === 'invalid') {
          const errors = fieldError(outcome.field ?? 'form', outcome.message ?? '')
          return meetingPage(request, reply, loaded, errors, body)
        }
        return reply.redirect(afterChange(`/governance/meetings/${loaded.meeting.id}`, notice), 303)
      },
    )

  meetingForm(
    'status',
    MeetingStatusForm,
    (ctx, id, data) => setMeetingStatus(db, ctx, id, data.status),
    'meeting-status-saved',
  )
  meetingForm(
    'minutes',
    MinutesForm,
    (ctx, id, data) => recordMinutes(db, ctx, id, data.minutes),
    'minutes-saved',
  )
  meetingForm(
    'agenda',
    AgendaItemForm,
    (ctx, id, data) => addAgendaItem(db, ctx, id, data),
    'agenda-item-added',
  )
  meetingForm(
    'decisions',
    DecisionForm,
    (ctx, id, data) => recordDecision(db, ctx, id, data.text),
    'decision-recorded',
  )
  meetingForm(
    'actions',
    MeetingActionForm,
    (ctx, id, data) => addMeetingAction(db, ctx, id, data),
    'meeting-action-added',
  )

  app.post(
    '/meetings/:id/papers',
    { config: { access: permission('governance', 'update') } },
    async (request, reply) => {
      const loaded = await loadMeeting(request)
      if (!loaded) return reply.callNotFound()
      const body = formBody(request.body)
      const title = PaperTitle.safeParse(body.title)
      const file = body.file
      const problems: Record<string, { text: string }> = {}
      if (!title.success) problems.title = { text: title.error.issues[0]?.message ?? '' }
      if (!Buffer.isBuffer(file) || file.length === 0) problems.file = { text: 'Select a file' }
      if (!title.success || !Buffer.isBuffer(file) || file.length === 0) {
        return meetingPage(request, reply, loaded, toGovukErrors(problems), { title: body.title })
      }
      const outcome = await uploadPaper(db, ctxOf(request), loaded.meeting.id, {
        title: title.data,
        bytes: file,
      })
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'invalid') {
        return meetingPage(request, reply, loaded, fieldError(outcome.field, outcome.message), {
          title: body.title,
        })
      }
      return reply.redirect(
        afterChange(`/governance/meetings/${loaded.meeting.id}`, 'paper-uploaded'),
        303,
      )
    },
  )

  app.get(
    '/papers/:id',
    { config: { access: permission('governance', 'read') } },
    async (request, reply) => {
      const id = idOf(request)
      const paper = id ? await readPaper(db, ctxOf(request), id) : null
      if (!paper) return reply.callNotFound()
      return reply
        .header('content-type', paper.contentType)
        .header('content-disposition', attachment(paper.filename))
        .header('cache-control', 'no-store')
        .send(paper.content)
    },
  )

  app.post(
    '/actions/:id/status',
    { config: { access: permission('governance', 'update') } },
    async (request, reply) => {
      const id = idOf(request)
      const form = ActionStatusForm.safeParse(formBody(request.body))
      if (!id) return reply.callNotFound()
      if (!form.success) {
        const action = await scoped(db, actorOf(request), trx =>
          repo.findAction(trx, actorOf(request).partnershipId, id),
        )
        if (!action) return reply.callNotFound()
        return reply.redirect(`/governance/meetings/${action.meetingId}`, 303)
      }
      const outcome = await setActionStatus(db, ctxOf(request), id, form.data.status)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(
        afterChange(`/governance/meetings/${outcome.meetingId}`, 'meeting-action-updated'),
        303,
      )
    },
  )

  app.get(
    '/meetings/:id',
    { config: { access: permission('governance', 'read') } },
    async (request, reply) => {
      const loaded = await loadMeeting(request)
      if (!loaded) return reply.callNotFound()
      return meetingPage(request, reply, loaded)
    },
  )

  app.post(
    '/meetings/:id/attendance',
    { config: { access: permission('governance', 'update') } },
    async (request, reply) => {
      const loaded = await loadMeeting(request)
      if (!loaded) return reply.callNotFound()
      const body = formBody(request.body)
      const entries: AttendanceEntry[] = []
      for (const [key, value] of Object.entries(body)) {
        const match = /^status-([0-9a-f-]{36})$/.exec(key)
        if (!match?.[1] || value === '' || value === undefined) continue
        const membershipId = match[1]
        const status = AttendanceStatusField.safeParse(value)
        if (!status.success)
          return meetingPage(
            request,
            reply,
            loaded,
            fieldError(key, status.error.issues[0]?.message ?? ''),
          )
        const deputy = body[`deputy-${membershipId}`]
        entries.push({
          membershipId,
          status: status.data,
          deputyName:
            typeof deputy === 'string' && deputy.trim() ? deputy.trim().slice(0, 200) : null,
        })
      }
      if (!entries.length) {
        const first = loaded.eligible[0]
        const field = first ? `status-${first.id}` : 'attendance'
        return meetingPage(
          request,
          reply,
          loaded,
          fieldError(field, 'Select the attendance of at least one member'),
        )
      }
      const outcome = await recordAttendance(db, ctxOf(request), loaded.meeting.id, entries)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'invalid')
        return meetingPage(request, reply, loaded, fieldError(outcome.field, outcome.message))
      return reply.redirect(
        afterChange(`/governance/meetings/${loaded.meeting.id}`, 'attendance-saved'),
        303,
      )
    },
  )

  app.get(
    '/bodies/:id/attendance',
    { config: { access: permission('governance', 'read') } },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return reply.callNotFound()
      const actor = actorOf(request)
      const {
        from = '',
        to = '',
        format,
      } = joinDateInputs(query(request), ['from', 'to']) as Record<string, string>
      const period = {
        from: isValidIsoDate(from) ? from : null,
        to: isValidIsoDate(to) ? to : null,
      }
      const figures = await bodyAttendance(db, actor, id, period)
      if (!figures) return reply.callNotFound()
      if (isExport(format)) {
        const header = [
          'name',
          'role',
          'meetings_eligible',
          'meetings_attended',
          'attendance',
          'flag',
        ]
        const rows = [...figures.members.map(figureRow), ...figures.agencies.map(figureRow)]
        const widths = [50, 20, 18, 18, 12, 14]
        return sendExport(reply, actor, 'governance', format, 'attendance', header, rows, widths)
      }
      const errors: Record<string, { text: string }> = {}
      if (from && !period.from)
        errors.from = { text: 'The start of the period must be a real date' }
      if (to && !period.to) errors.to = { text: 'The end of the period must be a real date' }
      return render(request, reply, view('attendance'), {
        title: `Attendance at ${figures.body.name}`,
        ...figures,
        filter: { from, to },
        errors: Object.keys(errors).length ? toGovukErrors(errors) : undefined,
        exportQuery: new URLSearchParams({ from, to }).toString(),
      })
    },
  )
}
