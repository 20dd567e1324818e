import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { actorOf } from '../../../platform/http/access.js'
import { fieldError, formBody, type GovukErrors } from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { permission } from '../../../platform/permissions.js'
import {
  CATEGORY_NAMES,
  ChildIdParams,
  TRANSFER_IN_WORKING_DAYS,
  parseTransferIn,
} from '../schema.js'
import { childName, childProtectionSummary, recordTransferIn } from '../service.js'
import { afterChange } from './notices.js'

const BODY_LIMIT = 64 * 1024
const NO_ERRORS: GovukErrors = { summary: [], fields: {} }

/** A child arriving on a child protection plan from another authority: the transfer recorded. */
export const transferInRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    childId: string,
    state: { form?: Record<string, unknown>; errors?: GovukErrors; statusCode?: number } = {},
  ) {
    const summary = await childProtectionSummary(db, {
      actor: actorOf(request),
      childId,
      requestId: request.id,
    })
    if (!summary) return reply.callNotFound()
    const form = state.form ?? {}
    return render(
      request,
      reply,
      'protection/views/transfer-in-new.njk',
      {
        title: 'Record a child arriving on a child protection plan',
        backLink: `/protection/children/${childId}`,
        child: summary.child,
        name: childName(summary.child),
        workingDays: TRANSFER_IN_WORKING_DAYS,
        categoryItems: [
          { value: '', text: 'Select a category' },
          ...Object.entries(CATEGORY_NAMES).map(([value, text]) => ({
            value,
            text,
            selected: form.category === value,
          })),
        ],
        form,
        errors: state.errors ?? NO_ERRORS,
      },
      state.statusCode ?? 200,
    )
  }

  app.get(
    '/protection/children/:childId/transfer-in/new',
    { config: { access: permission('protection', 'create') } },
    async (request, reply) => {
      const params = ChildIdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      return showForm(request, reply, params.data.childId)
    },
  )

  app.post(
    '/protection/children/:childId/transfer-in',
    { config: { access: permission('protection', 'create') }, bodyLimit: BODY_LIMIT },
    async (request, reply) => {
      const params = ChildIdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const { childId } = params.data
      const body = formBody(request.body)
      const refuse = (errors: GovukErrors) =>
        showForm(request, reply, childId, { form: body, errors, statusCode: 400 })
      const parsed = parseTransferIn(body, londonToday())
      if (!parsed.success) return refuse(parsed.errors)
      const outcome = await recordTransferIn(db, {
        actor: actorOf(request),
        childId,
        input: parsed.data,
        requestId: request.id,
      })
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'refused') return refuse(fieldError(outcome.field, outcome.message))
      return reply.redirect(
        afterChange(`/protection/conferences/${outcome.id}`, 'transfer-in-recorded'),
        303,
      )
    },
  )
}
