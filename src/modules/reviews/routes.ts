import fastifyMultipart from '@fastify/multipart'
import type { FastifyPluginAsync } from 'fastify'
import type { Db } from '../../db/database.js'
import { addNavigation } from '../../platform/navigation.js'
import { registerCaseRoutes } from './routes/cases.js'
import { registerReportRoutes } from './routes/report.js'
import { registerRequestRoutes } from './routes/requests.js'
import { registerReviewRoutes } from './routes/reviews.js'
import { UPLOAD_LIMITS } from './routes/shared.js'

/** Case reviews: referral, screening, notification, rapid review, decision, reviews, report card. */
export const reviewsRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  addNavigation({ href: '/reviews', text: 'Case reviews', resource: 'case-review', action: 'read' })
  addNavigation({
    href: '/reviews/requests',
    text: 'Review requests',
    resource: 'case-review-request',
    action: 'update',
  })
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: UPLOAD_LIMITS })
  registerCaseRoutes(app, db)
  registerRequestRoutes(app, db)
  registerReviewRoutes(app, db)
  registerReportRoutes(app, db)
}
