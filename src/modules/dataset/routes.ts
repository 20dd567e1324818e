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
import { DatasetApiQuery, DatasetFiguresResponse, DfeFiguresResponse } from './api-schema.js'
import { EXPORT_HEADER, compareFigures, datasetWorkbook, exportRows } from './export.js'
import {
  periodChoices,
  periodSearch,
  previousPeriod,
  readPeriodQuery,
  type PeriodQueryResult,
} from './schema.js'
import { datasetFigures, exportDatasetFigures, rateOf } from './service.js'
import { cinPage, cinReportForExport } from './cin/service.js'
import { CSV_HEADER, reportJson, reportRows } from './cin/export.js'
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
        const { figures, dfe } = await exportDatasetFigures(db, {
          actor: actorOf(request),
          periods: [query.period, previous],
          format,
          requestId: request.id,
          withDfe: format === 'xlsx',
        })
        const [now, before] = figures
        if (!now || !before) throw new Error('The dataset returned no figures')
        const filename = `dataset-${query.period.from}-to-${query.period.to}.${format}`
        if (format === 'csv')
          return sendCsv(reply, filename, EXPORT_HEADER, exportRows(now, before))
        return reply
          .header('content-type', XLSX_TYPE)
          .header('content-disposition', attachment(filename))
          .header('cache-control', 'no-store')
          .send(await datasetWorkbook(now, before, dfe))
      },
    )
  }

  // The DfE figures, one row each with comparators and target (the XLSX above has them too).
  app.get(
    '/dfe.csv',
    { config: { access: permission('dataset', 'export') } },
    async (request, reply) => {
      const query = readPeriodQuery(request.query, londonToday())
      if (!query.ok) return renderInvalid(request, reply, query)
      const actor = actorOf(request)
      const report = await cinReportForExport(db, actor.partnershipId, query.period, 'csv', {
        userId: actor.userId,
        requestId: request.id,
      })
      const filename = `dfe-figures-${query.period.from}-to-${query.period.to}.csv`
      return sendCsv(reply, filename, CSV_HEADER, reportRows(report))
    },
  )
}

/** The period of an API call from `from` and `to`, or the 400 to send. */
function apiPeriod(request: FastifyRequest, reply: FastifyReply) {
  const values = (request.query ?? {}) as Record<string, unknown>
  const query = readPeriodQuery({ from: values.from ?? '', to: values.to ?? '' }, londonToday())
  if (query.ok) return query.period
  void reply.code(400).send({
    error: 'Invalid parameters',
    message: query.errors.summary
      .map(({ text, href }) => `${href.startsWith('#from') ? 'from' : 'to'}: ${text}`)
      .join('; '),
  })
  return null
}

/**
 * GET /api/v1/dataset/figures and /dfe-figures?from=&to=: the same figures for scripts, read-only
 * with an API token, each call audited as an export.
 */
export const datasetApiRoutes: FastifyPluginAsync<Options> = async (app, { db }) => {
  app.get(
    '/figures',
    {
      config: {
        access: permission('dataset', 'export'),
        api: {
          summary: 'The multi-agency dataset’s figures for a period',
          description:
            'Counts and rates computed from the records for the dates `from` to `to` (at most 5 years): each figure has a numerator, a denominator (null for a plain count) and a rate in percent (null when the denominator is 0 or null). Each section’s `help` says how its figures are computed. No child is listed. Each call is audited as an export.',
          query: DatasetApiQuery,
          response: DatasetFiguresResponse,
          responseDescription: 'Figures by section',
        },
      },
    },
    async (request, reply) => {
      const period = apiPeriod(request, reply)
      if (!period) return reply
      const { figures } = await exportDatasetFigures(db, {
        actor: actorOf(request),
        periods: [period],
        format: 'json',
        requestId: request.id,
      })
      return {
        period,
        sections: (figures[0]?.sections ?? []).map(section => ({
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

  app.get(
    '/dfe-figures',
    {
      config: {
        access: permission('dataset', 'export'),
        api: {
          summary: 'The children’s social care figures as DfE defines them, for a period',
          description:
            'Computed from the census-aligned records (CIN episodes, assessments, Section 47 enquiries, plans) for the dates `from` to `to` (at most 5 years). Each figure has its LAIT indicator key, definition, count, denominator (`outOf`, null for a count), percentage, rate per 10,000 children aged 0 to 17 (null when the population is not known), England/region/statistical-neighbour comparators with the LAIT year compared, the target in force and its RAG; `breakdowns` are counts by source, need, category, age, gender and ethnicity. No child is listed. Each call is audited as an export.',
          query: DatasetApiQuery,
          response: DfeFiguresResponse,
          responseDescription: 'The DfE figures and breakdowns',
        },
      },
    },
    async (request, reply) => {
      const period = apiPeriod(request, reply)
      if (!period) return reply
      const actor = actorOf(request)
      const report = await cinReportForExport(db, actor.partnershipId, period, 'json', {
        userId: actor.userId,
        requestId: request.id,
      })
      return reportJson(report)
    },
  )
}
