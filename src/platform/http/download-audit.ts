import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Db } from '../../db/database.js'
import { audit, scoped } from '../acting.js'

/** What a module's downloads are audited as, and which of its downloads are left alone. */
export interface DownloadAudit {
  action: string
  resourceType: string
  /** A download not audited here (one that audits its own read, or holds no data). */
  skip?: (route: string, disposition: string) => boolean
  /** More detail for the event than the file's name. */
  detail?: (request: FastifyRequest) => Record<string, unknown>
}

/**
 * Every download of the plugin's routes (a 200 with a Content-Disposition, by a signed-in
 * person) is an audit event, naming the route and the file.
 */
export function auditDownloads(app: FastifyInstance, db: Db, spec: DownloadAudit): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const disposition = reply.getHeader('content-disposition')
    const route = request.routeOptions.url ?? ''
    if (
      reply.statusCode !== 200 ||
      typeof disposition !== 'string' ||
      spec.skip?.(route, disposition) ||
      !request.actor
    ) {
      return payload
    }
    const actor = request.actor
    await scoped(db, actor, trx =>
      audit(
        trx,
        { actor, requestId: request.id },
        {
          action: spec.action,
          resourceType: spec.resourceType,
          resourceId: route,
          detail: {
            filename: /filename="([^"]*)"/.exec(disposition)?.[1] ?? '',
            ...spec.detail?.(request),
          },
        },
      ),
    )
    return payload
  })
}
