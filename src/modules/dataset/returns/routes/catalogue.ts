import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { inPartnership, type Db } from '../../../../db/database.js'
import { listActiveAgencies } from '../../../../platform/directory.js'
import {
  fieldError,
  formBody,
  govukErrors,
  type GovukErrors,
  namedItems,
} from '../../../../platform/forms.js'
import { actorOf } from '../../../../platform/http/access.js'
import { render } from '../../../../platform/http/web.js'
import { can, permission } from '../../../../platform/permissions.js'
import { sendTable } from '../export.js'
import { FREQUENCIES, IdParams, IndicatorForm, PageQuery, POLARITIES, UNITS } from '../schema.js'
import {
  auditExport,
  createIndicator,
  findIndicator,
  listIndicators,
  updateIndicator,
} from '../service.js'
import { badQuery, ctxOf, items, noticeOf, readQuery, requireExport, view } from './shared.js'

const NO_ERRORS: GovukErrors = { summary: [], fields: {} }

async function renderForm(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  model: { id: string | null; form: Record<string, unknown>; errors: GovukErrors },
) {
  const actor = actorOf(request)
  const agencies = await inPartnership(db, { partnershipId: actor.partnershipId }, trx =>
    listActiveAgencies(trx, actor.partnershipId),
  )
  const { form } = model
  return render(
    request,
    reply,
    view('indicator-form'),
    {
      title: model.id ? 'Change an indicator' : 'Add an indicator',
      action: model.id ? `/dataset/returns/indicators/${model.id}` : '/dataset/returns/indicators',
      form,
      errors: model.errors,
      agencyItems: namedItems(agencies, form.agencyId, 'Choose an agency'),
      frequencyItems: items(FREQUENCIES, form.frequency ?? 'quarterly'),
      polarityItems: items(POLARITIES, form.polarity),
      unitItems: items(UNITS, form.unit ?? 'count'),
    },
    model.errors.summary.length ? 400 : 200,
  )
}

/** The indicator catalogue: what each agency is asked for, kept by the business unit. */
export function registerCatalogueRoutes(app: FastifyInstance, db: Db): void {
  app.get(
    '/indicators',
    { config: { access: permission('return-indicator', 'read') } },
    async (request, reply) => {
      const parsed = readQuery(PageQuery, request)
      if (!parsed.ok) return badQuery(request, reply, parsed.errors)
      const query = parsed.data
      const actor = actorOf(request)
      const indicators = await listIndicators(db, actor)
      if (query.format) {
        requireExport(request, 'return-indicator')
        await auditExport(db, ctxOf(request), 'indicators', query.format, indicators.length)
        return sendTable(
          reply,
          query.format,
          'return-indicators',
          [
            'Key',
            'Indicator',
            'Definition',
            'Agency',
            'Frequency',
            'Polarity',
            'Unit',
            'Asked for',
          ],
          indicators.map(i => [
            i.key,
            i.name,
            i.definition,
            i.agencyName,
            FREQUENCIES[i.frequency as keyof typeof FREQUENCIES],
            POLARITIES[i.polarity as keyof typeof POLARITIES],
            UNITS[i.unit as keyof typeof UNITS],
            i.isActive ? 'Yes' : 'No',
          ]),
        )
      }
      return render(request, reply, view('indicators'), {
        title: 'Indicator catalogue',
        indicators,
        FREQUENCIES,
        POLARITIES,
        UNITS,
        canEdit: can(actor.roles, 'return-indicator', 'update'),
        canExport: can(actor.roles, 'return-indicator', 'export'),
        notice: noticeOf(query.notice),
      })
    },
  )

  const create = { config: { access: permission('return-indicator', 'create') } }
  app.get('/indicators/new', create, (request, reply) =>
    renderForm(db, request, reply, { id: null, form: { isActive: 'yes' }, errors: NO_ERRORS }),
  )
  app.post('/indicators', create, async (request, reply) => {
    const form = formBody(request.body)
    const parsed = IndicatorForm.safeParse(form)
    if (!parsed.success)
      return renderForm(db, request, reply, { id: null, form, errors: govukErrors(parsed.error) })
    const outcome = await createIndicator(db, ctxOf(request), parsed.data)
    if (outcome.kind === 'refused')
      return renderForm(db, request, reply, {
        id: null,
        form,
        errors: fieldError(outcome.field, outcome.message),
      })
    return reply.redirect('/dataset/returns/indicators?notice=created', 303)
  })

  const update = { config: { access: permission('return-indicator', 'update') } }
  app.get('/indicators/:id/edit', update, async (request, reply) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const indicator = await findIndicator(db, actorOf(request), params.data.id)
    if (!indicator) return reply.callNotFound()
    return renderForm(db, request, reply, {
      id: indicator.id,
      form: { ...indicator, isActive: indicator.isActive ? 'yes' : 'no' },
      errors: NO_ERRORS,
    })
  })
  app.post('/indicators/:id', update, async (request, reply) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const form = formBody(request.body)
    const parsed = IndicatorForm.safeParse(form)
    const id = params.data.id
    if (!parsed.success) {
      if (!(await findIndicator(db, actorOf(request), id))) return reply.callNotFound()
      return renderForm(db, request, reply, { id, form, errors: govukErrors(parsed.error) })
    }
    const outcome = await updateIndicator(db, ctxOf(request), id, parsed.data)
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'refused')
      return renderForm(db, request, reply, {
        id,
        form,
        errors: fieldError(outcome.field, outcome.message),
      })
    return reply.redirect('/dataset/returns/indicators?notice=updated', 303)
  })
}
