import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import { render } from '../http/web.js'
import type { Mailer } from '../mail.js'
import { permission } from '../permissions.js'
import { agencyRoutes } from './admin/agencies.js'
import { bankHolidayRoutes } from './admin/bank-holidays.js'
import { peopleRoutes } from './admin/people.js'
import { settingsRoutes } from './admin/settings.js'
import { logoRoutes } from './admin/logo.js' // council (issue 16 point 18)
import { signInProviderRoutes } from './admin/sign-in-providers.js' // council (issue 16 point 11)

export interface AdminOptions {
  db: Db
  config: Config
  mailer: Mailer
}

/** The administration pages under /admin: one plugin per area, registered here. */
export const adminRoutes: FastifyPluginAsync<AdminOptions> = async (
  app,
  { db, config, mailer },
) => {
  // Not the options as given: they hold the prefix, which the area plugins inherit anyway.
  const options = { db, config, mailer }
  app.get(
    '/',
    { config: { access: permission('partnership-settings', 'read') } },
    async (request, reply) =>
      render(request, reply, 'platform/views/admin/index.njk', { title: 'Administration' }),
  )
  await app.register(peopleRoutes, options)
  await app.register(agencyRoutes, options)
  await app.register(bankHolidayRoutes, options)
  await app.register(settingsRoutes, options)
  await app.register(logoRoutes, options)
  await app.register(signInProviderRoutes, options)
}
