import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { fieldError, formBody, govukErrors, type GovukErrors } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { isRefusal, type Refusal } from '../../../platform/refusal.js'
import { BLOCKS } from '../blocks.js'
import { reportBodyHtml } from '../render/html.js'
import { DownloadQuery, MoveForm, NewSectionForm, ReportForm, SectionForm } from '../schema.js'
import {
  addSection,
  approveReport,
  compareWithPublished,
  contributors,
  createReport,
  editSection,
  findSection,
  listReports,
  moveSection,
  publishReport,
  redraftReport,
  removeSection,
  reportContent,
  reportPage,
  submitReport,
} from '../service.js'
import { sendReport } from './downloads.js'
import { FORM_BODY_LIMIT, NO_ERRORS, ctxOf, idOf, notFound, view, type Deps } from './shared.js'

const STATUS_WORDS = {
  draft: 'Draft',
  submitted: 'Submitted for approval',
  approved: 'Approved',
  published: 'Published',
}
const KIND_WORDS = { full: 'Annual report', 'young-people': 'Young people’s version' }
const blockItems = (selected: unknown) => [
  { value: '', text: 'None (narrative)' },
  ...Object.entries(BLOCKS).map(([value, b]) => ({
    value,
    text: b.title,
    selected: selected === value,
  })),
]

