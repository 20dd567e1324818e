import { createFormRoutes, type FormPage } from '../../../platform/http/create-form.js'
import { recordFormPost } from '../../../platform/http/form-post.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { type GovukErrors, fieldError, formBody, govukErrors } from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { isRefusal } from '../../../platform/refusal.js'
import { TABLE_FORMATS, sendTable } from '../../../platform/spreadsheets.js'
import {
  EvidenceForm,
  QUESTION_KINDS,
  QuestionForm,
  StatusForm,
  SurveyForm,
} from '../schema/surveys.js'
import { fieldOf } from '../service/answers.js'
import {
  actionChoices,
  addQuestion,
  createSurvey,
  linkSurveyEvidence,
  listSurveys,
  setSurveyStatus,
  surveyResults,
  surveyTable,
} from '../service/surveys.js'
import { IdParams, ctxOf, percent, view } from '../shared.js'
import { partnershipSlug } from '../../../platform/front-page.js'
import { renderFormPage } from '../../../platform/http/form-page.js'

const BASE = '/engagement/surveys'

/** The business unit's survey pages: the list, the builder, results, CSV and plan evidence. */
export function registerSurveyRoutes(app: FastifyInstance, db: Db, publicUrl: string): void {
  app.get(
    BASE,
    { config: { access: permission('engagement', 'read') } },
    async (request, reply) => {
      const ctx = ctxOf(request)
      const surveys = await listSurveys(db, ctx)
      return render(request, reply, view('surveys'), {
        title: 'Surveys',
        surveys: surveys.map(s => ({ ...s, rate: percent(s.responses, s.invitedCount) })),
        canCreate: can(ctx.actor.roles, 'engagement', 'create'),
      })
    },
  )

  const newPage: FormPage = (request, reply, form, errors) =>
    render(
      request,
      reply,
      view('survey-new'),
      { title: 'New survey', form, errors },
      errors ? 400 : 200,
    )
  createFormRoutes(app, {
    path: BASE,
    access: permission('engagement', 'create'),
    schema: SurveyForm,
    page: newPage,
    run: (request, input) => createSurvey(db, ctxOf(request), input),
    next: id => `${BASE}/${id}`,
  })

  const surveyPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { form?: Record<string, unknown>; errors?: GovukErrors } = {},
  ) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const ctx = ctxOf(request)
    const page = await surveyResults(db, ctx, params.data.id)
    if (!page) return reply.callNotFound()
    const canUpdate = can(ctx.actor.roles, 'engagement', 'update')
    const actions =
      canUpdate && can(ctx.actor.roles, 'business-plan', 'read') ? await actionChoices(db, ctx) : []
    const slug = await partnershipSlug(db, ctx.actor.partnershipId)
    return renderFormPage(
      request,
      reply,
      view('survey'),
      {
        title: page.survey.title,
        ...page,
        publicLink: `${publicUrl}/survey/${slug}/${page.survey.linkToken}`,
        kindItems: [
          { value: '', text: 'Select the type' },
          ...Object.entries(QUESTION_KINDS).map(([value, text]) => ({
            value,
            text,
            selected: extra.form?.kind === value,
          })),
        ],
        kinds: QUESTION_KINDS,
        actionItems: [
          { value: '', text: 'Select the action' },
          ...actions.map(a => ({ value: a.id, text: a.label })),
        ],
        actionLabels: Object.fromEntries(actions.map(a => [a.id, a.label])),
        canUpdate,
        canExport: can(ctx.actor.roles, 'engagement', 'export'),
        fieldOf,
      },
      extra,
    )
  }
  app.get(
    `${BASE}/:id`,
    { config: { access: permission('engagement', 'read') } },
    (request, reply) => surveyPage(request, reply),
  )

  recordFormPost(app, `${BASE}/:id/questions`, {
    access: permission('engagement', 'update'),
    params: IdParams,
    schema: QuestionForm,
    run: (request, id, input) => addQuestion(db, ctxOf(request), id, input),
    show: (request, reply, state) => surveyPage(request, reply, state),
    done: (reply, id) => reply.redirect(`${BASE}/${id}#questions`, 303),
  })

  app.post(
    `${BASE}/:id/status`,
    { config: { access: permission('engagement', 'update') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const parsed = StatusForm.safeParse(formBody(request.body))
      if (!parsed.success) return surveyPage(request, reply, { errors: govukErrors(parsed.error) })
      const outcome = await setSurveyStatus(db, ctxOf(request), params.data.id, parsed.data.status)
      if (isRefusal(outcome))
        return surveyPage(request, reply, { errors: fieldError(outcome.field, outcome.message) })
      if (outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(`${BASE}/${params.data.id}`, 303)
    },
  )

  for (const format of TABLE_FORMATS)
    app.get(
      `${BASE}/:id/responses.${format}`,
      { config: { access: permission('engagement', 'export') } },
      async (request, reply) => {
        const params = IdParams.safeParse(request.params)
        if (!params.success) return reply.callNotFound()
        const table = await surveyTable(db, ctxOf(request), params.data.id)
        if (!table) return reply.callNotFound()
        return sendTable(reply, format, 'survey-responses', table.header, table.rows)
      },
    )

  recordFormPost(app, `${BASE}/:id/evidence`, {
    access: permission('engagement', 'update'),
    params: IdParams,
    schema: EvidenceForm,
    run: (request, id, input) => linkSurveyEvidence(db, ctxOf(request), id, input.actionId),
    show: (request, reply, state) => surveyPage(request, reply, state),
    done: (reply, id) => reply.redirect(`${BASE}/${id}#evidence`, 303),
  })
}
