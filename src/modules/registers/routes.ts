import fastifyMultipart from '@fastify/multipart'
import type { FastifyPluginAsync } from 'fastify'
import type { Db } from '../../db/database.js'
import { actorOf } from '../../platform/http/access.js'
import { render } from '../../platform/http/web.js'
import { addNavigation } from '../../platform/navigation.js'
import { can, permission } from '../../platform/permissions.js'
import { registerIntelligenceRoutes } from './community-intelligence/routes.js'
import { registerExploitationRoutes } from './exploitation/routes.js'
import { registerFgmRoutes } from './fgm/routes.js'
import { registerMissingRoutes } from './missing/routes.js'
import { registerPanelRoutes } from './panels/routes.js'
import { registerPrivateFosteringRoutes } from './private-fostering/routes.js'
import { registerSettingsRoutes } from './settings/routes.js'

/** Uploads: one file per request (a police CSV up to 1 MB, a screening tool up to 5 MB). */
const UPLOAD_LIMITS = { fileSize: 5 * 1024 * 1024, files: 1, fields: 5, parts: 6 }

/** Children at particular risk: the registers, the panels that hold them, community intelligence. */
export const registersRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  addNavigation({
    href: '/registers',
    text: 'Children at risk',
    resource: 'register',
    action: 'read',
  })
  addNavigation({
    href: '/registers/panels',
    text: 'Panels',
    resource: 'register-panel',
    action: 'read',
  })
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: UPLOAD_LIMITS })

  app.get(
    '/registers',
    { config: { access: permission('register', 'read') } },
    (request, reply) => {
      const actor = actorOf(request)
      return render(request, reply, 'registers/views/index.njk', {
        title: 'Children at particular risk',
        canIntelligence: can(actor.roles, 'community-intelligence', 'read'),
        canSettings: can(actor.roles, 'register-settings', 'read'),
      })
    },
  )

  registerExploitationRoutes(app, db)
  registerMissingRoutes(app, db)
  registerFgmRoutes(app, db)
  registerPrivateFosteringRoutes(app, db)
  registerPanelRoutes(app, db)
  registerIntelligenceRoutes(app, db)
  registerSettingsRoutes(app, db)
}
