import type { FastifyInstance } from 'fastify'
import type { FrontdoorDeps } from '../routes/shared.js'
import { registerCheckRoutes } from './routes/checks.js'
import { registerContactRoutes } from './routes/contact.js'
import { registerJoiningRoutes } from './routes/joining.js'
import { registerQueueRoutes } from './routes/queue.js'
import { registerReferralRoutes } from './routes/referral.js'
import { registerSettingsRoutes } from './routes/settings.js'
import { registerTriageRoutes } from './routes/triage.js'

/** The MASH queue: the referral page, triage, checks, decisions, authorisation and settings. */
export function registerQueueAreaRoutes(app: FastifyInstance, deps: FrontdoorDeps) {
  registerQueueRoutes(app, deps)
  registerReferralRoutes(app, deps)
  registerTriageRoutes(app, deps)
  registerCheckRoutes(app, deps)
  registerSettingsRoutes(app, deps)
  registerContactRoutes(app, deps)
  registerJoiningRoutes(app, deps)
}
