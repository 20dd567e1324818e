import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { listActiveAgencies } from '../../../platform/directory.js'
import { type GovukErrors, fieldError, formBody, govukErrors } from '../../../platform/forms.js'
import { partnershipSlug } from '../../../platform/front-page.js'
import { createFormRoutes, type FormPage } from '../../../platform/http/create-form.js'
import { recordFormPost } from '../../../platform/http/form-post.js'
import { render } from '../../../platform/http/web.js'
import { londonToday } from '../../../platform/calendar.js'
import { can, permission } from '../../../platform/permissions.js'
import { isRefusal } from '../../../platform/refusal.js'
import { IdParams } from '../booking/schema.js'
import {
  ATTENDANCE,
  BOOKING_STATUSES,
  LEVELS,
  agencyItems,
  badQuery,
  courseItems,
  ctxOf,
  exportIfAsked,
  items,
  listQuery,
  pounds,
  recordPage,
  scoped,
  singleQuery,
  view,
} from '../shared.js'
import * as repo from './repo.js'
import { CourseForm, EventForm, RequirementForm, ReservationForm, SettingsForm } from './schema.js'
import {
  createCourse,
  createEvent,
  readSettings,
  reservePlaces,
  saveSettings,
  setRequirement,
} from './service.js'
import { renderFormPage } from '../../../platform/http/form-page.js'

const page = (name: string) => view('catalogue', name)
const access = (resource: 'training', action: 'read' | 'create' | 'update') => ({
  config: { access: permission(resource, action) },
})

/** The business unit's side of the catalogue: courses, events and their bookings, the policy. */
export function registerCatalogueRoutes(app: FastifyInstance, db: Db): void {
  app.get('/training', access('training', 'read'), async (request, reply) => {
    const ctx = ctxOf(request)
    const query = singleQuery(request, ['format', 'past']) ?? badQuery()
    const past = query.past === 'yes'
    const events = await scoped(db, ctx.actor, async trx =>
      (await repo.listEvents(trx)).filter(e =>
        past ? e.startsOn < londonToday() : e.startsOn >= londonToday(),
      ),
    )
    const exported = exportIfAsked(ctx, reply, 'training', query.format, () => ({
      name: 'training-events',
      header: [
        'date',
        'time',
        'course',
        'venue',
        'online',
        'capacity',
        'places_held',
        'waiting',
        'status',
      ],
      rows: events.map(e => [
        e.startsOn,
        e.startTime,
        e.title,
        e.venue,
        e.online ? 'yes' : 'no',
        e.capacity,
        Number(e.held),
        Number(e.waiting),
        e.status,
      ]),
    }))
    if (exported) return exported
    return render(request, reply, page('index'), {
      title: 'Training',
      events,
      past,
      slug: await partnershipSlug(db, ctx.actor.partnershipId),
      canEdit: can(ctx.actor.roles, 'training', 'create'),
      canExport: can(ctx.actor.roles, 'training', 'export'),
      canDeliver: can(ctx.actor.roles, 'training-delivery', 'read'),
    })
  })

  app.get('/training/courses', access('training', 'read'), async (request, reply) => {
    const ctx = ctxOf(request)
    const query = listQuery(request)
    const courses = await scoped(db, ctx.actor, trx => repo.listCourses(trx))
    const exported = exportIfAsked(ctx, reply, 'training', query.format, () => ({
      name: 'training-courses',
      header: [
        'title',
        'level',
        'audience',
        'outcomes',
        'competencies',
        'duration_minutes',
        'needs_approval',
      ],
      rows: courses.map(c => [
        c.title,
        LEVELS[c.level as keyof typeof LEVELS],
        c.audience,
        c.outcomes,
        c.competencies,
        c.durationMinutes,
        c.needsApproval ? 'yes' : 'no',
      ]),
    }))
    if (exported) return exported
    return render(request, reply, page('courses'), {
      title: 'Courses',
      courses,
      levels: LEVELS,
      canEdit: can(ctx.actor.roles, 'training', 'create'),
      notice: query.notice === 'added' ? 'Course added' : undefined,
    })
  })

  const courseForm: FormPage = (request, reply, form, errors) =>
    renderFormPage(
      request,
      reply,
      page('course-form'),
      {
        title: 'Add a course',
        levelItems: items(LEVELS, form.level, 'Select the level'),
      },
      { form, errors },
    )
  createFormRoutes(app, {
    path: '/training/courses',
    access: permission('training', 'create'),
    schema: CourseForm,
    page: courseForm,
    run: (request, input) => createCourse(db, ctxOf(request), input),
    next: () => '/training/courses?notice=added',
  })

  const eventForm: FormPage = async (request, reply, form, errors) => {
    const ctx = ctxOf(request)
    const courses = await scoped(db, ctx.actor, trx => repo.listCourses(trx))
    return renderFormPage(
      request,
      reply,
      page('event-form'),
      {
        title: 'Add an event',
        courseItems: courseItems(courses, form.courseId),
      },
      { form, errors },
    )
  }
  createFormRoutes(app, {
    path: '/training/events',
    access: permission('training', 'create'),
    schema: EventForm,
    page: eventForm,
    run: (request, input) => createEvent(db, ctxOf(request), input),
    next: outcome => `/training/events/${outcome.id}`,
  })

  const eventPage = recordPage(async (request, reply, id, ctx, { form, errors }) => {
    const query = listQuery(request)
    const found = await scoped(db, ctx.actor, async trx => {
      const event = await repo.findEvent(trx, id)
      if (!event) return null
      return {
        event,
        bookings: await repo.listEventBookings(trx, event.id),
        reservations: await repo.listReservations(trx, event.id),
        agencies: await listActiveAgencies(trx, ctx.actor.partnershipId),
      }
    })
    if (!found) return reply.callNotFound()
    const exported = exportIfAsked(ctx, reply, 'training', query.format, () => ({
      name: `bookings-${found.event.startsOn}`,
      header: [
        'name',
        'email',
        'agency',
        'job_role',
        'status',
        'attendance',
        'late_cancellation',
        'charge',
      ],
      rows: found.bookings.map(b => [
        b.name,
        b.email,
        b.agencyName,
        b.jobRole,
        BOOKING_STATUSES[b.status],
        b.attendance ? ATTENDANCE[b.attendance] : '',
        b.lateCancellation ? 'yes' : 'no',
        b.chargePence / 100,
      ]),
    }))
    if (exported) return exported
    return renderFormPage(
      request,
      reply,
      page('event'),
      {
        title: found.event.title,
        ...found,
        statuses: BOOKING_STATUSES,
        attendance: ATTENDANCE,
        pounds,
        agencyItems: agencyItems(found.agencies, form.agencyId),
        canEdit: can(ctx.actor.roles, 'training', 'update'),
        canExport: can(ctx.actor.roles, 'training', 'export'),
        canRegister: can(ctx.actor.roles, 'training-register', 'read'),
        notice: { cancelled: 'Booking cancelled', reserved: 'Places kept' }[query.notice ?? ''],
      },
      { form, errors },
    )
  })
  app.get('/training/events/:id', access('training', 'read'), (request, reply) =>
    eventPage(request, reply),
  )
  recordFormPost(app, '/training/events/:id/reservations', {
    access: permission('training', 'update'),
    params: IdParams,
    schema: ReservationForm,
    run: (request, id, input) => reservePlaces(db, ctxOf(request), id, input),
    show: (request, reply, state) => eventPage(request, reply, state.form, state.errors),
    done: (reply, id) => reply.redirect(`/training/events/${id}?notice=reserved`, 303),
  })

  registerPolicyRoutes(app, db)
}

