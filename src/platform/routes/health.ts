import type { FastifyPluginAsync } from 'fastify'
import { sql } from 'kysely'
import type { DatabaseHandles } from '../../db/database.js'
import type { Metrics } from '../metrics.js'
import { PUBLIC } from '../permissions.js'

export const healthRoutes: FastifyPluginAsync<{
  database: DatabaseHandles
  metrics: Metrics
}> = async (app, { database, metrics }) => {
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

  app.get('/metrics', { config }, async (_request, reply) =>
    reply.type('text/plain; version=0.0.4').send(await metrics.render()),
  )
}
