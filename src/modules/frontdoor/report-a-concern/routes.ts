import type { FastifyInstance } from 'fastify'
import type { FrontdoorDeps } from '../routes/shared.js'
import { registerDraftRoutes } from './routes/drafts.js'
import { registerJourneyRoutes } from './routes/journey.js'

export { DRAFTS_PER_HOUR, SUBMISSIONS_PER_HOUR } from './routes/shared.js'

/** Report a concern: the public journey, and professionals' referral form and drafts. */
export function registerReportAConcernRoutes(app: FastifyInstance, deps: FrontdoorDeps) {
  registerJourneyRoutes(app, deps)
  registerDraftRoutes(app, deps)
}
