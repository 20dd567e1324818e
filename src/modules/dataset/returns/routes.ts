import fastifyMultipart from '@fastify/multipart'
import type { FastifyPluginAsync } from 'fastify'
import type { Db } from '../../../db/database.js'
import { addNavigation } from '../../../platform/navigation.js'
import { registerCatalogueRoutes } from './routes/catalogue.js'
import { registerCompletenessRoutes } from './routes/completeness.js'
import { registerReturnRoutes } from './routes/returns.js'
import { MAX_UPLOAD_BYTES } from './spreadsheet.js'

/** One return spreadsheet per upload, of 2 MB at most. */
const UPLOAD_LIMITS = { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 }

/** Agency returns: the indicator catalogue, quarterly requests, filling in, sign-off and chasing. */
export const returnRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  addNavigation({
    href: '/dataset/returns',
    text: 'Agency returns',
    resource: 'agency-return',
    action: 'read',
  })
  // The dataset's plugin may already parse uploads (with its own 1 MB limit) for the routes inside it.
  if (!app.hasContentTypeParser('multipart/form-data'))
    await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: UPLOAD_LIMITS })
  registerCatalogueRoutes(app, db)
  registerCompletenessRoutes(app, db)
  registerReturnRoutes(app, db)
}
