import { timingSafeEqual } from 'node:crypto'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import type { Config } from '../../config.js'
import type { DatabaseHandles } from '../../db/database.js'
import type { Metrics } from '../metrics.js'
import { PUBLIC } from '../permissions.js'

/** Whether the request may read /metrics: see Config.metricsToken. */
export function mayReadMetrics(request: FastifyRequest, config: Config): boolean {
  if (!config.metricsToken) return !config.isProduction
  const given = Buffer.from(request.headers.authorization ?? '')
  const expected = Buffer.from(`Bearer ${config.metricsToken}`)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export const healthRoutes: FastifyPluginAsync<{
  database: DatabaseHandles
  metrics: Metrics
  config: Config
}> = async (app, { database, metrics, config: settings }) => {
  const config = { access: PUBLIC }

  app.get('/healthz', { config }, () => ({ status: 'ok' }))

  app.get('/readyz', { config }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(database.db)
      return { status: 'ok', database: database.kind }
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: database.kind })
    }
  })

  // Counts by route carry no personal data, but they are nobody else's business in production.
  app.get('/metrics', { config }, async (request, reply) => {
    if (!mayReadMetrics(request, settings)) return reply.code(404).send({ error: 'Not found' })
    return reply.type('text/plain; version=0.0.4').send(await metrics.render())
  })
}
