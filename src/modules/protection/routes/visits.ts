import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { actorOf } from '../../../platform/http/access.js'
import { can, permission } from '../../../platform/permissions.js'
import { parseVisit } from '../schema/visits.js'
import { childName } from '../service.js'
import { recordVisit, visitsPage } from '../service/visits.js'
import { pageOf, postForm, renderForm, type PageState } from './forms.js'

/** Statutory visits to a child on a plan: the record of visits, and a visit recorded. */
export const visitRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  async function showVisits(
    request: FastifyRequest,
    reply: FastifyReply,
    planId: string,
    state: PageState = {},
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
    return renderForm(
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
      },
      state,
    )
  }

  app.get(
    '/protection/plans/:id/visits',
    { config: { access: permission('protection', 'read') } },
    pageOf(showVisits),
  )

  app.post(
    '/protection/plans/:id/visits',
    { config: { access: permission('protection', 'create') } },
    postForm({
      show: showVisits,
      parse: body => parseVisit(body, londonToday()),
      run: (request, planId, input) =>
        recordVisit(db, { actor: actorOf(request), planId, input, requestId: request.id }),
      next: planId => `/protection/plans/${planId}/visits`,
    }),
  )
}
