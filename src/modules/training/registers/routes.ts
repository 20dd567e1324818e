import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type GovukErrors, fieldError, formBody, govukErrors } from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { londonToday } from '../../../platform/calendar.js'
import { can, permission } from '../../../platform/permissions.js'
import { isRefusal } from '../../../platform/refusal.js'
import type { Deps } from '../booking/service.js'
import { IdParams } from '../booking/schema.js'
import { findEvent } from '../catalogue/service.js'
import {
  ATTENDANCE,
  badQuery,
  ctxOf,
  isExport,
  pounds,
  scoped,
  sendExport,
  singleQuery,
  view,
} from '../shared.js'
import * as repo from './repo.js'
import { PeriodQuery, registerForm } from './schema.js'
import { chargesList, markRegister, registerOf } from './service.js'

const page = (name: string) => view('registers', name)

/** The register of an event, and the charges list for invoicing agencies. */
export function registerRegisterRoutes(app: FastifyInstance, deps: Deps): void {
  const { db } = deps
  const registerPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form?: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const ctx = ctxOf(request)
    const event = await scoped(db, ctx.actor, trx => findEvent(trx, params.data.id))
    if (!event) return reply.callNotFound()
    const people = await registerOf(db, ctx, event.id)
    const values = form ?? Object.fromEntries(people.map(p => [`mark-${p.id}`, p.attendance ?? '']))
    return render(
      request,
      reply,
      page('register'),
      {
        title: `Register: ${event.title}`,
        event,
        people,
        form: values,
        errors,
        marks: ATTENDANCE,
        open: event.startsOn <= londonToday(),
        canMark: can(ctx.actor.roles, 'training-register', 'update'),
        notice:
          (singleQuery(request, ['notice']) ?? badQuery()).notice === 'saved'
            ? 'Register saved'
            : undefined,
      },
      errors ? 400 : 200,
    )
  }
  app.get(
    '/training/events/:id/register',
    { config: { access: permission('training-register', 'read') } },
    (request, reply) => registerPage(request, reply),
  )
  app.post(
    '/training/events/:id/register',
    { config: { access: permission('training-register', 'update') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const ctx = ctxOf(request)
      const people = await scoped(db, ctx.actor, async trx =>
        (await findEvent(trx, params.data.id)) ? repo.registerOf(trx, params.data.id) : null,
      )
      if (!people) return reply.callNotFound()
      const body = formBody(request.body)
      const marksGiven = Object.fromEntries(Object.entries(body).filter(([key]) => key !== '_csrf'))
      const form = registerForm(people.map(p => p.id)).safeParse(marksGiven)
      if (!form.success) return registerPage(request, reply, body, govukErrors(form.error))
      const marks = Object.fromEntries(
        Object.entries(form.data).map(([key, value]) => [key.slice(5), value]),
      )
      const outcome = await markRegister(deps, ctx, params.data.id, marks)
      if (isRefusal(outcome))
        return registerPage(request, reply, body, fieldError(outcome.field, outcome.message))
      if (outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(`/training/events/${params.data.id}/register?notice=saved`, 303)
    },
  )

  app.get(
    '/training/charges',
    { config: { access: permission('training', 'update') } },
    async (request, reply) => {
      const ctx = ctxOf(request)
      const raw = singleQuery(request, ['from', 'to', 'format']) ?? badQuery()
      const today = londonToday()
      const parsed = PeriodQuery.safeParse({
        from: raw.from ?? `${today.slice(0, 4)}-01-01`,
        to: raw.to ?? today,
        ...(raw.format ? { format: raw.format } : {}),
      })
      const errors = parsed.success ? undefined : govukErrors(parsed.error)
      const period = parsed.success ? parsed.data : { from: today, to: today, format: undefined }
      const charges = await chargesList(db, ctx, { from: period.from, to: period.to })
      if (parsed.success && isExport(period.format)) {
        return sendExport(
          ctx.actor,
          'training',
          reply,
          period.format,
          `training-charges-${period.from}-to-${period.to}`,
          ['agency', 'name', 'job_role', 'course', 'event_date', 'reason', 'charge'],
          charges.rows.map(r => [
            r.agencyName,
            r.name,
            r.jobRole,
            r.title,
            r.startsOn,
            r.lateCancellation ? 'Late cancellation' : (ATTENDANCE[r.attendance ?? ''] ?? ''),
            r.chargePence / 100,
          ]),
        )
      }
      return render(
        request,
        reply,
        page('charges'),
        {
          title: 'Charges for non-attendance',
          ...charges,
          form: { from: raw.from ?? period.from, to: raw.to ?? period.to },
          errors,
          pounds,
          marks: ATTENDANCE,
        },
        errors ? 400 : 200,
      )
    },
  )
}
