import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Db, Trx } from '../../../db/database.js'
import { sendCsv } from '../../../platform/csv.js'
import {
  type GovukErrors,
  fieldError,
  formBody,
  govukErrors,
  namedItems,
} from '../../../platform/forms.js'
import { AccessDenied, actorOf } from '../../../platform/http/access.js'
import type { Actor } from '../../../platform/http/types.js'
import { render } from '../../../platform/http/web.js'
import { type Resource, type RouteAccess, can, permission } from '../../../platform/permissions.js'
import * as repo from '../repo.js'
import { IdParams } from '../schema.js'
import { type Ctx, type Invalid, type SimpleOutcome, scoped } from '../service/shared.js'
import { sendXlsx } from '../../../platform/spreadsheets.js'

/** What the governance route files share. */

export const view = (name: string) => `governance/views/${name}.njk`

export { recordItems as items } from '../../../platform/forms.js'

/** The query string's single values; a repeated key, which arrives as an array, is left out. */
export function query(request: FastifyRequest): Record<string, string> {
  const raw = request.query as Record<string, unknown>
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(raw)) if (typeof value === 'string') out[key] = value
  return out
}

export const ctxOf = (request: FastifyRequest): Ctx => ({
  actor: actorOf(request),
  requestId: request.id,
})

export function idOf(request: FastifyRequest): string | null {
  const params = IdParams.safeParse(request.params)
  return params.success ? params.data.id : null
}

/** The record the web address's id names, read with `find` in the partnership; null when none. */
export async function recordFromUrl<R>(
  db: Db,
  request: FastifyRequest,
  find: (trx: Trx, partnershipId: string, id: string) => Promise<R>,
) {
  const id = idOf(request)
  const actor = actorOf(request)
  return id ? scoped(db, actor, trx => find(trx, actor.partnershipId, id)) : null
}

/** A form's zod schema, as the generic route helpers take it. */
export interface FormSchema<T> {
  safeParse(body: unknown): { success: true; data: T } | { success: false; error: z.ZodError }
}

export function requireExport(actor: Actor, resource: Resource) {
  if (!can(actor.roles, resource, 'export')) throw new AccessDenied()
}

export const isExport = (format: string | undefined): format is 'csv' | 'xlsx' =>
  format === 'csv' || format === 'xlsx'

/** A table as `name.csv`, or as `name.xlsx` when the format asks for it (widths apply to XLSX). */
export function sendTable(
  reply: FastifyReply,
  format: string | undefined,
  name: string,
  header: string[],
  rows: unknown[][],
  widths?: number[],
) {
  return format === 'xlsx'
    ? sendXlsx(reply, `${name}.xlsx`, header, rows, widths)
    : sendCsv(reply, `${name}.csv`, header, rows)
}

/** A list page's export, for those whose roles may export the resource. */
export function sendExport(
  reply: FastifyReply,
  actor: Actor,
  resource: Resource,
  format: 'csv' | 'xlsx',
  name: string,
  header: string[],
  rows: unknown[][],
  widths?: number[],
) {
  requireExport(actor, resource)
  return sendTable(reply, format, name, header, rows, widths)
}

/** The partnership's agencies as select items, after a first item for none. */
export async function agencyItems(db: Db, actor: Actor, none: string, selected: unknown) {
  const agencies = await scoped(db, actor, trx => repo.listAgencies(trx, actor.partnershipId))
  return namedItems(agencies, selected, none)
}

/**
 * The "add" page of a record and its POST: a risk, a challenge, an inspection, a financial year, a
 * business plan. A form refused by its schema or by the service shows the page again with the
 * errors; a saved one goes to the new record's page, `/governance{path}/{id}`.
 */
export function registerAddForm<T>(
  app: FastifyInstance,
  spec: {
    path: string
    resource: Resource
    view: string
    title: string
    /** What the page shows besides the form, such as its select items. */
    model?: (request: FastifyRequest, form: Record<string, unknown>) => object | Promise<object>
    schema: FormSchema<T>
    add: (ctx: Ctx, input: T) => Promise<SimpleOutcome>
  },
): void {
  const access = { config: { access: permission(spec.resource, 'create') } }
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) =>
    render(
      request,
      reply,
      view(spec.view),
      { title: spec.title, form, errors, ...(await spec.model?.(request, form)) },
      errors ? 400 : 200,
    )

  app.get(`${spec.path}/new`, access, (request, reply) => page(request, reply, {}))

  registerRecordForm(app, spec.path, access.config.access, {
    load: async () => spec,
    schema: spec.schema,
    page: (request, reply, _spec, form, errors) => page(request, reply, form, errors),
    save: (ctx, _spec, input) => spec.add(ctx, input),
    savedUrl: (_spec, outcome) => `/governance${spec.path}/${outcome.id}`,
  })
}

/** A service's answer to a form: saved (with what the redirect needs), not there, or refused. */
export type FormOutcome = { kind: 'saved' } | { kind: 'not-found' } | Invalid

/**
 * The POST of a form about a record the route loads first (a plan's step, a body): a record that is
 * not there is a 404; a form refused by its schema or by the service shows the record's page again
 * with the form's values and the errors; a saved one goes to `savedUrl`.
 */
