import fastifyMultipart from '@fastify/multipart'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import { attachment, sendCsv } from '../../platform/csv.js'
import { actorOf } from '../../platform/http/access.js'
import { render } from '../../platform/http/web.js'
import type { Mailer } from '../../platform/mail.js'
import { addNavigation } from '../../platform/navigation.js'
import { can, permission } from '../../platform/permissions.js'
import { londonToday } from '../../platform/calendar.js'
import { EXPORT_HEADER, compareFigures, datasetWorkbook, exportRows } from './export.js'
import {
  periodChoices,
  periodSearch,
  previousPeriod,
  readPeriodQuery,
  type PeriodQueryResult,
} from './schema.js'
import { datasetFigures, exportDatasetFigures, rateOf } from './service.js'
import { cinPage } from './cin/service.js'
import { registerSettingsRoutes } from './routes/settings.js'
import { returnRoutes } from './returns/routes.js'
import { reportCardRoutes } from './report-cards/routes.js'

type Options = { db: Db; config: Config; mailer: Mailer }

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function periodItems(selected: string | undefined) {
  return [
    { value: '', text: 'Choose a period' },
    ...periodChoices(londonToday()).map(choice => ({
      ...choice,
      selected: choice.value === selected,
    })),
  ]
}

function renderInvalid(
  request: FastifyRequest,
  reply: FastifyReply,
  query: Extract<PeriodQueryResult, { ok: false }>,
) {
  return render(
    request,
    reply,
    'dataset/views/index.njk',
    {
      title: 'Multi-agency dataset',
      periodItems: periodItems(query.form.period),
      form: query.form,
      errors: query.errors,
    },
    400,
  )
}

/** The multi-agency dataset's figures, computed from the records by period. */
export const datasetRoutes: FastifyPluginAsync<Options> = async (app, { db }) => {
  addNavigation({ href: '/dataset', text: 'Dataset', resource: 'dataset', action: 'read' })
  // Population estimates arrive as a small CSV file: 1 MB and one file at most.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: 1_000_000, files: 1, fields: 10 },
  })
  registerSettingsRoutes(app, db)
  await app.register(returnRoutes, { db, prefix: '/returns' })
  await app.register(reportCardRoutes, { db, prefix: '/report-cards' })

  app.get('/', { config: { access: permission('dataset', 'read') } }, async (request, reply) => {
    const query = readPeriodQuery(request.query, londonToday())
    if (!query.ok) return renderInvalid(request, reply, query)
    const actor = actorOf(request)
    const previous = previousPeriod(query.period)
    const [now, before] = await datasetFigures(db, actor, [query.period, previous])
    if (!now || !before) throw new Error('The dataset returned no figures')
    const dfe = await cinPage(db, actor, query.period)
    return render(request, reply, 'dataset/views/index.njk', {
      dfe: dfe.report,
      charts: dfe.charts,
      canChangeSettings: can(actor.roles, 'dataset-settings', 'update'),
      title: 'Multi-agency dataset',
      periodItems: periodItems(query.form.period),
      form: query.form,
      errors: { summary: [], fields: {} },
      period: query.period,
      previous,
      sections: compareFigures(now, before),
      search: periodSearch(query.period),
      canExport: can(actor.roles, 'dataset', 'export'),
    })
  })

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/export.${format}`,
      { config: { access: permission('dataset', 'export') } },
      async (request, reply) => {
        const query = readPeriodQuery(request.query, londonToday())
        if (!query.ok) return renderInvalid(request, reply, query)
        const previous = previousPeriod(query.period)
        const [now, before] = await exportDatasetFigures(db, {
          actor: actorOf(request),
          periods: [query.period, previous],
          format,
          requestId: request.id,
        })
        if (!now || !before) throw new Error('The dataset returned no figures')
        const filename = `dataset-${query.period.from}-to-${query.period.to}.${format}`
        if (format === 'csv')
          return sendCsv(reply, filename, EXPORT_HEADER, exportRows(now, before))
        return reply
          .header('content-type', XLSX_TYPE)
          .header('content-disposition', attachment(filename))
          .header('cache-control', 'no-store')
          .send(await datasetWorkbook(now, before))
      },
    )
  }
}

/** GET /api/v1/dataset/figures?from=&to=: the same figures for scripts, audited as an export. */
export const datasetApiRoutes: FastifyPluginAsync<Options> = async (app, { db }) => {
  app.get(
    '/figures',
    { config: { access: permission('dataset', 'export') } },
    async (request, reply) => {
      const values = (request.query ?? {}) as Record<string, unknown>
      const query = readPeriodQuery({ from: values.from ?? '', to: values.to ?? '' }, londonToday())
      if (!query.ok) {
        return reply.code(400).send({
          error: 'Invalid parameters',
          message: query.errors.summary
            .map(({ text, href }) => `${href.startsWith('#from') ? 'from' : 'to'}: ${text}`)
            .join('; '),
        })
      }
      const [figures] = await exportDatasetFigures(db, {
        actor: actorOf(request),
        periods: [query.period],
        format: 'json',
        requestId: request.id,
      })
      return {
        period: query.period,
        sections: (figures?.sections ?? []).map(section => ({
          id: section.id,
          title: section.title,
          help: section.help,
          figures: section.figures.map(figure => ({
            id: figure.id,
            label: figure.label,
            numerator: figure.count,
            denominator: figure.of,
            rate: rateOf(figure),
          })),
        })),
      }
    },
  )
}
