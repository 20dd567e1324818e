import fastifyMultipart from '@fastify/multipart'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { fieldError, formBody, type GovukErrors } from '../../forms.js'
import { actorOf } from '../../http/access.js'
import { render } from '../../http/web.js'
import { brandLogoOf, MAX_LOGO_BYTES, removeLogo, saveLogo } from '../../partnership-logo.js'
import { permission } from '../../permissions.js'
import { isRefusal } from '../../refusal.js'
import type { AdminOptions } from '../admin.js'

const PAGE = 'platform/views/admin/logo.njk'

/** The partnership's own logo, on its own page beside the settings. */
export const logoRoutes: FastifyPluginAsync<AdminOptions> = async (app, { db }) => {
  // One file; one byte over the limit is kept so that the service can say it is too large.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_LOGO_BYTES + 1, files: 1, fields: 2, parts: 3 },
  })

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: GovukErrors,
    notice?: string,
  ) =>
    render(
      request,
      reply,
      PAGE,
      {
        title: 'Partnership logo',
        backLink: '/admin/settings',
        logo: await brandLogoOf(db, actorOf(request).partnershipId),
        errors,
        ...(notice ? { notice } : {}),
      },
      errors ? 400 : 200,
    )

  app.get(
    '/settings/logo',
    { config: { access: permission('partnership-settings', 'read') } },
    async (request, reply) => {
      const saved = (request.query as { notice?: unknown }).notice
      const notice = { saved: 'Logo saved', removed: 'Logo removed' }[String(saved)]
      return show(request, reply, undefined, notice)
    },
  )

  app.post(
    '/settings/logo',
    { config: { access: permission('partnership-settings', 'update') } },
    async (request, reply) => {
      const file = formBody(request.body).file
      if (!Buffer.isBuffer(file) || file.length === 0)
        return show(request, reply, fieldError('file', 'Select a PNG or JPEG image'))
      const outcome = await saveLogo(db, actorOf(request), file, request.id)
      if (isRefusal(outcome)) return show(request, reply, fieldError('file', outcome.message))
      return reply.redirect('/admin/settings/logo?notice=saved', 303)
    },
  )

  app.post(
    '/settings/logo/remove',
    { config: { access: permission('partnership-settings', 'update') } },
    async (request, reply) => {
      await removeLogo(db, actorOf(request), request.id)
      return reply.redirect('/admin/settings/logo?notice=removed', 303)
    },
  )
}