export function registerRecordForm<R, T, O extends FormOutcome>(
  app: FastifyInstance,
  url: string,
  access: RouteAccess,
  spec: {
    load: (request: FastifyRequest) => Promise<R | null | undefined>
    schema: FormSchema<T>
    /** When given, a GET of the same URL shows the record's page with these values. */
    current?: (record: R) => Record<string, unknown>
    /** The values the page shows again: the posted body unless said otherwise. */
    values?: (record: R, body: Record<string, unknown>) => Record<string, unknown>
    page: (
      request: FastifyRequest,
      reply: FastifyReply,
      record: R,
      form: Record<string, unknown>,
      errors?: GovukErrors,
    ) => unknown
    save: (ctx: Ctx, record: R, input: T, body: Record<string, unknown>) => Promise<O>
    savedUrl: (record: R, outcome: Extract<O, { kind: 'saved' }>) => string
  },
): void {
  const { current } = spec
  if (current) {
    app.get(url, { config: { access } }, async (request, reply) => {
      const record = await spec.load(request)
      if (!record) return reply.callNotFound()
      return spec.page(request, reply, record, current(record))
    })
  }
  app.post(url, { config: { access } }, async (request, reply) => {
    const record = await spec.load(request)
    if (!record) return reply.callNotFound()
    const body = formBody(request.body)
    const values = spec.values ? spec.values(record, body) : body
    const form = spec.schema.safeParse(body)
    if (!form.success) return spec.page(request, reply, record, values, govukErrors(form.error))
    const outcome = await spec.save(ctxOf(request), record, form.data, body)
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'invalid') {
      const { field, message } = outcome
      return spec.page(request, reply, record, values, fieldError(field, message))
    }
    return reply.redirect(spec.savedUrl(record, outcome as Extract<O, { kind: 'saved' }>), 303)
  })
}

/**
 * The POST of a form on a record's page, the record's id in the URL. A form refused by its schema
 * or by the service shows the page again with the errors; a record that is not there is a 404.
 */
export function registerPageForm<T, O extends FormOutcome>(
  app: FastifyInstance,
  url: string,
  access: RouteAccess,
  spec: {
    schema: FormSchema<T>
    page: (
      request: FastifyRequest,
      reply: FastifyReply,
      form: Record<string, unknown>,
      errors?: GovukErrors,
    ) => unknown
    save: (ctx: Ctx, id: string, input: T) => Promise<O>
    savedUrl: (id: string, outcome: Extract<O, { kind: 'saved' }>) => string
  },
): void {
  registerRecordForm(app, url, access, {
    load: async request => idOf(request),
    schema: spec.schema,
    page: (request, reply, _id, form, errors) => spec.page(request, reply, form, errors),
    save: (ctx, id, input) => spec.save(ctx, id, input),
    savedUrl: spec.savedUrl,
  })
}

/**
 * A list page and its CSV or XLSX export: the rows as the query string's filter picks them, the
 * export's columns by their headers, and the page's model; those who may create see the add link.
 */
export function registerListPage<F, T>(
  app: FastifyInstance,
  spec: {
    path: string
    resource: Resource
    filter: (query: Record<string, string>) => F
    load: (actor: Actor, filter: F) => Promise<T[]>
    exportName: string
    columns: Record<string, (row: T) => unknown>
    view: string
    model: (rows: T[], filter: F) => object
  },
): void {
  app.get(
    spec.path,
    { config: { access: permission(spec.resource, 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { format, ...rest } = query(request)
      const filter = spec.filter(rest)
      const rows = await spec.load(actor, filter)
      if (isExport(format)) {
        const columns = Object.values(spec.columns)
        return sendExport(
          reply,
          actor,
          spec.resource,
          format,
          spec.exportName,
          Object.keys(spec.columns),
          rows.map(row => columns.map(column => column(row))),
        )
      }
      return render(request, reply, view(spec.view), {
        ...spec.model(rows, filter),
        canEdit: can(actor.roles, spec.resource, 'create'),
      })
    },
  )
}

/** A record's page as a route shows it: its view, and its model besides the form and errors. */
export interface RecordView {
  view: string
  model: object
}

/**
 * The page of the record whose id is in the URL, a 404 when it is not there, shown again with a
 * refused form's values and its errors (a 400). `exportAs`, when given, answers a CSV or XLSX
 * request for the page (not when showing errors) in place of the page.
 */
export function recordPage<R>(spec: {
  load: (actor: Actor, id: string) => Promise<R | null | undefined>
  show: (
    request: FastifyRequest,
    record: R,
    form: Record<string, unknown> | undefined,
    actor: Actor,
  ) => RecordView | Promise<RecordView>
  exportAs?: (reply: FastifyReply, record: R, format: 'csv' | 'xlsx', actor: Actor) => unknown
}) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
    form?: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const id = idOf(request)
    const actor = actorOf(request)
    const record = id ? await spec.load(actor, id) : null
    if (!record) return reply.callNotFound()
    const { format } = query(request)
    if (spec.exportAs && !errors && isExport(format))
      return spec.exportAs(reply, record, format, actor)
    const { view: name, model } = await spec.show(request, record, form, actor)
    return render(request, reply, view(name), { form, ...model, errors }, errors ? 400 : 200)
  }
}
