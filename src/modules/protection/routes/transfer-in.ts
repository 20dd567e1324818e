import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { actorOf } from '../../../platform/http/access.js'
import { permission } from '../../../platform/permissions.js'
import { TRANSFER_IN_WORKING_DAYS, parseTransferIn } from '../schema.js'
import { childName, childProtectionSummary, recordTransferIn } from '../service.js'
import { afterChange } from './notices.js'
import { categoryItems, pageOf, postForm, renderForm, type PageState } from './forms.js'

const BODY_LIMIT = 64 * 1024

/** A child arriving on a child protection plan from another authority: the transfer recorded. */
export const transferInRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    childId: string,
    state: PageState = {},
  ) {
    const summary = await childProtectionSummary(db, {
      actor: actorOf(request),
      childId,
      requestId: request.id,
    })
    if (!summary) return reply.callNotFound()
    const form = state.form ?? {}
    return renderForm(
      request,
      reply,
      'protection/views/transfer-in-new.njk',
      {
        title: 'Record a child arriving on a child protection plan',
        backLink: `/protection/children/${childId}`,
        child: summary.child,
        name: childName(summary.child),
        workingDays: TRANSFER_IN_WORKING_DAYS,
        categoryItems: categoryItems(form.category),
        form,
      },
      state,
    )
  }

  app.get(
    '/protection/children/:childId/transfer-in/new',
    { config: { access: permission('protection', 'create') } },
    pageOf(showForm),
  )

  app.post(
    '/protection/children/:childId/transfer-in',
    { config: { access: permission('protection', 'create') }, bodyLimit: BODY_LIMIT },
    postForm({
      show: showForm,
      parse: body => parseTransferIn(body, londonToday()),
      run: (request, childId, input) =>
        recordTransferIn(db, { actor: actorOf(request), childId, input, requestId: request.id }),
      next: (_childId, outcome) =>
        afterChange(`/protection/conferences/${outcome.id}`, 'transfer-in-recorded'),
    }),
  )
}
