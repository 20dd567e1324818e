import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../../db/database.js'
import { renderChart } from '../../../platform/charts.js'
import { render } from '../../../platform/http/web.js'
import { permission } from '../../../platform/permissions.js'
import { firstProblem, queryObject } from '../../../platform/query.js'
import { organisationAcrossYears } from '../queries.js'
import { ctxOf, idParam, scoped, sendExport } from '../shared.js'
import * as repo from './repo.js'

const AcrossYearsQuery = queryObject({ format: z.enum(['csv', 'xlsx']).optional() })

/** One organisation across years: its scores per area in each cycle, chart, table and export. */
export function registerAcrossYearsRoutes(app: FastifyInstance, db: Db) {
  const create = { config: { access: permission('assurance', 'create') } }

  app.get('/organisations/:id/across-years', create, async (request, reply) => {
    const id = idParam(request)
    if (!id) return reply.callNotFound()
    const query = AcrossYearsQuery.safeParse(request.query)
    if (!query.success) return reply.code(400).send(firstProblem(query.error))
    const ctx = ctxOf(request)
    const data = await scoped(db, ctx.actor, async trx => {
      const organisation = await repo.findOrganisation(trx, ctx.actor.partnershipId, id)
      return (
        organisation && {
          organisation,
          history: await organisationAcrossYears(trx, ctx.actor.partnershipId, id),
        }
      )
    })
    if (!data) return reply.callNotFound()
    const { organisation, history } = data
    if (query.data.format) {
      return sendExport(db, request, reply, {
        format: query.data.format,
        name: `across-years-${organisation.name}`,
        header: ['Area', ...history.cycles.map(c => c.title)],
        rows: history.areas.map(a => [a.area, ...a.scores.map(s => (s === null ? '' : `${s}%`))]),
      })
    }
    const chart = renderChart({
      id: 'across-years',
      title: `${organisation.name}: scores by area in each cycle`,
      kind: 'bar',
      xLabel: 'Area',
      yLabel: 'Score (%)',
      unit: '%',
      series: history.cycles.map((cycle, index) => ({
        name: cycle.title,
        points: history.areas.map(a => ({ x: a.area, y: a.scores[index] ?? null })),
      })),
      references: [{ label: 'Full compliance', value: 100 }],
    })
    return render(request, reply, 'assurance/cycles/views/across-years.njk', {
      title: `${organisation.name} across years`,
      organisation,
      history,
      chart,
    })
  })
}
