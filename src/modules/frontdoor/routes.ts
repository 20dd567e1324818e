import type { FastifyPluginAsync } from 'fastify'
import { addNavigation } from '../../platform/navigation.js'
import { addHomePanel } from '../../platform/home-panels.js'
import { referrerHomePanel } from './home.js'
import { registerQueueAreaRoutes } from './queue/routes.js'
import { registerReportAConcernRoutes } from './report-a-concern/routes.js'
import type { FrontdoorDeps } from './routes/shared.js'

/** The front door: report a concern (public and professional), and the MASH queue. */
export const frontdoorRoutes: FastifyPluginAsync<FrontdoorDeps> = async (app, deps) => {
  addNavigation({ href: '/front-door', text: 'Front door', resource: 'referral', action: 'export' })
  addNavigation({ href: '/referrals', text: 'Referrals', resource: 'referral', action: 'create' })
  addHomePanel({
    key: 'referrer',
    resource: 'referral',
    action: 'create',
    load: referrerHomePanel,
  })
  addNavigation({
    href: '/front-door/checks',
    text: 'Agency checks',
    resource: 'referral-check',
    action: 'update',
  })

  registerReportAConcernRoutes(app, deps)
  registerQueueAreaRoutes(app, deps)
}
