import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import type { Mailer } from '../../platform/mail.js'

/** The multi-agency dataset's figures, computed from the records by period. */
export const datasetRoutes: FastifyPluginAsync<{ db: Db; config: Config; mailer: Mailer }> = async (
  _app,
  _options,
) => {}
