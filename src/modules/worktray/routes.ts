import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import type { Mailer } from '../../platform/mail.js'

/** Work trays: what is due, overdue and coming up for each worker, team and agency; teams; agencies' conference invitations. */
export const worktrayRoutes: FastifyPluginAsync<{
  db: Db
  config: Config
  mailer: Mailer
}> = async (_app, _options) => {}
