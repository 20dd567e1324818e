import type { FastifyInstance } from 'fastify'
import type { Db } from '../../../db/database.js'
import { formBody } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
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
  items,
  registerAddForm,
  recordPage,
  registerListPage,
  registerPageForm,
} from './shared.js'

/** Inspections and reviews of the partnership's agencies, and their recommendations. */
export function registerInspectionRoutes(app: FastifyInstance, db: Db): void {
  const read = { config: { access: permission('governance', 'read') } }
  const update = { config: { access: permission('governance', 'update') } }

  registerListPage(app, {
    path: '/inspections',
    resource: 'governance',
    filter: ({ inspectorate = '' }) => ({ inspectorate }),
    load: async (actor, { inspectorate }) =>
      (await scoped(db, actor, trx => repo.listInspections(trx, actor.partnershipId))).filter(
        i => !inspectorate || i.inspectorate === inspectorate,
      ),
    exportName: 'inspections',
    columns: {
      inspectorate: i => INSPECTORATES[i.inspectorate as keyof typeof INSPECTORATES],
      subject: i => i.subject,
      agency: i => i.agencyName,
      started_on: i => i.startedOn,
      ended_on: i => i.endedOn,
      published_on: i => i.publishedOn,
      judgement: i => i.judgement,
    },
    view: 'inspections',
    model: (inspections, filter) => ({
      title: 'Inspections and reviews',
      inspections,
      inspectorates: INSPECTORATES,
      filter,
      inspectorateItems: items(INSPECTORATES, filter.inspectorate, 'All inspectorates'),
    }),
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

  const inspectionPage = recordPage({
    load: (actor, id) =>
      scoped(db, actor, async trx => {
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
      }),
    show: (_request, loaded, form = {}, actor) => ({
      view: 'inspection',
      model: {
        title: `${INSPECTORATES[loaded.inspection.inspectorate as keyof typeof INSPECTORATES]}: ${loaded.inspection.subject}`,
        ...loaded,
        inspectorates: INSPECTORATES,
        statuses: RECOMMENDATION_STATUSES,
        statusItems: items(RECOMMENDATION_STATUSES, ''),
        form,
        canEdit: can(actor.roles, 'governance', 'update'),
      },
    }),
  })

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