/** The charging policy and cut-off, and each agency's training requirement. */
function registerPolicyRoutes(app: FastifyInstance, db: Db) {
  const settingsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form?: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const ctx = ctxOf(request)
    const saved = await readSettings(db, ctx)
    const query = singleQuery(request, ['notice']) ?? badQuery()
    const values = form ?? {
      cancelCutoffDays: String(saved.cancelCutoffDays),
      offerHours: String(saved.offerHours),
      noShowCharge: (saved.noShowChargePence / 100).toFixed(2),
      lateCancelCharge: (saved.lateCancelChargePence / 100).toFixed(2),
    }
    const { requirements, agencies } = await scoped(db, ctx.actor, async trx => ({
      requirements: await repo.listRequirements(trx),
      agencies: await listActiveAgencies(trx, ctx.actor.partnershipId),
    }))
    return render(
      request,
      reply,
      page('settings'),
      {
        title: 'Charging policy and requirements',
        form: values,
        errors,
        requirements,
        agencyItems: agencyItems(agencies, values.agencyId),
        notice: { saved: 'Policy saved', requirement: 'Requirement saved' }[query.notice ?? ''],
      },
      errors ? 400 : 200,
    )
  }
  app.get('/training/settings', access('training', 'read'), (request, reply) =>
    settingsPage(request, reply),
  )
  app.post('/training/settings', access('training', 'update'), async (request, reply) => {
    const body = formBody(request.body)
    const form = SettingsForm.safeParse(body)
    if (!form.success) return settingsPage(request, reply, body, govukErrors(form.error))
    await saveSettings(db, ctxOf(request), form.data)
    return reply.redirect('/training/settings?notice=saved', 303)
  })
  app.post('/training/requirements', access('training', 'update'), async (request, reply) => {
    const body = formBody(request.body)
    const form = RequirementForm.safeParse(body)
    if (!form.success) return settingsPage(request, reply, undefined, govukErrors(form.error))
    const outcome = await setRequirement(db, ctxOf(request), form.data)
    if (isRefusal(outcome))
      return settingsPage(request, reply, undefined, fieldError(outcome.field, outcome.message))
    return reply.redirect('/training/settings?notice=requirement', 303)
  })
}
