import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { listActiveAgenciesAs } from '../../../platform/directory.js'
import {
  type GovukErrors,
  fieldError,
  formBody,
  namedItems,
  checkedItems,
} from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { createFormRoutes, type FormPage } from '../../../platform/http/create-form.js'
import { renderFormPage } from '../../../platform/http/form-page.js'
import { can, permission } from '../../../platform/permissions.js'
import { auditGradings } from '../queries.js'
import { ctxOf, formatOnlyQuery, idParam, items, refusedBy, scoped, sendExport } from '../shared.js'
import {
  AuditForm,
  CATEGORY_WORDS,
  GradeForm,
  ModerationForm,
  ReferenceForm,
  ReportForm,
  SampleForm,
} from './schema.js'
import {
  GRADES,
  THEMES,
  addCaseByReference,
  createAudit,
  drawSample,
  finalGrade,
  listAudits,
  moderateForm,
  readAudit,
  readCase,
  reportAudit,
  startAuditing,
  submitForm,
} from './service.js'

const view = (name: string) => `assurance/case-file-audits/views/${name}.njk`
type Refused = ReturnType<typeof refusedBy>
const STATUS = {
  sampling: 'Drawing the sample',
  auditing: 'Auditing',
  reported: 'Reported to the board',
}

export function registerCaseAuditRoutes(app: FastifyInstance, db: Db) {
  const read = { config: { access: permission('case-file-audit', 'read') } }
  const create = { config: { access: permission('case-file-audit', 'create') } }
  const update = { config: { access: permission('case-file-audit', 'update') } }
  const base = '/case-file-audits'

  app.get(base, read, async (request, reply) => {
    const query = formatOnlyQuery(request)
    if (!query) return reply.code(400).send('Bad query')
    const ctx = ctxOf(request)
    const audits = await listAudits(db, ctx)
    if (query.format) {
      if (!can(ctx.actor.roles, 'case-file-audit', 'export'))
        return reply.code(403).send('Forbidden')
      const gradings = await scoped(db, ctx.actor, trx =>
        auditGradings(trx, ctx.actor.partnershipId),
      )
      return sendExport(db, request, reply, {
        format: query.format,
        name: 'case-file-audits',
        header: ['Audit', 'Theme', 'Status', 'Cases', 'Forms graded', ...Object.values(GRADES)],
        rows: gradings.map(g => [
          g.title,
          g.theme in THEMES ? THEMES[g.theme as keyof typeof THEMES] : g.theme,
          STATUS[g.status as keyof typeof STATUS],
          g.cases,
          `${g.graded} of ${g.forms}`,
          ...Object.keys(GRADES).map(k => g.grades[k as keyof typeof GRADES]),
        ]),
      })
    }
    return render(request, reply, view('audits'), {
      title: 'Case file audits',
      audits,
      themes: THEMES,
      status: STATUS,
      canCreate: can(ctx.actor.roles, 'case-file-audit', 'create'),
    })
  })

  const newPage: FormPage = async (request, reply, form, errors) => {
    const ctx = ctxOf(request)
    const agencies = await listActiveAgenciesAs(db, ctx.actor)
    return renderFormPage(
      request,
      reply,
      view('audit-form'),
      {
        title: 'Start a case file audit',
        themeItems: items(THEMES, form.theme, 'Select the theme'),
        agencyItems: checkedItems(agencies, form.agencyIds),
      },
      { form, errors },
    )
  }
  createFormRoutes(app, {
    path: base,
    access: create.config.access,
    schema: AuditForm,
    page: newPage,
    run: (request, input) => createAudit(db, ctxOf(request), input),
    next: outcome => `/assurance${base}/${outcome.id}`,
  })

  const auditPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors?: GovukErrors,
  ) => {
    const id = idParam(request)
    const data = id && (await readAudit(db, ctxOf(request), id))
    if (!data) return reply.callNotFound()
    return renderFormPage(
      request,
      reply,
      view('audit'),
      {
        title: data.audit.title,
        ...data,
        themes: THEMES,
        status: STATUS,
        grades: GRADES,
        finalGrade,
        categoryItems: items(CATEGORY_WORDS, form.category, 'Any category'),
        teamItems: namedItems(data.teams, form.teamId, 'Any team'),
      },
      { form, errors },
    )
  }
  app.get(`${base}/:id`, read, (request, reply) => auditPage(request, reply))

  const command = (
    path: string,
    run: (
      request: FastifyRequest,
      id: string,
      body: Record<string, unknown>,
    ) => Promise<{ kind: string } | Refused>,
    done: (id: string) => string,
  ) =>
    app.post(`${base}/:id${path}`, create, async (request, reply) => {
      const id = idParam(request)
      if (!id) return reply.callNotFound()
      const body = formBody(request.body)
      const outcome = await run(request, id, body)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'refused') {
        const refused = outcome as Refused
        return auditPage(request, reply, body, fieldError(refused.field, refused.message))
      }
      return reply.redirect(done(id), 303)
    })

  command(
    '/sample',
    async (request, id, body) => {
      const form = SampleForm.safeParse(body)
      if (!form.success) return refusedBy(form.error)
      const { size, seed, ...criteria } = form.data
      return drawSample(db, ctxOf(request), id, {
        criteria,
        size,
        seed,
      })
    },
    id => `/assurance${base}/${id}`,
  )
  command(
    '/cases',
    async (request, id, body) => {
      const form = ReferenceForm.safeParse(body)
      return form.success
        ? addCaseByReference(db, ctxOf(request), id, form.data.reference)
        : refusedBy(form.error)
    },
    id => `/assurance${base}/${id}`,
  )
  command(
    '/start',
    (request, id) => startAuditing(db, ctxOf(request), id),
    id => `/assurance${base}/${id}`,
  )
  command(
    '/report',
    async (request, id, body) => {
      const form = ReportForm.safeParse(body)
      return form.success ? reportAudit(db, ctxOf(request), id, form.data) : refusedBy(form.error)
    },
    id => `/assurance${base}/${id}/report`,
  )

  const casePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: GovukErrors,
    form: Record<string, unknown> = {},
  ) => {
    const id = idParam(request)
    const sampleId = idParam(request, 'sampleId')
    const data = id && sampleId && (await readCase(db, ctxOf(request), id, sampleId))
    if (!data) return reply.callNotFound()
    const ctx = ctxOf(request)
    return renderFormPage(
      request,
      reply,
      view('case'),
      {
        title: `Case ${data.sample.position}: ${data.audit.title}`,
        ...data,
        canModerate: can(ctx.actor.roles, 'case-file-audit', 'create'),
        gradeItems: (selected: unknown) =>
          Object.entries(GRADES).map(([value, text]) => ({
            value,
            text,
            checked: value === selected,
          })),
        grades: GRADES,
      },
      { form, errors },
    )
  }
  app.get(`${base}/:id/cases/:sampleId`, read, (request, reply) => casePage(request, reply))

  const formRoute = (
    path: string,
    access: typeof update,
    run: (
      request: FastifyRequest,
      formId: string,
      body: Record<string, unknown>,
    ) => Promise<{ kind: string } | Refused>,
  ) =>
    app.post(`${base}/:id/cases/:sampleId/forms/:formId${path}`, access, async (request, reply) => {
      const formId = idParam(request, 'formId')
      if (!formId || !idParam(request) || !idParam(request, 'sampleId')) return reply.callNotFound()
      const body = formBody(request.body)
      const outcome = await run(request, formId, body)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'refused') {
        const refused = outcome as Refused
        return casePage(
          request,
          reply,
          fieldError(`${formId}-${refused.field}`, refused.message),
          body,
        )
      }
      const { id, sampleId } = request.params as { id: string; sampleId: string }
      return reply.redirect(`/assurance${base}/${id}/cases/${sampleId}`, 303)
    })
  formRoute('', update, async (request, formId, body) => {
    const form = GradeForm.safeParse(body)
    if (!form.success) return refusedBy(form.error)
    const { grade, ...rest } = form.data
    const answers = Object.fromEntries(
      Object.entries(rest)
        .filter(([k]) => k.startsWith('answer-'))
        .map(([k, v]) => [k.slice(7), v.trim()]),
    )
    return submitForm(db, ctxOf(request), formId, { answers, grade })
  })
  formRoute('/moderation', create, async (request, formId, body) => {
    const form = ModerationForm.safeParse(body)
    return form.success
      ? moderateForm(db, ctxOf(request), formId, form.data)
      : refusedBy(form.error)
  })

  app.get(`${base}/:id/report`, read, async (request, reply) => {
    const id = idParam(request)
    const query = formatOnlyQuery(request)
    if (!id) return reply.callNotFound()
    if (!query) return reply.code(400).send('Bad query')
    const ctx = ctxOf(request)
    const data = await readAudit(db, ctx, id)
    if (!data || (!data.businessUnit && !can(ctx.actor.roles, 'case-file-audit', 'export')))
      return reply.callNotFound()
    const agencies = [...new Set(data.forms.map(f => f.agencyName))].sort()
    const rows = agencies.map(name => {
      const own = data.forms.filter(f => f.agencyName === name)
      return [name, ...Object.keys(GRADES).map(g => own.filter(f => finalGrade(f) === g).length)]
    })
    if (query.format) {
      return sendExport(db, request, reply, {
        format: query.format,
        name: `case-file-audit-${data.audit.title}`,
        header: ['Agency', ...Object.values(GRADES)],
        rows,
      })
    }
    return render(request, reply, view('report'), {
      title: `Report: ${data.audit.title}`,
      ...data,
      rows,
      gradeWords: Object.values(GRADES),
      themes: THEMES,
    })
  })
}
