import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import type { Mailer } from '../../platform/mail.js'

/** The child protection journey: strategy discussions, Section 47 enquiries, conferences, plans and core groups. */
export const protectionRoutes: FastifyPluginAsync<{
  db: Db
  config: Config
  mailer: Mailer
}> = async (_app, _options) => {}
