import fastifyMultipart from '@fastify/multipart'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Db } from '../../db/database.js'
import { attachment, sendCsv } from '../../platform/csv.js'
import {
  type GovukErrors,
  fieldError,
  formBody,
  govukErrors,
  toGovukErrors,
} from '../../platform/forms.js'
import { AccessDenied, actorOf } from '../../platform/http/access.js'
import type { Actor } from '../../platform/http/types.js'
import { render } from '../../platform/http/web.js'
import { addNavigation } from '../../platform/navigation.js'
import { type Resource, can, permission } from '../../platform/permissions.js'
import { isValidIsoDate } from '../../platform/working-days.js'
import { IMPORTS, IMPORT_KINDS, type ImportKind, type RowError, importSheet } from './imports.js'
import * as repo from './repo.js'
import {
  ACTION_STATUSES,
  ATTENDANCE_STATUSES,
  ActionStatusForm,
  ActionUpdateForm,
  EvidenceForm,
  MeetingStatusForm,
  PlanActionForm,
  PlanStepForm,
  AgendaItemForm,
  DecisionForm,
  MeetingActionForm,
  PaperTitle,
  STANDING_REPORTS,
  AttendanceStatusField,
  BODY_KINDS,
  BUDGET_KINDS,
  BodyForm,
  BudgetLineForm,
  CONTRIBUTION_TYPES,
  IdParams,
  MEETING_STATUSES,
  MEMBER_ROLES,
  EndMembershipForm,
  MinutesForm,
  REPEATS,
  ScheduleForm,
  MembershipForm,
  PlanForm,
  RAG_RATINGS,
  STEP_STATUSES,
  StepUpdateForm,
  VersionForm,
  YearForm,
  formatDueLabel,
  penceToPounds,
} from './schema.js'
import {
  type AttendanceEntry,
  type Ctx,
  type Figure,
  addBudgetLine,
  addMembership,
  bodyAttendance,
  budgetStatement,
  createBody,
  createPlan,
  createYear,
  formatDay,
  issueVersion,
  membersOn,
  planLayout,
  recordAttendance,
  scheduleMeeting,
  scoped,
  audit,
  updateAction,
  updateBody,
  updateStep,
  versionDifferences,
  type PlanSnapshotAction,
  addAgendaItem,
  addMeetingAction,
  readPaper,
  recordDecision,
  setActionStatus,
  standingReports,
  uploadPaper,
  recordMinutes,
  endMembership,
  addEvidence,
  readEvidence,
  addPlanAction,
  addPlanStep,
  setMeetingStatus,
  removeBudgetLine,
} from './service.js'
import { registerRecordRoutes } from './routes-records.js'
import { readUpload, sendXlsx } from './spreadsheets.js'

/** Uploads: one file of up to 20 MB per request. */
const UPLOAD_LIMITS = { fileSize: 20 * 1024 * 1024, files: 1, fields: 10, parts: 12 }

const IMPORT_RESOURCE: Record<ImportKind, Resource> = {
  memberships: 'governance',
  meetings: 'governance',
  attendance: 'governance',
  budget: 'governance-budget',
  plan: 'business-plan',
  risks: 'governance',
  challenges: 'governance',
}

const items = (record: Record<string, string>, selected?: unknown, blank?: string) => [
  ...(blank === undefined ? [] : [{ value: '', text: blank }]),
  ...Object.entries(record).map(([value, text]) => ({ value, text, selected: value === selected })),
]

const view = (name: string) => `governance/views/${name}.njk`

function query(request: FastifyRequest): Record<string, string> {
  const raw = request.query as Record<string, unknown>
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(raw)) if (typeof value === 'string') out[key] = value
  return out
}

function requireExport(actor: Actor, resource: Resource) {
  if (!can(actor.roles, resource, 'export')) throw new AccessDenied()
}

const ctxOf = (request: FastifyRequest): Ctx => ({ actor: actorOf(request), requestId: request.id })

function idOf(request: FastifyRequest): string | null {
  const params = IdParams.safeParse(request.params)
  return params.success ? params.data.id : null
}

const figureRow = (f: Figure) => [
  f.name,
  f.role,
  f.eligible,
  f.attended,
  f.percent === null ? '' : `${f.percent}%`,
  f.belowTarget ? 'below target' : '',
]