export function registerReportRoutes(app: FastifyInstance, { db }: Deps) {
  const read = { config: { access: permission('report', 'read') } }
  const write = { config: { access: permission('report', 'update') }, bodyLimit: FORM_BODY_LIMIT }

  async function showIndex(
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors = NO_ERRORS,
    status = 200,
  ) {
    const actor = actorOf(request)
    return render(
      request,
      reply,
      view('index'),
      {
        title: 'Annual reports',
        reports: await listReports(db, actor),
        statusWords: STATUS_WORDS,
        kindWords: KIND_WORDS,
        canCreate: can(actor.roles, 'report', 'create'),
        form,
        errors,
      },
      status,
    )
  }

  app.get('/reports', read, (request, reply) => showIndex(request, reply))

  app.post(
    '/reports',
    { config: { access: permission('report', 'create') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const body = formBody(request.body)
      const form = ReportForm.safeParse(body)
      if (!form.success) return showIndex(request, reply, body, govukErrors(form.error), 400)
      const outcome = await createReport(db, ctxOf(request), form.data)
      if (isRefusal(outcome))
        return showIndex(request, reply, body, fieldError(outcome.field, outcome.message), 400)
      return reply.redirect(`/reports/${outcome.id}`, 303)
    },
  )

  async function showReport(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { errors?: GovukErrors; form?: Record<string, unknown>; status?: number } = {},
  ) {
    const id = idOf(request)
    const actor = actorOf(request)
    const page = id ? await reportPage(db, actor, id) : null
    if (!page) return notFound(reply)
    const people = can(actor.roles, 'report', 'update') ? await contributors(db, actor) : []
    return render(
      request,
      reply,
      view('report'),
      {
        title: page.report.title,
        ...page,
        bodyHtml: reportBodyHtml(page.content),
        statusWords: STATUS_WORDS,
        canEdit: can(actor.roles, 'report', 'update') && page.report.status === 'draft',
        canManage: can(actor.roles, 'report', 'update'),
        canApprove: can(actor.roles, 'report', 'validate'),
        blockItems: blockItems(state.form?.block),
        peopleItems: [
          { value: '', text: 'Select a person' },
          ...people.map(p => ({
            value: p.id,
            text: p.displayName,
            selected: state.form?.assigneeId === p.id,
          })),
        ],
        form: state.form ?? {},
        errors: state.errors ?? NO_ERRORS,
      },
      state.status ?? 200,
    )
  }

  app.get('/reports/:id', read, (request, reply) => showReport(request, reply))

  /** Answers a command: back to the report, or the report page again with the refusal. */
  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    outcome: { reportId?: string; id?: string } | Refusal,
    body: Record<string, unknown> = {},
  ) {
    if (isRefusal(outcome))
      return showReport(request, reply, {
        errors: fieldError(outcome.field, outcome.message),
        form: body,
        status: 400,
      })
    return reply.redirect(`/reports/${outcome.reportId ?? outcome.id ?? ''}`, 303)
  }

  app.post('/reports/:id/sections', write, async (request, reply) => {
    const id = idOf(request)
    if (!id) return notFound(reply)
    const body = formBody(request.body)
    const form = NewSectionForm.safeParse(body)
    if (!form.success)
      return showReport(request, reply, {
        errors: govukErrors(form.error),
        form: body,
        status: 400,
      })
    const outcome = await addSection(db, ctxOf(request), id, {
      ...form.data,
      block: form.data.block || null,
    })
    return answer(request, reply, isRefusal(outcome) ? outcome : { reportId: id }, body)
  })

  const statusCommand = (path: string, action: 'update' | 'validate', run: typeof submitReport) =>
    app.post(
      `/reports/:id/${path}`,
      { config: { access: permission('report', action) }, bodyLimit: FORM_BODY_LIMIT },
      async (request, reply) => {
        const id = idOf(request)
        if (!id) return notFound(reply)
        return answer(request, reply, await run(db, ctxOf(request), id))
      },
    )
  statusCommand('submit', 'update', submitReport)
  statusCommand('approve', 'validate', approveReport)
  statusCommand('send-back', 'validate', redraftReport)
  statusCommand('publish', 'update', publishReport)
  statusCommand('redraft', 'update', redraftReport)

  async function showSection(
    request: FastifyRequest,
    reply: FastifyReply,
    form?: Record<string, unknown>,
    errors = NO_ERRORS,
    status = 200,
  ) {
    const id = idOf(request)
    const section = id ? await findSection(db, actorOf(request), id) : undefined
    if (!section) return notFound(reply)
    return render(
      request,
      reply,
      view('section'),
      {
        title: `Edit: ${section.title}`,
        backLink: `/reports/${section.reportId}`,
        section,
        form: form ?? { title: section.title, body: section.body },
        errors,
      },
      status,
    )
  }

  app.get(
    '/reports/sections/:id',
    { config: { access: permission('report', 'update') } },
    (request, reply) => showSection(request, reply),
  )

  app.post('/reports/sections/:id', write, async (request, reply) => {
    const id = idOf(request)
    if (!id) return notFound(reply)
    const body = formBody(request.body)
    const form = SectionForm.safeParse(body)
    if (!form.success) return showSection(request, reply, body, govukErrors(form.error), 400)
    const outcome = await editSection(db, ctxOf(request), id, form.data)
    if (isRefusal(outcome))
      return showSection(
        request,
        reply,
        body,
        fieldError(outcome.field === 'report' ? 'body' : outcome.field, outcome.message),
        400,
      )
    return reply.redirect(`/reports/${outcome.reportId}#section-list`, 303)
  })

  app.post('/reports/sections/:id/move', write, async (request, reply) => {
    const id = idOf(request)
    const form = MoveForm.safeParse(formBody(request.body))
    if (!id || !form.success) return reply.code(400).send('Bad request')
    const outcome = await moveSection(db, ctxOf(request), id, form.data.direction)
    if (isRefusal(outcome)) return reply.code(400).send(outcome.message)
    return reply.redirect(`/reports/${outcome.reportId}#section-list`, 303)
  })

  app.post('/reports/sections/:id/remove', write, async (request, reply) => {
    const id = idOf(request)
    if (!id) return notFound(reply)
    const outcome = await removeSection(db, ctxOf(request), id)
    if (isRefusal(outcome)) return reply.code(400).send(outcome.message)
    return reply.redirect(`/reports/${outcome.reportId}#section-list`, 303)
  })

  app.get('/reports/:id/compare', read, async (request, reply) => {
    const id = idOf(request)
    const compared = id ? await compareWithPublished(db, actorOf(request), id) : null
    if (!compared) return notFound(reply)
    return render(request, reply, view('compare'), {
      title: `What changed since version ${compared.number}`,
      backLink: `/reports/${compared.report.id}`,
      ...compared,
    })
  })

  app.get(
    '/reports/:id/download',
    { config: { access: permission('report', 'export') } },
    async (request, reply) => {
      const id = idOf(request)
      const query = DownloadQuery.parse(request.query)
      const content = id ? await reportContent(db, actorOf(request), id, query.version) : null
      if (!content) return notFound(reply)
      return sendReport(reply, content, query.format, `report-${content.year.replace('/', '-')}`)
    },
  )

  return {
    showReportWithErrors: (
      request: FastifyRequest,
      reply: FastifyReply,
      errors: GovukErrors,
      form: Record<string, unknown>,
    ) => showReport(request, reply, { errors, form, status: 400 }),
    showSectionWithErrors: (request: FastifyRequest, reply: FastifyReply, errors: GovukErrors) =>
      showSection(request, reply, undefined, errors, 400),
  }
}
