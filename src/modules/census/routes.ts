import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { inPartnership, type Db } from '../../db/database.js'
import { fieldError, formBody } from '../../platform/forms.js'
import { actorOf } from '../../platform/http/access.js'
import { render } from '../../platform/http/web.js'
import { addNavigation } from '../../platform/navigation.js'
import { can, permission } from '../../platform/permissions.js'
import { EXPORT_YEARS, exportCensus } from './export.js'
import { JobRunner } from '../../platform/jobs.js'
import { IMPORT_LEASE_MS, censusJobs, startImportJob } from './jobs.js'
import { CSV_HEADER, findingAsCsv } from './report.js'
import { ImportParams, ReportQuery, YearField } from './schema.js'
import { registerCensusUploads, uploadOf } from './upload.js'
import {
  filterFindings,
  findValidationRun,
  findingsWorkbook,
  groupByChild,
  groupByRule,
  runValidation,
} from './validation-run.js'
import { findImport, listRecentImports } from './repo.js'

const FINDINGS_SHOWN = 500

export const censusRoutes: FastifyPluginAsync<{ db: Db; config: Config }> = async (app, { db }) => {
  addNavigation({ href: '/census', text: 'Census', resource: 'census', action: 'validate' })

  await registerCensusUploads(app)
  // Imports this instance starts; a job left by a process that died is taken over by any runner.
  const importRunner = new JobRunner(db, censusJobs({ db }).handlers, { leaseMs: IMPORT_LEASE_MS })

  app.get('/', { config: { access: permission('census', 'validate') } }, async (request, reply) => {
    const actor = actorOf(request)
    return render(request, reply, 'census/views/index.njk', {
      title: 'Children in need census',
      canImport: can(actor.roles, 'census', 'import'),
      canExport: can(actor.roles, 'census', 'export'),
    })
  })

  // Import

  const importPage = async (request: FastifyRequest) => {
    const actor = actorOf(request)
    const imports = await inPartnership(db, actor, trx =>
      listRecentImports(trx, actor.partnershipId, 20),
    )
    return { title: 'Import a census file', backLink: '/census', imports }
  }

  app.get(
    '/import',
    { config: { access: permission('census', 'import') } },
    async (request, reply) =>
      render(request, reply, 'census/views/import.njk', await importPage(request)),
  )

  app.post(
    '/import',
    { config: { access: permission('census', 'import') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const upload = uploadOf(request)
      if (typeof upload === 'string') {
        return render(
          request,
          reply,
          'census/views/import.njk',
          { ...(await importPage(request)), errors: fieldError('file', upload) },
          400,
        )
      }
      const { importId, jobId } = await startImportJob(db, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        fileName: upload.fileName,
        fileBytes: upload.bytes,
        dir: upload.dir,
        requestId: request.id,
      })
      // The job removes the file when it ends; the progress page follows it from the database.
      upload.isClaimed = true
      void importRunner
        .runNow(jobId)
        .catch((error: unknown) =>
          request.log.error({ err: error, importId }, 'census import failed'),
        )
      return reply.redirect(`/census/imports/${importId}`, 303)
    },
  )

  app.get(
    '/imports/:id',
    { config: { access: permission('census', 'import') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const params = ImportParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const row = await inPartnership(db, actor, trx =>
        findImport(trx, actor.partnershipId, params.data.id),
      )
      if (!row) return reply.callNotFound()
      return render(request, reply, 'census/views/import-status.njk', {
        title: row.status === 'running' ? 'Importing the census file' : 'Census import',
        backLink: '/census/import',
        record: row,
        percent: Math.round(row.progressFraction * 100),
        phase: row.progressPhase,
        progressChildren: row.progressChildren,
        counts: row.counts,
        problems: row.problems,
        refreshSeconds: row.status === 'running' ? 2 : undefined,
      })
    },
  )

  // Export

  app.get(
    '/export',
    { config: { access: permission('census', 'export') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const query = request.query as { year?: unknown }
      if (query.year === undefined) {
        return render(request, reply, 'census/views/export.njk', {
          title: 'Export the census return',
          backLink: '/census',
          years: EXPORT_YEARS,
        })
      }
      const year = YearField.safeParse(query.year)
      if (!year.success) {
        return render(
          request,
          reply,
          'census/views/export.njk',
          {
            title: 'Export the census return',
            backLink: '/census',
            years: EXPORT_YEARS,
            errors: fieldError('year', 'Select a collection year'),
          },
          400,
        )
      }
      const dir = await mkdtemp(join(tmpdir(), 'keepsafe-census-export-'))
      const path = join(dir, 'census.xml')
      try {
        const out = createWriteStream(path)
        await exportCensus(
          db,
          {
            partnershipId: actor.partnershipId,
            userId: actor.userId,
            year: year.data,
            requestId: request.id,
          },
          out,
        )
        out.end()
        await once(out, 'close')
        const stream = createReadStream(path)
        stream.on('close', () => void rm(dir, { recursive: true, force: true }))
        return await reply
          .header('content-type', 'application/xml; charset=utf-8')
          .header('content-disposition', `attachment; filename="CIN_census_${year.data}.xml"`)
          .header('cache-control', 'no-store')
          .send(stream)
      } catch (error) {
        await rm(dir, { recursive: true, force: true })
        throw error
      }
    },
  )

  // Validation

  const validatePage = () => ({
    title: 'Validate a census return',
    backLink: '/census',
    years: EXPORT_YEARS,
  })

  app.get(
    '/validate',
    { config: { access: permission('census', 'validate') } },
    async (request, reply) => render(request, reply, 'census/views/validate.njk', validatePage()),
  )

  app.post(
    '/validate',
    { config: { access: permission('census', 'validate') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const body = formBody(request.body)
      const yearField =
        body.year === undefined || body.year === '' ? undefined : YearField.safeParse(body.year)
      if (yearField && !yearField.success) {
        return render(
          request,
          reply,
          'census/views/validate.njk',
          { ...validatePage(), errors: fieldError('year', 'Select a collection year') },
          400,
        )
      }
      const year = yearField?.data
      if (body.source === 'records') {
        if (!year) {
          return render(
            request,
            reply,
            'census/views/validate.njk',
            {
              ...validatePage(),
              errors: fieldError('year', 'Select the collection year of the records to check'),
            },
            400,
          )
        }
        const dir = await mkdtemp(join(tmpdir(), 'keepsafe-census-check-'))
        try {
          const path = join(dir, 'records.xml')
          const out = createWriteStream(path)
          await exportCensus(
            db,
            {
              partnershipId: actor.partnershipId,
              userId: actor.userId,
              year,
              requestId: request.id,
            },
            out,
          )
          out.end()
          await once(out, 'close')
          const id = await runValidation(db, {
            partnershipId: actor.partnershipId,
            userId: actor.userId,
            path,
            source: `Our records for ${year}`,
            year,
            requestId: request.id,
          })
          return await reply.redirect(`/census/validations/${id}`, 303)
        } finally {
          await rm(dir, { recursive: true, force: true })
        }
      }
      const upload = uploadOf(request)
      if (typeof upload === 'string') {
        return render(
          request,
          reply,
          'census/views/validate.njk',
          { ...validatePage(), errors: fieldError('file', upload) },
          400,
        )
      }
      const id = await runValidation(db, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        path: upload.path,
        source: upload.fileName,
        year,
        requestId: request.id,
      })
      return reply.redirect(`/census/validations/${id}`, 303)
    },
  )

  app.get(
    '/validations/:id',
    { config: { access: permission('census', 'validate') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const params = ImportParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const run = await findValidationRun(db, actor, params.data.id)
      if (!run) return reply.callNotFound()
      const query = ReportQuery.parse(request.query)
      const filter = { rule: query.rule, child: query.child, type: query.type }
      const shown = filterFindings(run.findings, filter)
      if (query.format === 'csv') {
        const lines = [CSV_HEADER, ...shown.map(findingAsCsv)]
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="census-findings.csv"')
          .header('cache-control', 'no-store')
          .send(`${lines.join('\n')}\n`)
      }
      if (query.format === 'xlsx') {
        return reply
          .header(
            'content-type',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .header('content-disposition', 'attachment; filename="census-findings.xlsx"')
          .header('cache-control', 'no-store')
          .send(await findingsWorkbook(shown))
      }
      const filterQuery = new URLSearchParams(
        Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])),
      ).toString()
      return render(request, reply, 'census/views/report.njk', {
        title: 'Census validation report',
        backLink: '/census/validate',
        run,
        filter,
        filterQuery,
        byRule: groupByRule(run.findings),
        byChild: groupByChild(run.findings).slice(0, 200),
        shown: shown.slice(0, FINDINGS_SHOWN),
        shownTotal: shown.length,
        ruleItems: [
          { value: '', text: 'All rules' },
          ...[...new Set(run.findings.map(f => f.ruleCode))]
            .sort()
            .map(code => ({ value: code, text: code, selected: code === filter.rule })),
        ],
      })
    },
  )
}
