import fastifyMultipart from '@fastify/multipart'
import type { FastifyPluginAsync } from 'fastify'
import type { Db } from '../../db/database.js'
import { addNavigation } from '../../platform/navigation.js'
import { registerContributionRoutes } from './routes/contributions.js'
import { registerImageRoutes } from './routes/images.js'
import { registerProgressRoutes } from './routes/progress.js'
import { registerPublicRoutes } from './routes/public.js'
import { registerReportRoutes } from './routes/reports.js'
import { MAX_IMAGE_BYTES } from './service/images.js'

/** The annual report: building, contributions, sign-off, downloads and the public pages. */
export const reportsRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  addNavigation({ href: '/reports', text: 'Annual report', resource: 'report', action: 'read' })
  // Image uploads: one file per request; one byte over the limit is kept so the service can say so.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_IMAGE_BYTES + 1, files: 1, fields: 5, parts: 6 },
  })
  const { showReportWithErrors, showSectionWithErrors } = registerReportRoutes(app, { db })
  const { showContributionWithErrors } = registerContributionRoutes(
    app,
    { db },
    showReportWithErrors,
  )
  registerImageRoutes(
    app,
    { db },
    {
      section: showSectionWithErrors,
      contribution: showContributionWithErrors,
    },
  )
  registerPublicRoutes(app, { db })
  registerProgressRoutes(app, { db })
}
