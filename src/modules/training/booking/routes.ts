import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { inPartnership, type Db } from '../../../db/database.js'
import { listActiveAgencies } from '../../../platform/directory.js'
import {
  type GovukErrors,
  fieldError,
  formBody,
  govukErrors,
  namedItems,
} from '../../../platform/forms.js'
import { findPublicPartnership } from '../../../platform/front-page.js'
import { render } from '../../../platform/http/web.js'
import { londonToday } from '../../../platform/calendar.js'
import { PUBLIC, permission, scopeFor } from '../../../platform/permissions.js'
import { Refused, isRefusal, type Refusal } from '../../../platform/refusal.js'
import { findEvent, listCourses, listEvents } from '../catalogue/service.js'
import { BOOKING_STATUSES, LEVELS, badQuery, ctxOf, singleQuery, view } from '../shared.js'
import { listAwaitingApproval } from './repo.js'
import {
  AccountBookingForm,
  ApprovalForm,
  BookingForm,
  IdParams,
  SlugIdParams,
  SlugParams,
  SlugTokenParams,
} from './schema.js'
import {
  type Deps,
  acceptOffer,
  bookingByToken,
  cancelByStaff,
  cancelByToken,
  confirmEmailBooking,
  decideApproval,
  requestBooking,
} from './service.js'
import { renderFormPage } from '../../../platform/http/form-page.js'

const page = (name: string) => view('booking', name)
const publicRoute = { config: { access: PUBLIC } }

async function partnershipOf(db: Db, request: FastifyRequest) {
  const params = SlugParams.safeParse({ slug: (request.params as { slug?: unknown }).slug })
  return params.success ? findPublicPartnership(db, { slug: params.data.slug }) : undefined
}

/** The public programme, the booking form, and the pages the links in booking emails open. */
export function registerBookingRoutes(app: FastifyInstance, deps: Deps): void {
  const { db } = deps

  app.get('/programme/:slug', publicRoute, async (request, reply) => {
    const partnership = await partnershipOf(db, request)
    if (!partnership) return reply.callNotFound()
    const query = singleQuery(request, ['course']) ?? badQuery()
    const { courses, events } = await inPartnership(
      db,
      { partnershipId: partnership.id },
      async trx => {
        const all = await listCourses(trx)
        if (query.course && !all.some(c => c.id === query.course)) badQuery()
        return {
          courses: all,
          events: await listEvents(trx, {
            from: londonToday(),
            ...(query.course ? { courseId: query.course } : {}),
          }),
        }
      },
    )
    const months = new Map<string, typeof events>()
    for (const event of events.filter(e => e.status === 'open')) {
      const month = event.startsOn.slice(0, 7)
      months.set(month, [...(months.get(month) ?? []), event])
    }
    return render(request, reply, page('programme'), {
      title: `Training programme – ${partnership.name}`,
      partnership,
      months: [...months].map(([month, list]) => ({ label: monthLabel(month), events: list })),
      courseItems: [
        { value: '', text: 'All courses' },
        ...courses.map(c => ({ value: c.id, text: c.title, selected: c.id === query.course })),
      ],
      levels: LEVELS,
    })
  })

  const eventPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors?: GovukErrors,
  ) => {
    const params = SlugIdParams.safeParse(request.params)
    const partnership = params.success
      ? await findPublicPartnership(db, { slug: params.data.slug })
      : undefined
    if (!params.success || !partnership) return reply.callNotFound()
    const found = await inPartnership(db, { partnershipId: partnership.id }, async trx => ({
      event: await findEvent(trx, params.data.id),
      agencies: await listActiveAgencies(trx, partnership.id),
    }))
    if (!found.event || found.event.status !== 'open') return reply.callNotFound()
    const free = found.event.capacity - Number(found.event.held)
    return renderFormPage(
      request,
      reply,
      page('event'),
      {
        title: found.event.title,
        partnership,
        event: found.event,
        free: Math.max(0, free),
        open: found.event.startsOn > londonToday(),
        account: accountOf(request, partnership.id),
        agencyItems: namedItems(found.agencies, form.agencyId, 'Select your agency'),
        levels: LEVELS,
      },
      { form, errors },
    )
  }

  app.get('/programme/:slug/events/:id', publicRoute, (request, reply) => eventPage(request, reply))

  app.post('/programme/:slug/events/:id', publicRoute, async (request, reply) => {
    const params = SlugIdParams.safeParse(request.params)
    const partnership = params.success
      ? await findPublicPartnership(db, { slug: params.data.slug })
      : undefined
    if (!params.success || !partnership) return reply.callNotFound()
    const body = formBody(request.body)
    const account = accountOf(request, partnership.id)
    const parsed = account ? AccountBookingForm.safeParse(body) : BookingForm.safeParse(body)
    if (!parsed.success) return eventPage(request, reply, body, govukErrors(parsed.error))
    const form = { name: '', email: '', ...parsed.data }
    const outcome = await requestBooking(deps, {
      partnershipId: partnership.id,
      eventId: params.data.id,
      form,
      account,
      requestId: request.id,
    })
    if (isRefusal(outcome))
      return eventPage(request, reply, body, fieldError(outcome.field, outcome.message))
    const status = outcome.kind === 'booked' ? outcome.status : 'unverified'
    return render(request, reply, page('booked'), {
      title: outcome.kind === 'check-email' ? 'Check your email' : BOOKING_STATUSES[status],
      partnership,
      status,
    })
  })

  const tokenPage = async (request: FastifyRequest) => {
    const params = SlugTokenParams.safeParse(request.params)
    const partnership = params.success
      ? await findPublicPartnership(db, { slug: params.data.slug })
      : undefined
    return params.success && partnership ? { partnership, token: params.data.token } : null
  }
  const expired = (request: FastifyRequest, reply: FastifyReply) =>
    render(
      request,
      reply,
      page('link-expired'),
      { title: 'This link has expired or been used' },
      404,
    )

  app.get('/programme/:slug/confirm/:token', publicRoute, async (request, reply) => {
    const found = await tokenPage(request)
    if (!found) return expired(request, reply)
    return render(request, reply, page('confirm'), { title: 'Confirm your booking', ...found })
  })

  app.post('/programme/:slug/confirm/:token', publicRoute, async (request, reply) => {
    const found = await tokenPage(request)
    if (!found) return expired(request, reply)
    const outcome = await confirmEmailBooking(deps, {
      partnershipId: found.partnership.id,
      token: found.token,
      requestId: request.id,
    })
    if (outcome.kind === 'expired') return expired(request, reply)
    if (isRefusal(outcome)) {
      return render(
        request,
        reply,
        page('confirm'),
        { title: 'Confirm your booking', ...found, errors: fieldError('form', outcome.message) },
        400,
      )
    }
    return render(request, reply, page('booked'), {
      title: BOOKING_STATUSES[outcome.status],
      partnership: found.partnership,
      status: outcome.status,
    })
  })

  const managePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: GovukErrors,
    notice?: string,
  ) => {
    const found = await tokenPage(request)
    const booking = found ? await bookingByToken(db, found.partnership.id, found.token) : null
    if (!found || !booking) return expired(request, reply)
    return render(
      request,
      reply,
      page('manage'),
      {
        title: 'Your booking',
        ...found,
        booking,
        statusText: BOOKING_STATUSES[booking.status],
        errors,
        notice,
      },
      errors ? 400 : 200,
    )
  }

  app.get('/programme/:slug/bookings/:token', publicRoute, (request, reply) =>
    managePage(request, reply),
  )

  /**
   * A POST on the booking's manage page: the command run with the page's token, then the page
   * again with the refusal or with `notice` for what was done.
   */
  const manageAction = <R extends { kind: string }>(
    action: string,
    run: (input: { partnershipId: string; token: string; requestId: string }) => Promise<R>,
    notice: (outcome: Exclude<R, Refusal | { kind: 'expired' }>) => string,
  ) =>
    app.post(`/programme/:slug/bookings/:token/${action}`, publicRoute, async (request, reply) => {
      const found = await tokenPage(request)
      if (!found) return expired(request, reply)
      const outcome = await run({
        partnershipId: found.partnership.id,
        token: found.token,
        requestId: request.id,
      })
      if (outcome.kind === 'expired') return expired(request, reply)
      if (isRefusal(outcome)) return managePage(request, reply, fieldError('form', outcome.message))
      return managePage(
        request,
        reply,
        undefined,
        notice(outcome as Exclude<R, Refusal | { kind: 'expired' }>),
      )
    })

  manageAction(
    'cancel',
    input => cancelByToken(deps, input),
    outcome =>
      outcome.late
        ? 'Your booking is cancelled. It was cancelled after the cut-off, so your agency may be charged.'
        : 'Your booking is cancelled.',
  )
  manageAction(
    'accept',
    input => acceptOffer(deps, input),
    () => 'You have taken the place.',
  )

  registerApprovalRoutes(app, deps)
}

