import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { actorOf } from '../../../platform/http/access.js'
import { fieldError, formBody, type GovukErrors } from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { IdParams } from '../schema.js'
import { parseVisit } from '../schema/visits.js'
import { childName } from '../service.js'
import { recordVisit, visitsPage } from '../service/visits.js'

const NO_ERRORS: GovukErrors = { summary: [], fields: {} }

/** Statutory visits to a child on a plan: the record of visits, and a visit recorded. */
export const visitRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  async function showVisits(
    request: FastifyRequest,
    reply: FastifyReply,
    planId: string,
    state: { form?: Record<string, unknown>; errors?: GovukErrors; statusCode?: number } = {},
  ) {
    const actor = actorOf(request)
    const today = londonToday()
    const found = await visitsPage(db, { actor, planId, requestId: request.id, today })
    if (!found) return reply.callNotFound()
    const form = state.form ?? {}
    const yesNo = (name: string) =>
      ['yes', 'no'].map(value => ({
        value,
        text: value === 'yes' ? 'Yes' : 'No',
        checked: form[name] === value,
      }))
    return render(
      request,
      reply,
      'protection/views/visits.njk',
      {
        title: `Statutory visits: ${childName(found.child)}`,
        backLink: `/protection/plans/${planId}`,
        ...found,
        canRecord: can(actor.roles, 'protection', 'create') && found.plan.endDate === null,
        childSeenItems: yesNo('childSeen'),
        seenAloneItems: yesNo('seenAlone'),
        form,
        errors: state.errors ?? NO_ERRORS,
      },
      state.statusCode ?? 200,
    )
  }

  app.get(
    '/protection/plans/:id/visits',
    { config: { access: permission('protection', 'read') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      return showVisits(request, reply, params.data.id)
    },
  )

  app.post(
    '/protection/plans/:id/visits',
    { config: { access: permission('protection', 'create') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const planId = params.data.id
      const body = formBody(request.body)
      const refused = (errors: GovukErrors) =>
        showVisits(request, reply, planId, { form: body, errors, statusCode: 400 })
      const form = parseVisit(body, londonToday())
      if (!form.success) return refused(form.errors)
      const outcome = await recordVisit(db, {
        actor: actorOf(request),
        planId,
        input: form.data,
        requestId: request.id,
      })
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'refused') return refused(fieldError(outcome.field, outcome.message))
      return reply.redirect(`/protection/plans/${planId}/visits`, 303)
    },
  )
}
