import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../../db/database.js'
import { withDateInputs } from '../../../platform/date-input.js'
import { listActiveAgenciesAs } from '../../../platform/directory.js'
import {
  type GovukErrors,
  checkedItems,
  fieldError,
  formBody,
  govukErrors,
} from '../../../platform/forms.js'
import { renderFormPage } from '../../../platform/http/form-page.js'
import { permission } from '../../../platform/permissions.js'
import { date, manyIds, optionalText, text } from '../schema.js'
import { ctxOf, idParam, refusedBy } from '../shared.js'
import { listPeerEvents, raiseChallenge, recordPeerEvent } from './service.js'

const view = (name: string) => `assurance/peer-challenge/views/${name}.njk`

const EventFields = z
  .object({
    _csrf: z.string().optional(),
    title: text(200, 'Enter the title of the event', 'The title'),
    heldOn: date('the date of the event'),
    agencyIds: manyIds('Select the agencies that took part'),
    outcomes: optionalText(10000, 'The outcomes'),
  })
  .strict()

const EventForm = withDateInputs(['heldOn'], EventFields)

const ChallengeForm = z
  .object({
    _csrf: z.string().optional(),
    raisedBy: text(200, 'Enter who made the challenge', 'Who challenged'),
    challenged: text(200, 'Enter who was challenged', 'Who was challenged'),
    subject: text(2000, 'Enter the challenge', 'The challenge'),
  })
  .strict()

export function registerPeerChallengeRoutes(app: FastifyInstance, db: Db) {
  const create = { config: { access: permission('assurance', 'create') } }

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const ctx = ctxOf(request)
    const [events, agencies] = await Promise.all([
      listPeerEvents(db, ctx),
      listActiveAgenciesAs(db, ctx.actor),
    ])
    return renderFormPage(
      request,
      reply,
      view('events'),
      {
        title: 'Peer challenge events',
        events,
        agencyItems: checkedItems(agencies, form.agencyIds),
      },
      { form, errors },
    )
  }

  app.get('/peer-challenge', create, (request, reply) => page(request, reply, {}))
  app.post('/peer-challenge', create, async (request, reply) => {
    const body = formBody(request.body)
    const form = EventForm.safeParse(body)
    if (!form.success) return page(request, reply, body, govukErrors(form.error))
    const outcome = await recordPeerEvent(db, ctxOf(request), {
      ...form.data,
      cycleId: null,
      returnIds: [],
    })
    if (outcome.kind === 'refused')
      return page(request, reply, body, fieldError(outcome.field, outcome.message))
    return reply.redirect('/assurance/peer-challenge', 303)
  })
  app.post('/peer-challenge/:id/challenges', create, async (request, reply) => {
    const id = idParam(request)
    if (!id) return reply.callNotFound()
    const body = formBody(request.body)
    const form = ChallengeForm.safeParse(body)
    const outcome = form.success
      ? await raiseChallenge(db, ctxOf(request), id, form.data)
      : refusedBy(form.error, 'subject')
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'refused')
      return page(request, reply, {}, fieldError(`${id}-${outcome.field}`, outcome.message))
    return reply.redirect('/assurance/peer-challenge', 303)
  })
}