export const governanceRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  addNavigation({ href: '/governance', text: 'Governance', resource: 'governance', action: 'read' })
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: UPLOAD_LIMITS })

  registerRecordRoutes(app, db)

  // Every export of a list is an audit event (DESIGN.md); papers and evidence audit their own
  // reads, and blank import templates hold no data.
  app.addHook('onSend', async (request, reply, payload) => {
    const disposition = reply.getHeader('content-disposition')
    const route = request.routeOptions.url ?? ''
    if (
      reply.statusCode !== 200 ||
      typeof disposition !== 'string' ||
      !disposition.startsWith('attachment') ||
      route.endsWith('/template') ||
      route.includes('/papers/') ||
      route.includes('/evidence/') ||
      !request.actor
    ) {
      return payload
    }
    const actor = request.actor
    await scoped(db, actor, trx =>
      audit(
        trx,
        { actor, requestId: request.id },
        {
          action: 'governance.exported',
          resourceType: 'gov-export',
          resourceId: route,
          detail: {
            filename: /filename="([^"]*)"/.exec(disposition)?.[1] ?? '',
            query: query(request),
          },
        },
      ),
    )
    return payload
  })

  const agencyItems = (actor: Actor) =>
    scoped(db, actor, trx => repo.listAgencies(trx, actor.partnershipId))

  app.get('/', { config: { access: permission('governance', 'read') } }, async (request, reply) => {
    const actor = actorOf(request)
    const bodies = await scoped(db, actor, trx => repo.listBodies(trx, actor.partnershipId))
    return render(request, reply, view('index'), {
      title: 'Governance',
      bodies,
      kinds: BODY_KINDS,
      canEdit: can(actor.roles, 'governance', 'create'),
    })
  })

  // Structures

  app.get(
    '/bodies',
    { config: { access: permission('governance', 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { kind = '', q = '', format } = query(request)
      const bodies = await scoped(db, actor, trx =>
        repo.listBodies(trx, actor.partnershipId, {
          kind: kind in BODY_KINDS ? kind : undefined,
          q: q.trim(),
        }),
      )
      if (format === 'csv' || format === 'xlsx') {
        requireExport(actor, 'governance')
        const header = [
          'name',
          'type',
          'parent',
          'chair',
          'terms_review_on',
          'active_from',
          'active_to',
          'attendance_target',
        ]
        const rows = bodies.map(b => [
          b.name,
          BODY_KINDS[b.kind as keyof typeof BODY_KINDS],
          b.parentName,
          b.chairName,
          b.termsReviewOn,
          b.activeFrom,
          b.activeTo,
          b.attendanceTarget,
        ])
        return format === 'csv'
          ? sendCsv(reply, 'bodies.csv', header, rows)
          : sendXlsx(reply, 'bodies.xlsx', header, rows)
      }
      return render(request, reply, view('bodies'), {
        title: 'Boards, groups and panels',
        bodies,
        kinds: BODY_KINDS,
        kindItems: items(BODY_KINDS, kind, 'All types'),
        filter: { kind, q },
        canEdit: can(actor.roles, 'governance', 'create'),
      })
    },
  )

  const bodyFormPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    model: { form: Record<string, unknown>; action: string; title: string; errors?: GovukErrors },
    status = 200,
  ) => {
    const actor = actorOf(request)
    const bodies = await scoped(db, actor, trx => repo.listBodies(trx, actor.partnershipId))
    return render(
      request,
      reply,
      view('body-form'),
      {
        ...model,
        kindItems: items(BODY_KINDS, model.form.kind, 'Select a type'),
        parentItems: [
          { value: '', text: 'None: this is a top-level body' },
          ...bodies.map(b => ({
            value: b.id,
            text: b.name,
            selected: b.id === model.form.parentId,
          })),
        ],
      },
      status,
    )
  }

  app.get(
    '/bodies/new',
    { config: { access: permission('governance', 'create') } },
    (request, reply) =>
      bodyFormPage(request, reply, {
        form: { attendanceTarget: '80' },
        action: '/governance/bodies',
        title: 'Add a body',
      }),
  )

  app.post(
    '/bodies',
    { config: { access: permission('governance', 'create') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const model = { form: body, action: '/governance/bodies', title: 'Add a body' }
      const form = BodyForm.safeParse(body)
      if (!form.success)
        return bodyFormPage(request, reply, { ...model, errors: govukErrors(form.error) }, 400)
      const outcome = await createBody(db, ctxOf(request), form.data)
      if (outcome.kind === 'invalid') {
        return bodyFormPage(
          request,
          reply,
          { ...model, errors: fieldError(outcome.field, outcome.message) },
          400,
        )
      }
      if (outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(`/governance/bodies/${outcome.id}?notice=created`, 303)
    },
  )

  const loadBody = async (request: FastifyRequest) => {
    const id = idOf(request)
    if (!id) return null
    const actor = actorOf(request)
    return scoped(db, actor, async trx => {
      const body = await repo.findBody(trx, actor.partnershipId, id)
      if (!body) return null
      const [memberships, meetings, bodies] = await Promise.all([
        repo.listMemberships(trx, id),
        repo.listMeetings(trx, id),
        repo.listBodies(trx, actor.partnershipId),
      ])
      const standingItems = await repo.listStandingItems(trx, id)
      return {
        body,
        memberships,
        meetings,
        standingItems,
        children: bodies.filter(b => b.parentId === id),
      }
    })
  }

  app.get(
    '/bodies/:id',
    { config: { access: permission('governance', 'read') } },
    async (request, reply) => {
      const loaded = await loadBody(request)
      if (!loaded) return reply.callNotFound()
      const actor = actorOf(request)
      const { q = '', current = '' } = query(request)
      const today = new Date().toISOString().slice(0, 10)
      const memberships = loaded.memberships.filter(
        m =>
          (!q || `${m.memberName} ${m.agencyName ?? ''}`.toLowerCase().includes(q.toLowerCase())) &&
          (current !== 'yes' || membersOn([m], today).length === 1),
      )
      const notice = {
        created: 'Body added',
        updated: 'Body updated',
        member: 'Member added',
        'standing-item': 'Standing item added',
        ended: 'Membership ended',
        meeting: 'Meeting added',
      }[query(request).notice ?? '']
      return render(request, reply, view('body'), {
        title: loaded.body.name,
        ...loaded,
        memberships,
        filter: { q, current },
        kinds: BODY_KINDS,
        roles: MEMBER_ROLES,
        meetingStatuses: MEETING_STATUSES,
        notice,
        canEdit: can(actor.roles, 'governance', 'update'),
        canExport: can(actor.roles, 'governance', 'export'),
      })
    },
  )

  app.get(
    '/bodies/:id/edit',
    { config: { access: permission('governance', 'update') } },
    async (request, reply) => {
      const loaded = await loadBody(request)
      if (!loaded) return reply.callNotFound()
      return bodyFormPage(request, reply, {
        form: { ...loaded.body, attendanceTarget: String(loaded.body.attendanceTarget) },
        action: `/governance/bodies/${loaded.body.id}`,
        title: `Change ${loaded.body.name}`,
      })
    },
  )

  app.post(
    '/bodies/:id',
    { config: { access: permission('governance', 'update') } },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return reply.callNotFound()
      const body = formBody(request.body)
      const model = { form: body, action: `/governance/bodies/${id}`, title: 'Change a body' }
      const form = BodyForm.safeParse(body)
      if (!form.success)
        return bodyFormPage(request, reply, { ...model, errors: govukErrors(form.error) }, 400)
      const outcome = await updateBody(db, ctxOf(request), id, form.data)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'invalid') {
        return bodyFormPage(
          request,
          reply,
          { ...model, errors: fieldError(outcome.field, outcome.message) },
          400,
        )
      }
      return reply.redirect(`/governance/bodies/${id}?notice=updated`, 303)
    },
  )

  app.get(
    '/bodies/:id/memberships',
    { config: { access: permission('governance', 'export') } },
    async (request, reply) => {
      const loaded = await loadBody(request)
      if (!loaded) return reply.callNotFound()
      const header = ['body', 'member', 'agency', 'role', 'starts_on', 'ends_on', 'deputy']
      const rows = loaded.memberships.map(m => [
        loaded.body.name,
        m.memberName,
        m.agencyName,
        m.role,
        m.startsOn,
        m.endsOn,
        m.deputyName,
      ])
      return query(request).format === 'xlsx'
        ? sendXlsx(reply, 'memberships.xlsx', header, rows)
        : sendCsv(reply, 'memberships.csv', header, rows)
    },
  )

  app.get(
    '/bodies/:id/meetings',
    { config: { access: permission('governance', 'export') } },
    async (request, reply) => {
      const loaded = await loadBody(request)
      if (!loaded) return reply.callNotFound()
      const header = ['body', 'held_on', 'title', 'status']
      const rows = loaded.meetings.map(m => [loaded.body.name, m.heldOn, m.title, m.status])
      return query(request).format === 'xlsx'
        ? sendXlsx(reply, 'meetings.xlsx', header, rows)
        : sendCsv(reply, 'meetings.csv', header, rows)
    },
  )

  const membershipPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    body: { id: string; name: string },
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const actor = actorOf(request)
    const agencies = await agencyItems(actor)
    const people = await scoped(db, actor, trx =>
      repo.listPartnershipPeople(trx, actor.partnershipId),
    )
    return render(
      request,
      reply,
      view('membership-form'),
      {
        title: `Add a member to ${body.name}`,
        body,
        form,
        errors,
        roleItems: items(MEMBER_ROLES, form.role ?? 'member'),
        agencyItems: [
          { value: '', text: 'No agency' },
          ...agencies.map(a => ({ value: a.id, text: a.name, selected: a.id === form.agencyId })),
        ],
        peopleItems: [
          { value: '', text: 'Not linked to a Keepsafe account' },
          ...people.map(p => ({
            value: p.id,
            text: `${p.displayName} (${p.email})`,
            selected: p.id === form.userId,
          })),
        ],
      },
      errors ? 400 : 200,
    )
  }

  app.get(
    '/bodies/:id/memberships/new',
    { config: { access: permission('governance', 'create') } },
    async (request, reply) => {
      const loaded = await loadBody(request)
      if (!loaded) return reply.callNotFound()
      return membershipPage(request, reply, loaded.body, {})
    },
  )

  app.post(
    '/bodies/:id/memberships',
    { config: { access: permission('governance', 'create') } },
    async (request, reply) => {
      const loaded = await loadBody(request)
      if (!loaded) return reply.callNotFound()
      const body = formBody(request.body)
      const form = MembershipForm.safeParse(body)
      if (!form.success)
        return membershipPage(request, reply, loaded.body, body, govukErrors(form.error))
      const outcome = await addMembership(db, ctxOf(request), loaded.body.id, form.data)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'invalid') {
        return membershipPage(
          request,
          reply,
          loaded.body,
          body,
          fieldError(outcome.field, outcome.message),
        )
      }
      return reply.redirect(`/governance/bodies/${loaded.body.id}?notice=member`, 303)
    },
  )

  const endPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors?: GovukErrors,
  ) => {
    const id = idOf(request)
    const actor = actorOf(request)
    const membership = id
      ? await scoped(db, actor, trx => repo.findMembership(trx, actor.partnershipId, id))
      : undefined
    if (!membership) return reply.callNotFound()
    return render(
      request,
      reply,
      view('end-membership'),
      { title: `End ${membership.memberName}’s membership`, membership, form, errors },
      errors ? 400 : 200,
    )
  }

  app.get(
    '/memberships/:id/end',
    { config: { access: permission('governance', 'update') } },
    (request, reply) => endPage(request, reply),
  )

  app.post(
    '/memberships/:id/end',
    { config: { access: permission('governance', 'update') } },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return reply.callNotFound()
      const body = formBody(request.body)
      const form = EndMembershipForm.safeParse(body)
      if (!form.success) return endPage(request, reply, body, govukErrors(form.error))
      const outcome = await endMembership(db, ctxOf(request), id, form.data.endsOn)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'invalid') {
        return endPage(request, reply, body, fieldError(outcome.field, outcome.message))
      }
      return reply.redirect(`/governance/bodies/${outcome.bodyId ?? ''}?notice=ended`, 303)
    },
  )

  // Meetings and attendance

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
      const loaded = await loadBody(request)
      if (!loaded) return reply.callNotFound()
      return meetingFormPage(request, reply, loaded.body, { title: `${loaded.body.name} meeting` })
    },
  )

  app.post(
    '/bodies/:id/meetings',
    { config: { access: permission('governance', 'create') } },
    async (request, reply) => {
      const loaded = await loadBody(request)
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
      return reply.redirect(`/governance/meetings/${outcome.id}?notice=created`, 303)
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
      const attendance = await trx
        .selectFrom('govAttendance')
        .selectAll()
        .where('meetingId', '=', id)
        .execute()
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
    const notice = {
      created: 'Meeting added',
      attendance: 'Attendance saved',
      agenda: 'Agenda item added',
      decision: 'Decision recorded',
      action: 'Action added',
      paper: 'Paper uploaded',
      minutes: 'Minutes saved',
      status: 'Meeting status saved',
      'action-status': 'Action updated',
    }[query(request).notice ?? '']
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
        attendanceReport,
        statuses: ATTENDANCE_STATUSES,
        meetingStatuses: MEETING_STATUSES,
        actionStatuses: ACTION_STATUSES,
        reportNames: STANDING_REPORTS,
        reportItems: items(STANDING_REPORTS, form.report ?? '', 'No standing report'),
        rags: RAG_RATINGS,
        notice,
        errors,
        form,
        canEdit: can(actor.roles, 'governance', 'update'),
      },
      errors ? 400 : 200,
    )
  }

  const meetingForm = <T>(
    path: string,
    schema: {
      safeParse(body: unknown): { success: true; data: T } | { success: false; error: z.ZodError }
    },
    save: (
      ctx: Ctx,
      meetingId: string,
      data: T,
    ) => Promise<{ kind: string; field?: string; message?: string }>,
    notice: string,
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
        return reply.redirect(`/governance/meetings/${loaded.meeting.id}?notice=${notice}`, 303)
      },
    )

  meetingForm(
    'status',
    MeetingStatusForm,
    (ctx, id, data) => setMeetingStatus(db, ctx, id, data.status),
    'status',
  )
  meetingForm(
    'minutes',
    MinutesForm,
    (ctx, id, data) => recordMinutes(db, ctx, id, data.minutes),
    'minutes',
  )
  meetingForm(
    'agenda',
    AgendaItemForm,
    (ctx, id, data) => addAgendaItem(db, ctx, id, data),
    'agenda',
  )
  meetingForm(
    'decisions',
    DecisionForm,
    (ctx, id, data) => recordDecision(db, ctx, id, data.text),
    'decision',
  )
  meetingForm(
    'actions',
    MeetingActionForm,
    (ctx, id, data) => addMeetingAction(db, ctx, id, data),
    'action',
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
      return reply.redirect(`/governance/meetings/${loaded.meeting.id}?notice=paper`, 303)
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
      return reply.redirect(`/governance/meetings/${outcome.meetingId}?notice=action-status`, 303)
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
      return reply.redirect(`/governance/meetings/${loaded.meeting.id}?notice=attendance`, 303)
    },
  )

  app.get(
    '/bodies/:id/attendance',
    { config: { access: permission('governance', 'read') } },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return reply.callNotFound()
      const actor = actorOf(request)
      const { from = '', to = '', format } = query(request)
      const period = {
        from: isValidIsoDate(from) ? from : null,
        to: isValidIsoDate(to) ? to : null,
      }
      const figures = await bodyAttendance(db, actor, id, period)
      if (!figures) return reply.callNotFound()
      if (format === 'csv' || format === 'xlsx') {
        requireExport(actor, 'governance')
        const header = [
          'name',
          'role',
          'meetings_eligible',
          'meetings_attended',
          'attendance',
          'flag',
        ]
        const rows = [...figures.members.map(figureRow), ...figures.agencies.map(figureRow)]
        return format === 'csv'
          ? sendCsv(reply, 'attendance.csv', header, rows)
          : sendXlsx(reply, 'attendance.xlsx', header, rows, [50, 20, 18, 18, 12, 14])
      }
      const errors: Record<string, { text: string }> = {}
      if (from && !period.from)
        errors.from = { text: 'Enter the start of the period as a real date, like 2016-04-01' }
      if (to && !period.to)
        errors.to = { text: 'Enter the end of the period as a real date, like 2017-03-31' }
      return render(request, reply, view('attendance'), {
        title: `Attendance at ${figures.body.name}`,
        ...figures,
        filter: { from, to },
        errors: Object.keys(errors).length ? toGovukErrors(errors) : undefined,
        exportQuery: new URLSearchParams({ from, to }).toString(),
      })
    },
  )

  // Moving in: import templates and uploads

  for (const kind of IMPORT_KINDS) {
    const spec = IMPORTS[kind]
    const resource = IMPORT_RESOURCE[kind]
    const importPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      extra: { errors?: GovukErrors; rowErrors?: RowError[]; notice?: string } = {},
    ) =>
      render(
        request,
        reply,
        view('import'),
        { title: `Import ${spec.title.toLowerCase()}`, kind, spec, ...extra },
        extra.errors ? 400 : 200,
      )

    app.get(
      `/import/${kind}/template`,
      { config: { access: permission(resource, 'read') } },
      async (request, reply) => {
        const header = [...spec.columns]
        const rows = [[...spec.example]]
        return query(request).format === 'xlsx'
          ? sendXlsx(reply, `${kind}-template.xlsx`, header, rows)
          : sendCsv(reply, `${kind}-template.csv`, header, rows)
      },
    )

    app.get(
      `/import/${kind}`,
      { config: { access: permission(resource, 'create') } },
      async (request, reply) => {
        const count = query(request).imported
        return importPage(
          request,
          reply,
          count ? { notice: `${count} ${spec.title.toLowerCase()} imported` } : {},
        )
      },
    )

    app.post(
      `/import/${kind}`,
      { config: { access: permission(resource, 'create') } },
      async (request, reply) => {
        const file = formBody(request.body).file
        if (!Buffer.isBuffer(file)) {
          return importPage(request, reply, {
            errors: fieldError('file', 'Select a CSV or XLSX file'),
          })
        }
        const read = await readUpload(file)
        if (read.kind === 'refused')
          return importPage(request, reply, { errors: fieldError('file', read.message) })
        const outcome = await importSheet(db, ctxOf(request), kind, read.sheet)
        if (outcome.kind === 'rejected') {
          const count = outcome.errors.length
          const message = `The file has ${count} ${count === 1 ? 'problem' : 'problems'}: nothing was imported. Correct the rows listed below and upload the file again`
          return importPage(request, reply, {
            errors: fieldError('file', message),
            rowErrors: outcome.errors,
          })
        }
        return reply.redirect(`/governance/import/${kind}?imported=${outcome.count}`, 303)
      },
    )
  }

  // Budget

  app.get(
    '/budget',
    { config: { access: permission('governance-budget', 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const years = await scoped(db, actor, trx => repo.listYears(trx, actor.partnershipId))
      const { format } = query(request)
      if (format === 'csv' || format === 'xlsx') {
        requireExport(actor, 'governance-budget')
        return (format === 'csv' ? sendCsv : sendXlsx)(
          reply,
          `financial-years.${format}`,
          ['year', 'printed_income', 'printed_budget', 'printed_spend'],
          years.map(y => [
            y.label,
            y.printedIncomePence === null ? '' : Number(y.printedIncomePence) / 100,
            y.printedBudgetPence === null ? '' : Number(y.printedBudgetPence) / 100,
            y.printedSpendPence === null ? '' : Number(y.printedSpendPence) / 100,
          ]),
        )
      }
      return render(request, reply, view('budget'), {
        title: 'Budget',
        years,
        canEdit: can(actor.roles, 'governance-budget', 'create'),
      })
    },
  )

  const yearFormPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) =>
    render(
      request,
      reply,
      view('year-form'),
      { title: 'Add a financial year', form, errors },
      errors ? 400 : 200,
    )

  app.get(
    '/budget/new',
    { config: { access: permission('governance-budget', 'create') } },
    (request, reply) => yearFormPage(request, reply, {}),
  )

  app.post(
    '/budget',
    { config: { access: permission('governance-budget', 'create') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const form = YearForm.safeParse(body)
      if (!form.success) return yearFormPage(request, reply, body, govukErrors(form.error))
      const outcome = await createYear(db, ctxOf(request), form.data)
      if (outcome.kind === 'duplicate') {
        return yearFormPage(
          request,
          reply,
          body,
          fieldError('label', 'There is already a budget for this financial year'),
        )
      }
      return reply.redirect(`/governance/budget/${outcome.id}`, 303)
    },
  )

  const statementPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors?: GovukErrors,
  ) => {
    const id = idOf(request)
    const actor = actorOf(request)
    const statement = id ? await budgetStatement(db, actor, id) : null
    if (!statement) return reply.callNotFound()
    const { format } = query(request)
    const money = (value: number | null) => penceToPounds(value)
    if (!errors && (format === 'csv' || format === 'xlsx')) {
      requireExport(actor, 'governance-budget')
      const header = ['kind', 'description', 'agency', 'contribution_type', 'budget', 'actual']
      const rows = [...statement.income, ...statement.expenditure].map(l => [
        l.kind,
        l.description,
        l.agencyName,
        l.contributionType,
        l.budget === null ? '' : l.budget / 100,
        l.actual === null ? '' : l.actual / 100,
      ])
      rows.push(['total', 'Income', '', '', '', statement.totals.income / 100])
      rows.push([
        'total',
        'Expenditure',
        '',
        '',
        statement.totals.budget / 100,
        statement.totals.spend / 100,
      ])
      rows.push(['total', 'Carry forward', '', '', '', statement.totals.carryForward / 100])
      const name = `budget-${statement.year.label.replace('/', '-')}`
      return format === 'csv'
        ? sendCsv(reply, `${name}.csv`, header, rows)
        : sendXlsx(reply, `${name}.xlsx`, header, rows)
    }
    const agencies = await agencyItems(actor)
    return render(
      request,
      reply,
      view('budget-year'),
      {
        title: `Budget ${statement.year.label}`,
        ...statement,
        money,
        form,
        errors,
        kindItems: items(BUDGET_KINDS, form.kind, 'Select the type of line'),
        typeItems: items(CONTRIBUTION_TYPES, form.contributionType, 'Not a contribution'),
        agencyItems: [
          { value: '', text: 'No agency' },
          ...agencies.map(a => ({ value: a.id, text: a.name, selected: a.id === form.agencyId })),
        ],
        canEdit: can(actor.roles, 'governance-budget', 'create'),
        notice: { line: 'Line added', removed: 'Line removed' }[query(request).notice ?? ''],
      },
      errors ? 400 : 200,
    )
  }

  app.get(
    '/budget/:id',
    { config: { access: permission('governance-budget', 'read') } },
    (request, reply) => statementPage(request, reply),
  )

  app.post(
    '/budget/:id/lines',
    { config: { access: permission('governance-budget', 'create') } },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return reply.callNotFound()
      const body = formBody(request.body)
      const form = BudgetLineForm.safeParse(body)
      if (!form.success) return statementPage(request, reply, body, govukErrors(form.error))
      const outcome = await addBudgetLine(db, ctxOf(request), id, form.data)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'invalid')
        return statementPage(request, reply, body, fieldError(outcome.field, outcome.message))
      return reply.redirect(`/governance/budget/${id}?notice=line`, 303)
    },
  )

  app.post(
    '/budget/lines/:id/delete',
    { config: { access: permission('governance-budget', 'update') } },
    async (request, reply) => {
      const id = idOf(request)
      const outcome = id ? await removeBudgetLine(db, ctxOf(request), id) : null
      if (!outcome || outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(`/governance/budget/${outcome.yearId}?notice=removed`, 303)
    },
  )

  // Business plan

  app.get(
    '/plans',
    { config: { access: permission('business-plan', 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const plans = await scoped(db, actor, trx => repo.listPlans(trx, actor.partnershipId))
      const { format } = query(request)
      if (format === 'csv' || format === 'xlsx') {
        requireExport(actor, 'business-plan')
        return (format === 'csv' ? sendCsv : sendXlsx)(
          reply,
          `plans.${format}`,
          ['title', 'starts_on', 'ends_on'],
          plans.map(p => [p.title, p.startsOn, p.endsOn]),
        )
      }
      return render(request, reply, view('plans'), {
        title: 'Business plans',
        plans,
        canEdit: can(actor.roles, 'business-plan', 'create'),
      })
    },
  )

  const planFormPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) =>
    render(
      request,
      reply,
      view('plan-form'),
      { title: 'Add a business plan', form, errors },
      errors ? 400 : 200,
    )

  app.get(
    '/plans/new',
    { config: { access: permission('business-plan', 'create') } },
    (request, reply) => planFormPage(request, reply, {}),
  )

  app.post(
    '/plans',
    { config: { access: permission('business-plan', 'create') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const form = PlanForm.safeParse(body)
      if (!form.success) return planFormPage(request, reply, body, govukErrors(form.error))
      const outcome = await createPlan(db, ctxOf(request), form.data)
      if (outcome.kind === 'duplicate') {
        return planFormPage(
          request,
          reply,
          body,
          fieldError('title', 'There is already a plan with this title'),
        )
      }
      return reply.redirect(`/governance/plans/${outcome.id}`, 303)
    },
  )

  const planPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors?: GovukErrors,
  ) => {
    const id = idOf(request)
    const actor = actorOf(request)
    const layout = id ? await planLayout(db, actor, id) : null
    if (!layout) return reply.callNotFound()
    const { format, priority = '', status = '' } = query(request)
    const rowsFor = layout.priorities.flatMap(p => p.actions.map(a => ({ priority: p, action: a })))
    if (!errors && (format === 'csv' || format === 'xlsx')) {
      requireExport(actor, 'business-plan')
      if (format === 'xlsx') {
        return sendXlsx(
          reply,
          `${layout.plan.title}.xlsx`,
          [
            'Action',
            'Specific action',
            'Lead',
            'Success indicators',
            'Actions and Timescales for work',
            'Risk RAG rating',
            'Impact and evidence',
          ],
          rowsFor.map(({ action }) => sevenColumns(action)),
          [10, 40, 25, 45, 60, 12, 40],
        )
      }
      // The CSV is the import template's shape, so a plan goes out and comes back in unchanged.
      const rows = rowsFor.flatMap(({ priority: p, action: a }) =>
        (a.steps.length ? a.steps : [null]).map(step => [
          layout.plan.title,
          p.number,
          p.title,
          a.reference,
          a.specificAction,
          a.leads.join('\n'),
          a.leadAgencyName,
          a.successIndicators.join('\n'),
          a.sourceTags.join('\n'),
          a.rag,
          a.impactAndEvidence,
          step?.text,
          step?.dueLabel,
          step?.revisedDueLabel,
          step?.status,
        ]),
      )
      return sendCsv(reply, `${layout.plan.title}.csv`, [...IMPORTS.plan.columns], rows)
    }
    const priorities = layout.priorities
      .filter(p => !priority || String(p.number) === priority)
      .map(p => ({
        ...p,
        actions: p.actions.filter(
          a => !status || a.steps.some(s => (s.status ?? '') === (status === 'none' ? '' : status)),
        ),
      }))
    const versions = layout.versions.map((v, index) => {
      const previous = layout.versions[index - 1]
      return {
        ...v,
        differences: previous
          ? versionDifferences(
              previous.snapshot as PlanSnapshotAction[],
              v.snapshot as PlanSnapshotAction[],
            )
          : [],
      }
    })
    const sinceLatest = layout.versions.at(-1)
    return render(
      request,
      reply,
      view('plan'),
      {
        title: layout.plan.title,
        ...layout,
        priorities,
        versions,
        unissued: sinceLatest
          ? versionDifferences(sinceLatest.snapshot as PlanSnapshotAction[], layout.snapshot)
          : [],
        filter: { priority, status },
        priorityItems: [
          { value: '', text: 'All priorities' },
          ...layout.priorities.map(p => ({
            value: String(p.number),
            text: `Priority ${p.number}`,
            selected: String(p.number) === priority,
          })),
        ],
        statusItems: [
          ...items(STEP_STATUSES, status, 'Any status'),
          { value: 'none', text: 'No status', selected: status === 'none' },
        ],
        statuses: STEP_STATUSES,
        rags: RAG_RATINGS,
        dueText: formatDueLabel,
        form,
        errors,
        agencyItems: [
          { value: '', text: 'No lead agency' },
          ...(await agencyItems(actor)).map(a => ({
            value: a.id,
            text: a.name,
            selected: a.id === form.leadAgencyId,
          })),
        ],
        canEdit: can(actor.roles, 'business-plan', 'create'),
        canUpdate: can(actor.roles, 'business-plan', 'update'),
        canExport: can(actor.roles, 'business-plan', 'export'),
        notice: {
          version: 'Version recorded',
          step: 'Step updated',
          action: 'Action updated',
          evidence: 'Evidence added',
          'new-action': 'Action added',
          'new-step': 'Step added',
        }[query(request).notice ?? ''],
      },
      errors ? 400 : 200,
    )
  }

  app.get(
    '/plans/:id',
    { config: { access: permission('business-plan', 'read') } },
    (request, reply) => planPage(request, reply),
  )

  app.post(
    '/plans/:id/versions',
    { config: { access: permission('business-plan', 'create') } },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return reply.callNotFound()
      const body = formBody(request.body)
      const form = VersionForm.safeParse(body)
      if (!form.success) return planPage(request, reply, body, govukErrors(form.error))
      const outcome = await issueVersion(db, ctxOf(request), id, form.data)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'invalid')
        return planPage(request, reply, body, fieldError(outcome.field, outcome.message))
      return reply.redirect(`/governance/plans/${id}?notice=version`, 303)
    },
  )

  const loadStep = async (request: FastifyRequest) => {
    const id = idOf(request)
    const actor = actorOf(request)
    return id ? scoped(db, actor, trx => repo.findStep(trx, actor.partnershipId, id)) : null
  }

  const stepPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    step: NonNullable<Awaited<ReturnType<typeof loadStep>>>,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) =>
    render(
      request,
      reply,
      view('step-form'),
      {
        title: `Update step of action ${step.reference}`,
        step,
        form,
        errors,
        dueText: formatDueLabel(step.dueLabel),
        statusItems: items(STEP_STATUSES, form.status ?? '', 'No status'),
      },
      errors ? 400 : 200,
    )

  app.get(
    '/plans/steps/:id',
    { config: { access: permission('business-plan', 'update') } },
    async (request, reply) => {
      const step = await loadStep(request)
      if (!step) return reply.callNotFound()
      return stepPage(request, reply, step, {
        status: step.status ?? '',
        revisedDue: step.revisedDueLabel ?? '',
      })
    },
  )

  app.post(
    '/plans/steps/:id',
    { config: { access: permission('business-plan', 'update') } },
    async (request, reply) => {
      const step = await loadStep(request)
      if (!step) return reply.callNotFound()
      const body = formBody(request.body)
      const form = StepUpdateForm.safeParse(body)
      if (!form.success) return stepPage(request, reply, step, body, govukErrors(form.error))
      const outcome = await updateStep(db, ctxOf(request), step.id, form.data)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'invalid') {
        return stepPage(request, reply, step, body, fieldError(outcome.field, outcome.message))
      }
      return reply.redirect(`/governance/plans/${outcome.planId}?notice=step`, 303)
    },
  )

  const loadAction = async (request: FastifyRequest) => {
    const id = idOf(request)
    const actor = actorOf(request)
    return id ? scoped(db, actor, trx => repo.findPlanAction(trx, actor.partnershipId, id)) : null
  }

  const actionPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    action: NonNullable<Awaited<ReturnType<typeof loadAction>>>,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) =>
    render(
      request,
      reply,
      view('action-form'),
      {
        title: `Update action ${action.reference}`,
        action,
        form,
        errors,
        ragItems: items(RAG_RATINGS, form.rag ?? '', 'Not rated'),
        stepStatusItems: items(STEP_STATUSES, form.status ?? '', 'No status'),
        canAddSteps: can(actorOf(request).roles, 'business-plan', 'create'),
      },
      errors ? 400 : 200,
    )

  app.post(
    '/plans/:id/actions',
    { config: { access: permission('business-plan', 'create') } },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return reply.callNotFound()
      const body = formBody(request.body)
      const form = PlanActionForm.safeParse(body)
      if (!form.success) return planPage(request, reply, body, govukErrors(form.error))
      const outcome = await addPlanAction(db, ctxOf(request), id, form.data)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'invalid') {
        return planPage(request, reply, body, fieldError(outcome.field, outcome.message))
      }
      return reply.redirect(`/governance/plans/${id}?notice=new-action`, 303)
    },
  )

  app.post(
    '/plans/actions/:id/steps',
    { config: { access: permission('business-plan', 'create') } },
    async (request, reply) => {
      const action = await loadAction(request)
      if (!action) return reply.callNotFound()
      const body = formBody(request.body)
      const values = {
        rag: action.rag ?? '',
        impactAndEvidence: action.impactAndEvidence ?? '',
        ...body,
      }
      const form = PlanStepForm.safeParse(body)
      if (!form.success) return actionPage(request, reply, action, values, govukErrors(form.error))
      const outcome = await addPlanStep(db, ctxOf(request), action.id, form.data)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'invalid') {
        return actionPage(
          request,
          reply,
          action,
          values,
          fieldError(outcome.field, outcome.message),
        )
      }
      return reply.redirect(`/governance/plans/${action.planId}?notice=new-step`, 303)
    },
  )

  app.post(
    '/plans/actions/:id/evidence',
    { config: { access: permission('business-plan', 'update') } },
    async (request, reply) => {
      const action = await loadAction(request)
      if (!action) return reply.callNotFound()
      const body = formBody(request.body)
      const form = EvidenceForm.safeParse(body)
      const values = {
        rag: action.rag ?? '',
        impactAndEvidence: action.impactAndEvidence ?? '',
        ...body,
      }
      if (!form.success) return actionPage(request, reply, action, values, govukErrors(form.error))
      const file = body.file
      const outcome = await addEvidence(db, ctxOf(request), action.id, {
        ...form.data,
        attachment: Buffer.isBuffer(file) && file.length > 0 ? file : null,
      })
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'invalid') {
        return actionPage(
          request,
          reply,
          action,
          values,
          fieldError(outcome.field, outcome.message),
        )
      }
      return reply.redirect(`/governance/plans/${action.planId}?notice=evidence`, 303)
    },
  )

  app.get(
    '/plans/evidence/:id',
    { config: { access: permission('business-plan', 'read') } },
    async (request, reply) => {
      const id = idOf(request)
      const evidence = id ? await readEvidence(db, ctxOf(request), id) : null
      if (!evidence?.content) return reply.callNotFound()
      return reply
        .header('content-type', evidence.contentType ?? 'application/octet-stream')
        .header('content-disposition', attachment(evidence.filename ?? 'evidence'))
        .header('cache-control', 'no-store')
        .send(evidence.content)
    },
  )

  app.get(
    '/plans/actions/:id',
    { config: { access: permission('business-plan', 'update') } },
    async (request, reply) => {
      const action = await loadAction(request)
      if (!action) return reply.callNotFound()
      return actionPage(request, reply, action, {
        rag: action.rag ?? '',
        impactAndEvidence: action.impactAndEvidence ?? '',
      })
    },
  )

  app.post(
    '/plans/actions/:id',
    { config: { access: permission('business-plan', 'update') } },
    async (request, reply) => {
      const action = await loadAction(request)
      if (!action) return reply.callNotFound()
      const body = formBody(request.body)
      const form = ActionUpdateForm.safeParse(body)
      if (!form.success) return actionPage(request, reply, action, body, govukErrors(form.error))
      const outcome = await updateAction(db, ctxOf(request), action.id, form.data)
      if (outcome.kind !== 'saved') return reply.callNotFound()
      return reply.redirect(`/governance/plans/${outcome.planId}?notice=action`, 303)
    },
  )
}

/** One action as the plan prints it: Medway's seven columns, steps with their timescales. */
export function sevenColumns(action: {
  reference: string
  specificAction: string
  leads: string[]
  successIndicators: string[]
  rag: string | null
  impactAndEvidence: string | null
  evidence?: { recordedOn: string; text: string }[]
  steps: { text: string; dueLabel: string; revisedDueLabel: string | null; status: string | null }[]
}): string[] {
  return [
    action.reference,
    action.specificAction,
    action.leads.join('\n'),
    action.successIndicators.join('\n'),
    action.steps
      .map(step => {
        const status = step.status
          ? ` ${STEP_STATUSES[step.status as keyof typeof STEP_STATUSES]}`
          : ''
        const revised = step.revisedDueLabel
          ? ` (revised ${formatDueLabel(step.revisedDueLabel)})`
          : ''
        return `${step.text}: ${formatDueLabel(step.dueLabel)}${revised}${status}`
      })
      .join('\n'),
    action.rag ? RAG_RATINGS[action.rag as keyof typeof RAG_RATINGS] : '',
    [action.impactAndEvidence, ...(action.evidence ?? []).map(e => `${e.recordedOn}: ${e.text}`)]
      .filter(Boolean)
      .join('\n'),
  ]
}
