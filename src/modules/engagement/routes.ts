import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import { render } from '../../platform/http/web.js'
import type { Mailer } from '../../platform/mail.js'
import { addNavigation } from '../../platform/navigation.js'
import { can, permission } from '../../platform/permissions.js'
import { registerBulletinRoutes } from './routes/bulletin.js'
import { registerCampaignRoutes } from './routes/campaigns.js'
import { registerPanelRoutes } from './routes/panel.js'
import { registerPriorityRoutes } from './routes/priorities.js'
import { registerPublicBulletinRoutes } from './routes/public-bulletin.js'
import { registerPublicSurveyRoutes } from './routes/public-survey.js'
import { registerSurveyRoutes } from './routes/surveys.js'
import { ctxOf, view } from './shared.js'

/** Engagement: surveys, the bulletin, the young people's panel, priorities and campaigns. */
export const engagementRoutes: FastifyPluginAsync<{
  db: Db
  mailer: Mailer
  config: Config
}> = async (app, { db, mailer, config }) => {
  addNavigation({ href: '/engagement', text: 'Engagement', resource: 'engagement', action: 'read' })

  app.get(
    '/engagement',
    { config: { access: permission('engagement', 'read') } },
    (request, reply) => {
      const roles = ctxOf(request).actor.roles
      return render(request, reply, view('index'), {
        title: 'Engagement',
        canPanel: can(roles, 'engagement-panel', 'read'),
        canBallot: can(roles, 'engagement-ballot', 'read'),
        canNameCoordinators: can(roles, 'role-grant', 'create'),
      })
    },
  )

  registerSurveyRoutes(app, db, config.publicUrl)
  registerPublicSurveyRoutes(app, db)
  const sendDeps = { db, mailer, publicUrl: config.publicUrl, secret: config.sessionSecret }
  registerBulletinRoutes(app, sendDeps)
  registerPublicBulletinRoutes(app, sendDeps)
  registerPanelRoutes(app, db)
  registerPriorityRoutes(app, db)
  registerCampaignRoutes(app, db)
}
