import { AccessDenied } from '../../../platform/http/access.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { type GovukErrors, fieldError, formBody, govukErrors } from '../../../platform/forms.js'
import { formatDate, render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { isRefusal } from '../../../platform/refusal.js'
import {
  AGE_BANDS,
  AgendaForm,
  ContributionForm,
  CoordinatorForm,
  MemberForm,
} from '../schema/panel.js'
import {
  addContribution,
  addMember,
  appointCoordinator,
  boardReport,
  coordinatorsPage,
  panelPage,
  putReportOnAgenda,
} from '../service/panel.js'
import { ctxOf, view } from '../shared.js'
import { renderFormPage } from '../../../platform/http/form-page.js'

const BASE = '/engagement/panel'

/** The young people's panel: members (coordinators only), contributions, the board's report. */
export function registerPanelRoutes(app: FastifyInstance, db: Db): void {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors?: GovukErrors,
  ) => {
    const data = await panelPage(db, ctxOf(request)).catch((error: unknown) => {
      if (error instanceof AccessDenied) return null
      throw error
    })
    // A business officer not (yet) named a coordinator is told who can see the panel, not refused.
    if (!data)
      return render(request, reply, view('panel-coordinators-only'), {
        title: 'The young people’s panel',
      })
    return renderFormPage(
      request,
      reply,
      view('panel'),
      {
        title: 'The young people’s panel',
        ...data,
        ageBands: AGE_BANDS,
        ageItems: [
          { value: '', text: 'Select the age band' },
          ...Object.entries(AGE_BANDS).map(([value, text]) => ({
            value,
            text,
            selected: form.ageBand === value,
          })),
        ],
      },
      { form, errors },
    )
  }
  app.get(BASE, { config: { access: permission('engagement-panel', 'read') } }, (request, reply) =>
    page(request, reply),
  )
  app.post(
    `${BASE}/members`,
    { config: { access: permission('engagement-panel', 'create') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const parsed = MemberForm.safeParse(body)
      if (!parsed.success) return page(request, reply, body, govukErrors(parsed.error))
      const outcome = await addMember(db, ctxOf(request), parsed.data)
      if (isRefusal(outcome))
        return page(request, reply, body, fieldError(outcome.field, outcome.message))
      return reply.redirect(BASE, 303)
    },
  )
  app.post(
    `${BASE}/contributions`,
    { config: { access: permission('engagement-panel', 'create') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const parsed = ContributionForm.safeParse(body)
      if (!parsed.success) return page(request, reply, body, govukErrors(parsed.error))
      await addContribution(db, ctxOf(request), parsed.data)
      return reply.redirect(`${BASE}#contributions`, 303)
    },
  )

  const coordinators = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: GovukErrors,
  ) => {
    const data = await coordinatorsPage(db, ctxOf(request))
    return render(
      request,
      reply,
      view('panel-coordinators'),
      {
        title: 'Coordinators of the young people’s panel',
        ...data,
        officerItems: [
          { value: '', text: 'Select the person' },
          ...data.officers.map(o => ({ value: o.id, text: o.displayName })),
        ],
        errors,
      },
      errors ? 400 : 200,
    )
  }
  // Naming coordinators is a grant of access, like a role: the partnership administrator's.
  app.get(
    `${BASE}/coordinators`,
    { config: { access: permission('role-grant', 'create') } },
    (request, reply) => coordinators(request, reply),
  )
  app.post(
    `${BASE}/coordinators`,
    { config: { access: permission('role-grant', 'create') } },
    async (request, reply) => {
      const parsed = CoordinatorForm.safeParse(formBody(request.body))
      if (!parsed.success) return coordinators(request, reply, govukErrors(parsed.error))
      const outcome = await appointCoordinator(db, ctxOf(request), parsed.data.userId)
      if (isRefusal(outcome))
        return coordinators(request, reply, fieldError(outcome.field, outcome.message))
      return reply.redirect(`${BASE}/coordinators`, 303)
    },
  )

  const report = async (request: FastifyRequest, reply: FastifyReply, errors?: GovukErrors) => {
    const ctx = ctxOf(request)
    const data = await boardReport(db, ctx)
    return render(
      request,
      reply,
      view('panel-report'),
      {
        title: 'The young people’s panel: report to the board',
        ...data,
        canSetAgenda: can(ctx.actor.roles, 'governance', 'update'),
        meetingItems: [
          { value: '', text: 'Select the meeting' },
          ...data.meetings
            .filter(m => !m.hasReport)
            .map(m => ({
              value: m.id,
              text: `${m.bodyName}: ${m.title}, ${formatDate(m.heldOn)}`,
            })),
        ],
        errors,
      },
      errors ? 400 : 200,
    )
  }
  app.get(
    `${BASE}/report`,
    { config: { access: permission('engagement', 'read') } },
    (request, reply) => report(request, reply),
  )
  // Setting a meeting's agenda is governance's: the same grant as adding an agenda item there.
  app.post(
    `${BASE}/report/agenda`,
    { config: { access: permission('governance', 'update') } },
    async (request, reply) => {
      const parsed = AgendaForm.safeParse(formBody(request.body))
      if (!parsed.success) return report(request, reply, govukErrors(parsed.error))
      const outcome = await putReportOnAgenda(db, ctxOf(request), parsed.data.meetingId)
      if (outcome.kind === 'refused')
        return report(request, reply, fieldError(outcome.field, outcome.message))
      return reply.redirect(`${BASE}/report#agenda`, 303)
    },
  )
}
