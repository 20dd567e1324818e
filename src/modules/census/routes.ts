import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { inPartnership, type Db } from '../../db/database.js'
import { fieldError, formBody } from '../../platform/forms.js'
import { actorOf } from '../../platform/http/access.js'
import { render } from '../../platform/http/web.js'
import { addNavigation } from '../../platform/navigation.js'
import { can, permission } from '../../platform/permissions.js'
import { EXPORT_YEARS, exportCensus } from './export.js'
import { importCensusFile, importProgress, startImportLog, trackProgress } from './import.js'
import { CSV_HEADER, findingAsCsv } from './report.js'
import { ImportParams, ReportQuery, YearField } from './schema.js'
import {
  filterFindings,
  findValidationRun,
  findingsWorkbook,
  groupByChild,
  groupByRule,
  runValidation,
} from './validation-run.js'

/** The biggest census file we accept: a large authority's return is well under 100 MB. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024
const FINDINGS_SHOWN = 500

interface Upload {
  path: string
  dir: string
  fileName: string
  bytes: number
  isTooLarge: boolean
  /** Set when a background job has taken the file over and will remove it. */
  isClaimed: boolean
}

const uploads = new WeakMap<FastifyRequest, Upload>()

export const censusRoutes: FastifyPluginAsync<{ db: Db; config: Config }> = async (app, { db }) => {
  addNavigation({ href: '/census', text: 'Census', resource: 'census', action: 'validate' })

  // Registered here only: the upload is streamed to a temporary file as it arrives, so a large
  // return never sits in memory; the form's other fields (the CSRF token) become the body.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 10_000 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      if (uploads.has(this)) {
        part.file.resume()
        return
      }
      const dir = await mkdtemp(join(tmpdir(), 'keepsafe-census-'))
      const path = join(dir, 'upload.xml')
      const upload: Upload = {
        path,
        dir,
        fileName: part.filename,
        bytes: 0,
        isTooLarge: false,
        isClaimed: false,
      }
      uploads.set(this, upload)
      await pipeline(part.file, createWriteStream(path))
      upload.isTooLarge = part.file.truncated
      upload.bytes = (await stat(path)).size
    },
  })
  app.addHook('onResponse', async request => {
    const upload = uploads.get(request)
    if (upload && !upload.isClaimed) await rm(upload.dir, { recursive: true, force: true })
  })

  const uploadOf = (request: FastifyRequest): Upload | string => {
    const upload = uploads.get(request)
    if (!upload || upload.fileName === '') return 'Select a census XML file'
    if (upload.isTooLarge) return 'The file must be smaller than 200 MB'
    if (upload.bytes === 0) return 'The selected file is empty'
    return upload
  }

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
      trx
        .selectFrom('censusImport')
        .select(['id', 'fileName', 'status', 'children', 'startedAt', 'referenceDate'])
        .where('partnershipId', '=', actor.partnershipId)
        .orderBy('startedAt', 'desc')
        .limit(20)
        .execute(),
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
      const importId = await startImportLog(db, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        fileName: upload.fileName,
        fileBytes: upload.bytes,
      })
      upload.isClaimed = true
      // Long work carries on after the response; the progress page follows it.
      void importCensusFile(db, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        path: upload.path,
        fileName: upload.fileName,
        requestId: request.id,
        importId,
        onProgress: trackProgress(importId),
      })
        .catch((error: unknown) =>
          request.log.error({ err: error, importId }, 'census import failed'),
        )
        .finally(() => rm(upload.dir, { recursive: true, force: true }))
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
        trx
          .selectFrom('censusImport')
          .selectAll()
          .where('partnershipId', '=', actor.partnershipId)
          .where('id', '=', params.data.id)
          .executeTakeFirst(),
      )
      if (!row) return reply.callNotFound()
      const progress = row.status === 'running' ? importProgress(row.id) : undefined
      return render(request, reply, 'census/views/import-status.njk', {
        title: row.status === 'running' ? 'Importing the census file' : 'Census import',
        backLink: '/census/import',
        record: row,
        percent: progress ? Math.round(progress.fraction * 100) : 0,
        phase: progress?.phase,
        progressChildren: progress?.children ?? 0,
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
