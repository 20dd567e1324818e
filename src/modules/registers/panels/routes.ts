import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import {
  type GovukErrors,
  fieldError,
  formBody,
  govukErrors,
  namedItems,
} from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { isRefusal } from '../../../platform/refusal.js'
import {
  IdParams,
  childName,
  ctxOf,
  radioItems,
  registerSettings,
  scoped,
  view,
} from '../shared.js'
import {
  AgendaForm,
  MeetingChildParams,
  MeetingParams,
  PANEL_TYPES,
  PanelForm,
  REGISTER_NAMES,
  ReviewForm,
} from './schema.js'
import {
  addPanel,
  addToAgenda,
  agendaChild,
  markPanelActionDone,
  meetingAgenda,
  panelWithMeetings,
  recordPanelReview,
  unlinkedPanelBodies,
  visiblePanels,
} from './service.js'
import { createFormRoutes } from '../../../platform/http/create-form.js'
import { renderFormPage } from '../../../platform/http/form-page.js'

const BASE = '/registers/panels'
const v = (name: string) => view('panels', name)
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** Panels: governance bodies that review the registers' children, their agendas and reviews. */
export function registerPanelRoutes(app: FastifyInstance, db: Db): void {
  app.get(
    BASE,
    { config: { access: permission('register-panel', 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const ctx = ctxOf(request)
      const panels = await scoped(db, actor, trx => visiblePanels(trx, ctx))
      return render(request, reply, v('list'), {
        title: 'Panels',
        panels: panels.map(p => ({ ...p, typeText: PANEL_TYPES[p.panelType] })),
        canAdd: can(actor.roles, 'register-panel', 'update'),
      })
    },
  )

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const actor = actorOf(request)
    const bodies = await scoped(db, actor, trx => unlinkedPanelBodies(trx, actor.partnershipId))
    return renderFormPage(
      request,
      reply,
      v('new'),
      {
        title: 'Add a panel',
        bodyItems: namedItems(bodies, form.bodyId, 'Select the governance panel'),
        typeItems: radioItems(PANEL_TYPES, form.panelType),
        hasBodies: bodies.length > 0,
      },
      { form, errors },
    )
  }

  createFormRoutes(app, {
    path: BASE,
    access: permission('register-panel', 'update'),
    schema: PanelForm,
    page: formPage,
    run: (request, input) => addPanel(db, ctxOf(request), input),
    next: outcome => `${BASE}/${outcome.id}`,
  })

  app.get(
    `${BASE}/:id`,
    { config: { access: permission('register-panel', 'read') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const actor = actorOf(request)
      const loaded = await scoped(db, actor, trx =>
        panelWithMeetings(trx, ctxOf(request), params.data.id),
      )
      if (!loaded) return reply.callNotFound()
      return render(request, reply, v('panel'), {
        title: loaded.name,
        name: loaded.name,
        panel: loaded.panel,
        typeText: PANEL_TYPES[loaded.panel.panelType],
        meetings: loaded.meetings,
      })
    },
  )

  const agendaPage = async (request: FastifyRequest, reply: FastifyReply, errors?: GovukErrors) => {
    const params = MeetingParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const actor = actorOf(request)
    const agenda = await meetingAgenda(db, ctxOf(request), params.data.meetingId)
    if (!agenda) return reply.callNotFound()
    const added = (request.query as Record<string, unknown>).added === '1'
    return render(
      request,
      reply,
      v('agenda'),
      {
        title: `${agenda.meeting.bodyName}: ${agenda.meeting.title}`,
        meeting: agenda.meeting,
        panel: agenda.panel,
        agenda: agenda.agenda.map(a => ({
          ...a,
          name: childName(a),
          registerText: REGISTER_NAMES[a.register],
        })),
        due: agenda.due.map(d => ({ ...d, name: childName(d), detailText: capitalise(d.detail) })),
        full: agenda.access === 'full',
        canUpdate: agenda.access === 'full' && can(actor.roles, 'register-panel', 'update'),
        added,
        errors,
      },
      errors ? 400 : 200,
    )
  }

  app.get(
    `${BASE}/meetings/:meetingId`,
    { config: { access: permission('register-panel', 'read') } },
    (request, reply) => agendaPage(request, reply),
  )

  app.post(
    `${BASE}/meetings/:meetingId/agenda`,
    { config: { access: permission('register-panel', 'update') } },
    async (request, reply) => {
      const params = MeetingParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const form = AgendaForm.safeParse(formBody(request.body))
      if (!form.success) return agendaPage(request, reply, govukErrors(form.error))
      const outcome = await addToAgenda(
        db,
        ctxOf(request),
        params.data.meetingId,
        form.data.entryId,
      )
      if (isRefusal(outcome)) return agendaPage(request, reply, fieldError('due', outcome.message))
      if (outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(`${BASE}/meetings/${params.data.meetingId}?added=1`, 303)
    },
  )

  const childPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { form?: Record<string, unknown>; errors?: GovukErrors } = {},
  ) => {
    const params = MeetingChildParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const actor = actorOf(request)
    const loaded = await agendaChild(db, ctxOf(request), params.data.meetingId, params.data.childId)
    if (!loaded?.child) return reply.callNotFound()
    const settings = await scoped(db, actor, registerSettings)
    return renderFormPage(
      request,
      reply,
      v('child'),
      {
        title: `${childName(loaded.child)}: ${loaded.meeting.title}`,
        name: childName(loaded.child),
        child: loaded.child,
        meeting: loaded.meeting,
        item: loaded.item,
        registerText: REGISTER_NAMES[loaded.item.register],
        entryHref:
          loaded.access === 'full'
            ? `/registers/${loaded.item.register}/${loaded.item.entryId}`
            : null,
        reviews: loaded.reviews,
        actions: loaded.actions,
        canMarkDone: loaded.access === 'full' && can(actor.roles, 'register', 'update'),
        canReview:
          loaded.access === 'full' &&
          can(actor.roles, 'register-panel', 'update') &&
          !loaded.item.reviewedAt,
        riskItems:
          loaded.item.register === 'exploitation'
            ? [
                { value: '', text: 'No change' },
                ...settings.riskLevels.map(r => ({
                  value: r,
                  text: capitalise(r),
                  selected: r === extra.form?.riskLevelAfter,
                })),
              ]
            : null,
        saved: (request.query as Record<string, unknown>).saved === '1',
      },
      extra,
    )
  }

  app.get(
    `${BASE}/meetings/:meetingId/children/:childId`,
    { config: { access: permission('register-panel', 'read') } },
    (request, reply) => childPage(request, reply),
  )

  app.post(
    `${BASE}/meetings/:meetingId/children/:childId/review`,
    { config: { access: permission('register-panel', 'update') } },
    async (request, reply) => {
      const params = MeetingChildParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const body = formBody(request.body)
      const form = ReviewForm.safeParse(body)
      if (!form.success)
        return childPage(request, reply, { form: body, errors: govukErrors(form.error) })
      const loaded = await agendaChild(
        db,
        ctxOf(request),
        params.data.meetingId,
        params.data.childId,
      )
      if (!loaded) return reply.callNotFound()
      const outcome = await recordPanelReview(db, ctxOf(request), loaded.item.id, form.data)
      if (isRefusal(outcome))
        return childPage(request, reply, {
          form: body,
          errors: fieldError(outcome.field, outcome.message),
        })
      if (outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(
        `${BASE}/meetings/${params.data.meetingId}/children/${params.data.childId}?saved=1`,
        303,
      )
    },
  )

  app.post(
    '/registers/actions/:id/done',
    { config: { access: permission('register', 'update') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const outcome = await markPanelActionDone(db, ctxOf(request), params.data.id)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(`/registers/${outcome.register}/${outcome.entryId}?saved=action`, 303)
    },
  )
}
