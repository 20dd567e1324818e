/** Steps up and down between early help, child in need and child protection, for the dataset. */
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../../db/database.js'
import { sendCsv } from '../../../platform/csv.js'
import { actorOf } from '../../../platform/http/access.js'
import { permission } from '../../../platform/permissions.js'
import { queryObject } from '../../../platform/query.js'
import { sendXlsx } from '../../../platform/spreadsheets.js'
import { stepsForExport } from '../service.js'
import { STEP_NAMES } from './journey-names.js'

const access = { config: { access: permission('protection', 'export') } }

export const journeyStepRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  // ---- Steps up and down, for the dataset --------------------------------------------------------

  app.get('/protection/steps/export.:format', access, async (request, reply) => {
    const params = StepsExportParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const { from, to } = StepsQuery.parse(request.query)
    const steps = await stepsForExport(db, {
      actor: actorOf(request),
      from,
      to,
      format: params.data.format,
      requestId: request.id,
    })
    const header = ['stepped_on', 'la_child_id', 'step']
    const rows = steps.map(step => [step.steppedOn, step.laChildId, STEP_NAMES[step.kind]])
    return params.data.format === 'csv'
      ? sendCsv(reply, 'journey-steps.csv', header, rows)
      : sendXlsx(reply, 'journey-steps.xlsx', header, rows, [14, 16, 60])
  })
}

const ISO_DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates are written as 2025-03-31')
const StepsExportParams = z.object({ format: z.enum(['csv', 'xlsx']) })
const StepsQuery = queryObject({
  from: ISO_DATE.default('2000-01-01'),
  to: ISO_DATE.default('2999-12-31'),
})
