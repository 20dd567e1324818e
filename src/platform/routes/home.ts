import { londonToday } from '../calendar.js'
import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import { actorOf } from '../http/access.js'
import { render } from '../http/web.js'
import type { Mailer } from '../mail.js'
import { can, permission } from '../permissions.js'
import { partnershipCalendar } from '../admin.js'

export const homeRoutes: FastifyPluginAsync<{ db: Db; config: Config; mailer: Mailer }> = async (
  app,
  { db },
) => {
  app.get('/', { config: { access: permission('dashboard', 'read') } }, async (request, reply) => {
    const actor = actorOf(request)
    const today = londonToday()
    const calendar = await partnershipCalendar(db, actor)
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
      today,
      tenWorkingDays: calendar.addWorkingDays(today, 10),
      fifteenWorkingDays: calendar.addWorkingDays(today, 15),
    })
  })
}
