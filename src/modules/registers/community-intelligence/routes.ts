import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { sendCsv } from '../../../platform/csv.js'
import { type GovukErrors, fieldError, formBody, govukErrors } from '../../../platform/forms.js'
import { formatDateTime, render } from '../../../platform/http/web.js'
import { PUBLIC, can, permission } from '../../../platform/permissions.js'
import {
  IdParams,
  audit,
  ctxOf,
  items,
  registerListRoute,
  scoped,
  view,
  wordsFor,
} from '../shared.js'
import * as repo from './repo.js'
import { ABOUT, IntelligenceForm, QueueQuery } from './schema.js'
import { reviewIntelligence, shareIntelligence } from './service.js'
import { renderFormPage } from '../../../platform/http/form-page.js'

export const PUBLIC_BASE = '/share-information-about-exploitation'
const QUEUE = '/registers/intelligence'
const FORM_BODY_LIMIT = 64 * 1024
/** As many as the front door's public journey allows: enough for a person, not for a script. */
export const REPORTS_PER_HOUR = 10
const v = (name: string) => view('community-intelligence', name)

function rateLimitKey(request: FastifyRequest): string {
  return request.session ? `user:${request.session.user.id}` : `ip:${request.ip}`
}

/** The public form and the exploitation team's queue. */
export function registerIntelligenceRoutes(app: FastifyInstance, db: Db): void {
  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const partnerships = await repo.listPartnerships(db)
    const selected =
      form.partnership ?? (partnerships.length === 1 ? partnerships[0]?.slug : undefined)
    return renderFormPage(
      request,
      reply,
      v('form'),
      {
        title: 'Share information about child exploitation',
        partnershipItems: [
          { value: '', text: 'Select the area' },
          ...partnerships.map(p => ({
            value: p.slug,
            text: p.name,
            selected: p.slug === selected,
          })),
        ],
        aboutItems: items(ABOUT, form.about),
      },
      { form, errors },
    )
  }

  app.get(PUBLIC_BASE, { config: { access: PUBLIC } }, (request, reply) =>
    formPage(request, reply, {}),
  )

  app.post(
    PUBLIC_BASE,
    {
      bodyLimit: FORM_BODY_LIMIT,
      config: {
        access: PUBLIC,
        rateLimit: { max: REPORTS_PER_HOUR, timeWindow: '1 hour', keyGenerator: rateLimitKey },
      },
    },
    async (request, reply) => {
      const body = formBody(request.body)
      if (typeof body.website === 'string' && body.website !== '') {
        // Only software fills in the hidden field. Nothing is stored; the log has no content.
        request.log.warn({ event: 'intelligence.honeypot' }, 'intelligence refused by honeypot')
        return render(
          request,
          reply,
          v('rejected'),
          { title: 'Sorry, your information could not be sent' },
          400,
        )
      }
      const form = IntelligenceForm.safeParse(body)
      if (!form.success) return formPage(request, reply, body, govukErrors(form.error))
      const outcome = await shareIntelligence(db, form.data, request.id)
      if (outcome.kind === 'no-partnership')
        return formPage(request, reply, body, fieldError('partnership', 'Select the area'))
      return reply.redirect(`${PUBLIC_BASE}/sent`, 303)
    },
  )

  app.get(`${PUBLIC_BASE}/sent`, { config: { access: PUBLIC } }, (request, reply) =>
    render(request, reply, v('sent'), { title: 'Information sent' }),
  )

  registerListRoute(app, {
    path: QUEUE,
    resource: 'community-intelligence',
    query: QueueQuery,
    handler: async (request, reply, { show, format }, ctx) => {
      const { actor } = ctx
      const rows = await scoped(db, actor, async trx => {
        const all = await repo.listIntelligence(trx)
        await audit(trx, ctx, {
          action: format ? 'register.intelligence.exported' : 'register.intelligence.listed',
          resourceType: 'community-intelligence',
          resourceId: 'queue',
          detail: { show },
        })
        return all.filter(r => show === 'all' || r.status === show)
      })
      if (format === 'csv') {
        return sendCsv(
          reply,
          'community-intelligence.csv',
          ['Received', 'About', 'Where', 'What was seen or heard', 'Contact', 'Status'],
          rows.map(r => [
            formatDateTime(r.receivedAt),
            wordsFor(ABOUT, r.about),
            r.location,
            r.description,
            r.contact,
            r.status === 'new' ? 'New' : 'Reviewed',
          ]),
        )
      }
      return render(request, reply, v('queue'), {
        title: 'Community intelligence',
        rows: rows.map(r => ({ ...r, aboutName: wordsFor(ABOUT, r.about) })),
        show,
        showItems: items({ new: 'New', reviewed: 'Reviewed', all: 'All' }, show),
        canUpdate: can(actor.roles, 'community-intelligence', 'update'),
        canExport: can(actor.roles, 'community-intelligence', 'export'),
      })
    },
  })

  app.post(
    `${QUEUE}/:id/reviewed`,
    { config: { access: permission('community-intelligence', 'update') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const outcome = await reviewIntelligence(db, ctxOf(request), params.data.id)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(QUEUE, 303)
    },
  )
}
