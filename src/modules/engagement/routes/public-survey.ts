import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import {
  type GovukErrors,
  fieldError,
  formBody,
  govukErrors,
  toGovukErrors,
} from '../../../platform/forms.js'
import { findPublicPartnership } from '../../../platform/front-page.js'
import { render } from '../../../platform/http/web.js'
import { PUBLIC } from '../../../platform/permissions.js'
import { isRefusal } from '../../../platform/refusal.js'
import { RespondentForm } from '../schema/surveys.js'
import { choicesOf, fieldOf, readAnswers } from '../service/answers.js'
import { publicSurvey, submitResponse } from '../service/surveys.js'
import {
  PUBLIC_POST,
  SlugTokenParams,
  isHoneypotFilled,
  rejectAsSoftware,
  view,
} from '../shared.js'
import { renderFormPage } from '../../../platform/http/form-page.js'

/**
 * A survey's public link: a plain form that works without JavaScript. Nothing about the visit
 * is kept with an anonymous answer (see service/surveys.ts); the rate limit counts by address in
 * memory only.
 */
export function registerPublicSurveyRoutes(app: FastifyInstance, db: Db): void {
  /** The survey the address names, if it is open to answers. */
  const openSurvey = async (request: FastifyRequest) => {
    const params = SlugTokenParams.safeParse(request.params)
    if (!params.success) return null
    const partnership = await findPublicPartnership(db, { slug: params.data.slug })
    const found = partnership ? await publicSurvey(db, partnership.id, params.data.token) : null
    return partnership && found ? { partnership, found, ...params.data } : null
  }

  const notOpen = (request: FastifyRequest, reply: FastifyReply) =>
    render(request, reply, view('survey-closed'), { title: 'This survey is not open' }, 404)

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors?: GovukErrors,
  ) => {
    const open = await openSurvey(request)
    if (!open) return notOpen(request, reply)
    const { partnership, found, slug, token } = open
    const selected = (question: { position: number }): unknown[] => {
      const raw: unknown = form[fieldOf(question)]
      return Array.isArray(raw) ? (raw as unknown[]) : raw === undefined ? [] : [raw]
    }
    return renderFormPage(
      request,
      reply,
      view('survey-answer'),
      {
        title: found.survey.title,
        partnership,
        survey: found.survey,
        action: `/survey/${slug}/${token}`,
        questions: found.questions.map(q => ({
          ...q,
          field: fieldOf(q),
          choices: choicesOf(q).map(choice => ({
            value: choice,
            text: choice,
            checked: selected(q).includes(choice),
          })),
          value: typeof form[fieldOf(q)] === 'string' ? form[fieldOf(q)] : '',
        })),
      },
      { form, errors },
    )
  }

  app.get('/survey/:slug/:token', { config: { access: PUBLIC } }, (request, reply) =>
    formPage(request, reply),
  )

  app.post('/survey/:slug/:token', PUBLIC_POST, async (request, reply) => {
    const body = formBody(request.body)
    if (isHoneypotFilled(body))
      return rejectAsSoftware(request, reply, 'Sorry, your answers could not be sent')
    const open = await openSurvey(request)
    if (!open) return notOpen(request, reply)
    const { partnership, found, slug, token } = open
    const read = readAnswers(found.questions, body)
    const respondent = found.survey.anonymous ? null : RespondentForm.safeParse(body)
    const errors = {
      ...(respondent && !respondent.success ? govukErrors(respondent.error).fields : {}),
      ...read.errors,
    }
    if (Object.keys(errors).length) return formPage(request, reply, body, toGovukErrors(errors))
    const outcome = await submitResponse(db, {
      partnershipId: partnership.id,
      token,
      body,
      respondent: respondent?.success
        ? { name: respondent.data.respondentName, email: respondent.data.respondentEmail }
        : null,
      requestId: request.id,
    })
    if (isRefusal(outcome))
      return formPage(request, reply, body, fieldError(outcome.field, outcome.message))
    if (outcome.kind === 'closed') return notOpen(request, reply)
    return reply.redirect(`/survey/${slug}/thank-you`, 303)
  })

  app.get('/survey/:slug/thank-you', { config: { access: PUBLIC } }, (request, reply) =>
    render(request, reply, view('survey-thanks'), { title: 'Thank you' }),
  )
}
