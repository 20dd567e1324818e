import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { type GovukErrors, formBody } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import * as repo from '../repo.js'
import {
  INSPECTORATES,
  InspectionForm,
  RECOMMENDATION_STATUSES,
  RecommendationForm,
  RecommendationStatusForm,
} from '../schema.js'
import { addRecommendation, createInspection, setRecommendationStatus } from '../service/records.js'
import { scoped } from '../service/shared.js'
import {
  agencyItems,
  ctxOf,
  idOf,
  isExport,
  items,
  query,
  registerAddForm,
  registerPageForm,
  sendExport,
  view,
} from './shared.js'

/** Inspections and reviews of the partnership's agencies, and their recommendations. */
export function registerInspectionRoutes(app: FastifyInstance, db: Db): void {
  const read = { config: { access: permission('governance', 'read') } }
  const update = { config: { access: permission('governance', 'update') } }

  app.get('/inspections', read, async (request, reply) => {
    const actor = actorOf(request)
    const { inspectorate = '', format } = query(request)
    const inspections = (
      await scoped(db, actor, trx => repo.listInspections(trx, actor.partnershipId))
    ).filter(i => !inspectorate || i.inspectorate === inspectorate)
    if (isExport(format)) {
      return sendExport(
        reply,
        actor,
        'governance',
        format,
        'inspections',
        [
          'inspectorate',
          'subject',
          'agency',
          'started_on',
          'ended_on',
          'published_on',
          'judgement',
        ],
        inspections.map(i => [
          INSPECTORATES[i.inspectorate as keyof typeof INSPECTORATES],
          i.subject,
          i.agencyName,
          i.startedOn,
          i.endedOn,
          i.publishedOn,
          i.judgement,
        ]),
      )
    }
    return render(request, reply, view('inspections'), {
      title: 'Inspections and reviews',
      inspections,
      inspectorates: INSPECTORATES,
      filter: { inspectorate },
      inspectorateItems: items(INSPECTORATES, inspectorate, 'All inspectorates'),
      canEdit: can(actor.roles, 'governance', 'create'),
    })
  })

  registerAddForm(app, {
    path: '/inspections',
    resource: 'governance',
    view: 'inspection-form',
    title: 'Add an inspection or review',
    model: async (request, form) => ({
      inspectorateItems: items(INSPECTORATES, form.inspectorate, 'Select the inspectorate'),
      agencyItems: await agencyItems(
        db,
        actorOf(request),
        'The partnership as a whole',
        form.agencyId,
      ),
    }),
    schema: InspectionForm,
    add: (ctx, inspection) => createInspection(db, ctx, inspection),
  })

  const inspectionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors?: GovukErrors,
  ) => {
    const id = idOf(request)
    const actor = actorOf(request)
    const loaded = id
      ? await scoped(db, actor, async trx => {
          const inspection = await repo.findInspection(trx, actor.partnershipId, id)
          if (!inspection) return null
          const [recommendations, links] = await Promise.all([
            repo.listRecommendations(trx, id),
            repo.listRecommendationActions(trx, id),
          ])
          const steps = await repo.listPlanStepsForActions(
            trx,
            links.map(l => l.actionId),
          )
          return {
            inspection,
            recommendations: recommendations.map(r => ({
              ...r,
              actions: links
                .filter(l => l.recommendationId === r.id)
                .map(l => {
                  const own = steps.filter(s => s.actionId === l.actionId)
                  const done = own.filter(s => s.status === 'complete').length
                  return { ...l, steps: own.length, complete: done }
                }),
            })),
          }
        })
      : null
    if (!loaded) return reply.callNotFound()
    return render(
      request,
      reply,
      view('inspection'),
      {
        title: `${INSPECTORATES[loaded.inspection.inspectorate as keyof typeof INSPECTORATES]}: ${loaded.inspection.subject}`,
        ...loaded,
        inspectorates: INSPECTORATES,
        statuses: RECOMMENDATION_STATUSES,
        statusItems: items(RECOMMENDATION_STATUSES, ''),
        form,
        errors,
        canEdit: can(actor.roles, 'governance', 'update'),
      },
      errors ? 400 : 200,
    )
  }

  app.get('/inspections/:id', read, (request, reply) => inspectionPage(request, reply))

  registerPageForm(app, '/inspections/:id/recommendations', permission('governance', 'update'), {
    schema: RecommendationForm,
    page: inspectionPage,
    save: (ctx, inspectionId, recommendation) =>
      addRecommendation(db, ctx, inspectionId, recommendation),
    savedUrl: inspectionId => `/governance/inspections/${inspectionId}`,
  })

  app.post('/recommendations/:id/status', update, async (request, reply) => {
    const id = idOf(request)
    if (!id) return reply.callNotFound()
    const form = RecommendationStatusForm.safeParse(formBody(request.body))
    if (!form.success) return reply.code(400).send('Select the recommendation’s status')
    const outcome = await setRecommendationStatus(db, ctxOf(request), id, form.data.status)
    if (outcome.kind === 'not-found') return reply.callNotFound()
    return reply.redirect(`/governance/inspections/${outcome.inspectionId}`, 303)
  })
}
