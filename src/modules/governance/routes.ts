import fastifyMultipart from '@fastify/multipart'
import type { FastifyPluginAsync } from 'fastify'
import type { Db } from '../../db/database.js'
import { actorOf } from '../../platform/http/access.js'
import { auditDownloads } from '../../platform/http/download-audit.js'
import { render } from '../../platform/http/web.js'
import { addNavigation } from '../../platform/navigation.js'
import { addHomePanel } from '../../platform/home-panels.js'
import { governanceHomePanel } from './home.js'
import { can, permission } from '../../platform/permissions.js'
import * as repo from './repo.js'
import { registerBudgetRoutes } from './routes/budget.js'
import { registerImportRoutes } from './routes/imports.js'
import { registerMeetingRoutes } from './routes/meetings.js'
import { registerPlanRoutes } from './routes/plan.js'
import { registerRecordRoutes } from './routes/records.js'
import { query, view } from './routes/shared.js'
import { registerStructureRoutes } from './routes/structures.js'
import { BODY_KINDS } from './schema.js'
import { scoped } from './service/shared.js'

/** Uploads: one file of up to 20 MB per request. */
const UPLOAD_LIMITS = { fileSize: 20 * 1024 * 1024, files: 1, fields: 10, parts: 12 }

export const governanceRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  addNavigation({ href: '/governance', text: 'Governance', resource: 'governance', action: 'read' })
  addHomePanel({
    key: 'governance',
    resource: 'governance',
    action: 'read',
    load: governanceHomePanel,
  })
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: UPLOAD_LIMITS })

  registerRecordRoutes(app, db)

  // Every export of a list is an audit event (DESIGN.md); papers and evidence audit their own
  // reads, and blank import templates hold no data.
  auditDownloads(app, db, {
    action: 'governance.exported',
    resourceType: 'gov-export',
    skip: (route, disposition) =>
      !disposition.startsWith('attachment') ||
      route.endsWith('/template') ||
      route.includes('/papers/') ||
      route.includes('/evidence/'),
    detail: request => ({ query: query(request) }),
  })

  app.get('/', { config: { access: permission('governance', 'read') } }, async (request, reply) => {
    const actor = actorOf(request)
    const bodies = await scoped(db, actor, trx => repo.listBodies(trx, actor.partnershipId))
    return render(request, reply, view('index'), {
      title: 'Governance',
      bodies,
      kinds: BODY_KINDS,
      canEdit: can(actor.roles, 'governance', 'create'),
    })
  })

  registerStructureRoutes(app, db)
  registerMeetingRoutes(app, db)
  registerImportRoutes(app, db)
  registerBudgetRoutes(app, db)
  registerPlanRoutes(app, db)
}
