import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { type GovukErrors, fieldError, formBody } from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { type Resource, permission } from '../../../platform/permissions.js'
import { IMPORTS, IMPORT_KINDS, type ImportKind, type RowError, importSheet } from '../imports.js'
import { ctxOf, query, sendTable, view } from './shared.js'
import { readUpload } from '../spreadsheets.js'

const IMPORT_RESOURCE: Record<ImportKind, Resource> = {
  memberships: 'governance',
  meetings: 'governance',
  attendance: 'governance',
  budget: 'governance-budget',
  plan: 'business-plan',
  risks: 'governance',
  challenges: 'governance',
}

/** Moving in: a blank template, an upload page and its POST for each kind of import. */
export function registerImportRoutes(app: FastifyInstance, db: Db): void {
  for (const kind of IMPORT_KINDS) {
    const spec = IMPORTS[kind]
    const resource = IMPORT_RESOURCE[kind]
    const importPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      extra: { errors?: GovukErrors; rowErrors?: RowError[]; notice?: string } = {},
    ) =>
      render(
        request,
        reply,
        view('import'),
        { title: `Import ${spec.title.toLowerCase()}`, kind, spec, ...extra },
        extra.errors ? 400 : 200,
      )

    app.get(
      `/import/${kind}/template`,
      { config: { access: permission(resource, 'read') } },
      async (request, reply) => {
        const header = [...spec.columns]
        const rows = [[...spec.example]]
        return sendTable(reply, query(request).format, `${kind}-template`, header, rows)
      },
    )

    app.get(
      `/import/${kind}`,
      { config: { access: permission(resource, 'create') } },
      async (request, reply) => {
        const count = query(request).imported
        return importPage(
          request,
          reply,
          count ? { notice: `${count} ${spec.title.toLowerCase()} imported` } : {},
        )
      },
    )

    app.post(
      `/import/${kind}`,
      { config: { access: permission(resource, 'create') } },
      async (request, reply) => {
        const file = formBody(request.body).file
        if (!Buffer.isBuffer(file)) {
          return importPage(request, reply, {
            errors: fieldError('file', 'Select a CSV or XLSX file'),
          })
        }
        const read = await readUpload(file)
        if (read.kind === 'refused')
          return importPage(request, reply, { errors: fieldError('file', read.message) })
        const outcome = await importSheet(db, ctxOf(request), kind, read.sheet)
        if (outcome.kind === 'rejected') {
          const count = outcome.errors.length
          const message = `The file has ${count} ${count === 1 ? 'problem' : 'problems'}: nothing was imported. Correct the rows listed below and upload the file again`
          return importPage(request, reply, {
            errors: fieldError('file', message),
            rowErrors: outcome.errors,
          })
        }
        return reply.redirect(`/governance/import/${kind}?imported=${outcome.count}`, 303)
      },
    )
  }
}