/** Managers approve their own staff's bookings; the business unit cancels on someone's behalf. */
function registerApprovalRoutes(app: FastifyInstance, deps: Deps) {
  const approvals = async (request: FastifyRequest, reply: FastifyReply, errors?: GovukErrors) => {
    const ctx = ctxOf(request)
    const rows = await inPartnership(deps.db, ctx.actor, trx =>
      listAwaitingApproval(
        trx,
        scopeFor(ctx.actor.roles, 'training-approval', 'read') === 'partnership'
          ? null
          : ctx.actor.agencyIds,
      ),
    )
    return render(
      request,
      reply,
      page('approvals'),
      { title: 'Bookings to approve', rows, errors },
      errors ? 400 : 200,
    )
  }
  app.get(
    '/training/approvals',
    { config: { access: permission('training-approval', 'read') } },
    (request, reply) => approvals(request, reply),
  )
  app.post(
    '/training/approvals/:id',
    { config: { access: permission('training-approval', 'update') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const form = ApprovalForm.safeParse(formBody(request.body))
      if (!form.success) return approvals(request, reply, govukErrors(form.error))
      const outcome = await decideApproval(
        deps,
        ctxOf(request),
        params.data.id,
        form.data.decision === 'approve',
      )
      if (isRefusal(outcome)) return approvals(request, reply, fieldError('form', outcome.message))
      if (outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect('/training/approvals', 303)
    },
  )
  app.post(
    '/training/bookings/:id/cancel',
    { config: { access: permission('training', 'update') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const outcome = await cancelByStaff(deps, ctxOf(request), params.data.id)
      if (isRefusal(outcome)) throw new Refused(outcome)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(`/training/events/${outcome.eventId}?notice=cancelled`, 303)
    },
  )
}

function accountOf(request: FastifyRequest, partnershipId: string) {
  const session = request.session
  if (!session || session.partnership?.partnershipId !== partnershipId) return null
  return { userId: session.user.id, email: session.user.email, name: session.user.displayName }
}

function monthLabel(month: string): string {
  return new Date(`${month}-15T12:00:00Z`).toLocaleDateString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
}
