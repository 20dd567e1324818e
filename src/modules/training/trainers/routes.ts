import type { FastifyInstance } from 'fastify'
import type { Db } from '../../../db/database.js'
import { listActiveAgenciesAs } from '../../../platform/directory.js'
import { createFormRoutes, type FormPage } from '../../../platform/http/create-form.js'
import { recordFormPost } from '../../../platform/http/form-post.js'
import { formatDate, render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { IdParams } from '../booking/schema.js'
import { listCourses } from '../catalogue/service.js'
import {
  agencyItems,
  courseItems,
  ctxOf,
  exportIfAsked,
  items,
  listQuery,
  recordPage,
  scoped,
  view,
} from '../shared.js'
import { DeliveryForm, GRADES, ObservationForm, TrainerForm } from './schema.js'
import {
  addObservation,
  addTrainer,
  deliveryLog,
  deliveryWithObservations,
  logDelivery,
  trainerPool,
} from './service.js'
import { listTrainers } from './repo.js'
import { renderFormPage } from '../../../platform/http/form-page.js'

const page = (name: string) => view('trainers', name)
const access = (action: 'read' | 'create') => ({
  config: { access: permission('training-delivery', action) },
})

/** The trainer pool, the single-agency delivery log and quality observations. */
export function registerTrainerRoutes(app: FastifyInstance, db: Db): void {
  app.get('/training/trainers', access('read'), async (request, reply) => {
    const ctx = ctxOf(request)
    const query = listQuery(request)
    const trainers = await trainerPool(db, ctx)
    const exported = exportIfAsked(ctx, reply, 'training-delivery', query.format, () => ({
      name: 'training-trainers',
      header: ['name', 'agency', 'accredited_on', 'active', 'deliveries'],
      rows: trainers.map(t => [
        t.name,
        t.agencyName,
        t.accreditedOn,
        t.active ? 'yes' : 'no',
        Number(t.deliveries),
      ]),
    }))
    if (exported) return exported
    return render(request, reply, page('trainers'), {
      title: 'Trainer pool',
      trainers,
      canEdit: can(ctx.actor.roles, 'training-delivery', 'create'),
      notice: query.notice === 'added' ? 'Trainer added' : undefined,
    })
  })

  const trainerForm: FormPage = async (request, reply, form, errors) => {
    const ctx = ctxOf(request)
    const agencies = await listActiveAgenciesAs(db, ctx.actor)
    return renderFormPage(
      request,
      reply,
      page('trainer-form'),
      {
        title: 'Add a trainer',
        agencyItems: agencyItems(agencies, form.agencyId),
      },
      { form, errors },
    )
  }
  createFormRoutes(app, {
    path: '/training/trainers',
    access: permission('training-delivery', 'create'),
    schema: TrainerForm,
    page: trainerForm,
    run: (request, input) => addTrainer(db, ctxOf(request), input),
    next: () => '/training/trainers?notice=added',
  })

  app.get('/training/deliveries', access('read'), async (request, reply) => {
    const ctx = ctxOf(request)
    const query = listQuery(request)
    const deliveries = await deliveryLog(db, ctx)
    const exported = exportIfAsked(ctx, reply, 'training-delivery', query.format, () => ({
      name: 'training-deliveries',
      header: ['delivered_on', 'course', 'trainer', 'agency', 'delegates', 'latest_observation'],
      rows: deliveries.map(d => [
        d.deliveredOn,
        d.title,
        d.trainerName,
        d.agencyName,
        d.delegates,
        d.grade ? GRADES[d.grade as keyof typeof GRADES] : '',
      ]),
    }))
    if (exported) return exported
    return render(request, reply, page('deliveries'), {
      title: 'Single-agency delivery',
      deliveries,
      grades: GRADES,
      canEdit: can(ctx.actor.roles, 'training-delivery', 'create'),
      notice: query.notice === 'added' ? 'Delivery logged' : undefined,
    })
  })

  const deliveryForm: FormPage = async (request, reply, form, errors) => {
    const ctx = ctxOf(request)
    const { courses, trainers } = await scoped(db, ctx.actor, async trx => ({
      courses: await listCourses(trx),
      trainers: await listTrainers(trx),
    }))
    return renderFormPage(
      request,
      reply,
      page('delivery-form'),
      {
        title: 'Log a delivery',
        courseItems: courseItems(courses, form.courseId),
        trainerItems: items(
          Object.fromEntries(
            trainers.filter(t => t.active).map(t => [t.id, `${t.name} (${t.agencyName})`]),
          ),
          form.trainerId,
          'Select the trainer',
        ),
      },
      { form, errors },
    )
  }
  createFormRoutes(app, {
    path: '/training/deliveries',
    access: permission('training-delivery', 'create'),
    schema: DeliveryForm,
    page: deliveryForm,
    run: (request, input) => logDelivery(db, ctxOf(request), input),
    next: outcome => `/training/deliveries/${outcome.id}`,
  })

  const deliveryPage = recordPage(async (request, reply, id, ctx, { form, errors }) => {
    const found = await deliveryWithObservations(db, ctx, id)
    if (!found) return reply.callNotFound()
    return renderFormPage(
      request,
      reply,
      page('delivery'),
      {
        title: `${found.delivery.title}, ${formatDate(found.delivery.deliveredOn)}`,
        ...found,
        grades: GRADES,
        gradeItems: items(GRADES, form.grade, 'Select the grade'),
        canEdit: can(ctx.actor.roles, 'training-delivery', 'create'),
      },
      { form, errors },
    )
  })
  app.get('/training/deliveries/:id', access('read'), (request, reply) =>
    deliveryPage(request, reply),
  )
  recordFormPost(app, '/training/deliveries/:id/observations', {
    access: permission('training-delivery', 'create'),
    params: IdParams,
    schema: ObservationForm,
    run: (request, id, input) => addObservation(db, ctxOf(request), id, input),
    show: (request, reply, state) => deliveryPage(request, reply, state.form, state.errors),
    done: (reply, id) => reply.redirect(`/training/deliveries/${id}`, 303),
  })
}
