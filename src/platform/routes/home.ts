import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import { actorOf, guardAs } from '../http/access.js'
import { render } from '../http/web.js'
import type { Mailer } from '../mail.js'
import { PUBLIC, can, permission } from '../permissions.js'
import { frontPageBySlug, publicFrontPage } from './front-page.js'
import { homePanelsFor } from '../home-panels.js'

export const homeRoutes: FastifyPluginAsync<{ db: Db; config: Config; mailer: Mailer }> = async (
  app,
  { db, config },
) => {
  app.get('/p/:slug', { config: { access: PUBLIC } }, (request, reply) =>
    frontPageBySlug(db, request, reply),
  )

  // `/` is open: a member of the public sees the partnership's front page; a signed-in person
  // passes the dashboard guard (second factor, partnership) and sees their home page.
  app.get('/', { config: { access: PUBLIC } }, async (request, reply) => {
    if (!request.session) return publicFrontPage(db, config.defaultPartnership, request, reply)
    await guardAs(request, reply, permission('dashboard', 'read'))
    if (reply.sent) return reply
    const actor = actorOf(request)
    const panels = await homePanelsFor(db, actor, request.id)
    const links = [
      {
        href: '/admin',
        text: 'Administration',
        hint: 'People, roles, agencies, settings',
        show: can(actor.roles, 'partnership-settings', 'read'),
      },
      {
        href: '/admin/users',
        text: 'People and roles',
        hint: 'Who has access, and with which roles',
        show: can(actor.roles, 'user', 'read') && !can(actor.roles, 'partnership-settings', 'read'),
      },
      {
        href: '/admin/bank-holidays',
        text: 'Bank holidays',
        hint: 'The working-day calendar used for statutory timescales',
        show:
          can(actor.roles, 'bank-holiday', 'read') &&
          !can(actor.roles, 'partnership-settings', 'read'),
      },
      {
        href: '/audit',
        text: 'Audit trail',
        hint: 'Search who saw and changed what',
        show: can(actor.roles, 'audit', 'read'),
      },
      {
        href: '/account/api-tokens',
        text: 'Personal API tokens',
        hint: 'For tools that use the Keepsafe API',
        show: true,
      },
    ].filter(link => link.show)
    return render(request, reply, 'platform/views/home.njk', {
      title: 'Home',
      links,
      panels,
    })
  })
}
