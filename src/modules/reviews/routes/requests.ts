import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { fieldError, formBody, type GovukErrors } from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { CLOCK_STATE_NAMES, clockState } from '../clocks.js'
import { IdParams, parseAnswer } from '../schema.js'
import { answerRequest, listRequestsFor, requestPage } from '../service/requests.js'
import { FORM_BODY_LIMIT, ctxOf } from './shared.js'

const NO_ERRORS: GovukErrors = { summary: [], fields: {} }

/** Information requests: agency leads see and answer their own agency's; the business unit, all. */
export function registerRequestRoutes(app: FastifyInstance, db: Db) {
  app.get(
    '/reviews/requests',
    { config: { access: permission('case-review-request', 'read') } },
    async (request, reply) => {
      if (Object.keys(request.query ?? {}).length) return reply.code(400).send('Bad request')
      const today = londonToday()
      const requests = (await listRequestsFor(db, ctxOf(request))).map(r => ({
        ...r,
        state: clockState(r.dueOn, r.answeredOn, today),
      }))
      return render(request, reply, 'reviews/views/requests.njk', {
        title: 'Case review information requests',
        requests,
        stateNames: CLOCK_STATE_NAMES,
      })
    },
  )

  async function showRequest(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: { form?: Record<string, unknown>; errors?: GovukErrors; statusCode?: number } = {},
  ) {
    const found = await requestPage(db, ctxOf(request), id)
    if (!found) return reply.callNotFound()
    return render(
      request,
      reply,
      'reviews/views/request.njk',
      {
        title: `Information request for case ${found.caseReference}`,
        backLink: '/reviews/requests',
        request: found,
        state: clockState(found.dueOn, found.answeredOn, londonToday()),
        stateNames: CLOCK_STATE_NAMES,
        canAnswer: can(ctxOf(request).actor.roles, 'case-review-request', 'update'),
        form: state.form ?? {},
        errors: state.errors ?? NO_ERRORS,
      },
      state.statusCode,
    )
  }

  app.get(
    '/reviews/requests/:id',
    { config: { access: permission('case-review-request', 'read') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      return showRequest(request, reply, params.data.id)
    },
  )

  app.post(
    '/reviews/requests/:id/answer',
    { config: { access: permission('case-review-request', 'update') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const { id } = params.data
      const body = formBody(request.body)
      const parsed = parseAnswer(body)
      if (!parsed.success)
        return showRequest(request, reply, id, {
          form: body,
          errors: parsed.errors,
          statusCode: 400,
        })
      const outcome = await answerRequest(db, ctxOf(request), id, parsed.data.answer, londonToday())
      if (outcome.kind === 'refused') {
        if (outcome.field === 'not-found') return reply.callNotFound()
        return showRequest(request, reply, id, {
          form: body,
          errors: fieldError(outcome.field, outcome.message),
          statusCode: 400,
        })
      }
      return reply.redirect(`/reviews/requests/${id}`, 303)
    },
  )
}
