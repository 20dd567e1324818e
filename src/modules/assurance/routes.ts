import fastifyMultipart from '@fastify/multipart'
import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import type { Mailer } from '../../platform/mail.js'
import { addNavigation } from '../../platform/navigation.js'
import { registerCaseAuditRoutes } from './case-file-audits/routes.js'
import { registerAcrossYearsRoutes } from './cycles/across-years.js'
import { registerCycleRoutes } from './cycles/routes.js'
import { registerPeerChallengeRoutes } from './peer-challenge/routes.js'
import { registerReturnRoutes } from './returns/routes.js'
import { EVIDENCE_MAX_BYTES } from './returns/service.js'
import { registerTemplateRoutes } from './templates/routes.js'

/** Uploads: one evidence file or schools CSV per request. */
const UPLOAD_LIMITS = { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 10, parts: 12 }

/** Assurance: self-assessment cycles and returns, case file audits and peer challenge. */
export const assuranceRoutes: FastifyPluginAsync<{
  db: Db
  config: Config
  mailer: Mailer
}> = async (app, { db, config, mailer }) => {
  addNavigation({ href: '/assurance', text: 'Assurance', resource: 'assurance', action: 'read' })
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: UPLOAD_LIMITS })
  const mail = { mailer, publicUrl: config.publicUrl }
  registerCycleRoutes(app, db, mail)
  registerAcrossYearsRoutes(app, db)
  registerTemplateRoutes(app, db)
  registerReturnRoutes(app, db, mail)
  registerCaseAuditRoutes(app, db)
  registerPeerChallengeRoutes(app, db)
}
