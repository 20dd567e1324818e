import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Db } from '../../../db/database.js'
import { sendCsv } from '../../../platform/csv.js'
import { type GovukErrors, fieldError, formBody, govukErrors } from '../../../platform/forms.js'
import { AccessDenied, actorOf } from '../../../platform/http/access.js'
import type { Actor } from '../../../platform/http/types.js'
import { render } from '../../../platform/http/web.js'
import { type Resource, type RouteAccess, can, permission } from '../../../platform/permissions.js'
import * as repo from '../repo.js'
import { IdParams } from '../schema.js'
import { type Ctx, type SimpleOutcome, scoped } from '../service/shared.js'
import { sendXlsx } from '../../../platform/spreadsheets.js'

/** What the governance route files share. */

export const view = (name: string) => `governance/views/${name}.njk`

/** Select items from a record of values and their labels, after an optional blank item. */
export const items = (record: Record<string, string>, selected?: unknown, blank?: string) => [
  ...(blank === undefined ? [] : [{ value: '', text: blank }]),
  ...Object.entries(record).map(([value, text]) => ({ value, text, selected: value === selected })),
]

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
  return [
    { value: '', text: none },
    ...agencies.map(a => ({ value: a.id, text: a.name, selected: a.id === selected })),
  ]
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

  app.post(spec.path, access, async (request, reply) => {
    const body = formBody(request.body)
    const form = spec.schema.safeParse(body)
    if (!form.success) return page(request, reply, body, govukErrors(form.error))
    const outcome = await spec.add(ctxOf(request), form.data)
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'invalid') {
      return page(request, reply, body, fieldError(outcome.field, outcome.message))
    }
    return reply.redirect(`/governance${spec.path}/${outcome.id}`, 303)
  })
}

/**
 * The POST of a form on a record's page, the record's id in the URL. A form refused by its schema
 * or by the service shows the page again with the errors; a record that is not there is a 404.
 */
export function registerPageForm<T>(
  app: FastifyInstance,
  url: string,
  access: RouteAccess,
  spec: {
    schema: FormSchema<T>
    page: (
      request: FastifyRequest,
      reply: FastifyReply,
      form: Record<string, unknown>,
      errors: GovukErrors,
    ) => unknown
    save: (
      ctx: Ctx,
      id: string,
      input: T,
    ) => Promise<
      | { kind: 'saved' }
      | { kind: 'not-found' }
      | { kind: 'invalid'; field: string; message: string }
    >
    savedUrl: (id: string) => string
  },
): void {
  app.post(url, { config: { access } }, async (request, reply) => {
    const id = idOf(request)
    if (!id) return reply.callNotFound()
    const body = formBody(request.body)
    const form = spec.schema.safeParse(body)
    if (!form.success) return spec.page(request, reply, body, govukErrors(form.error))
    const outcome = await spec.save(ctxOf(request), id, form.data)
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'invalid') {
      return spec.page(request, reply, body, fieldError(outcome.field, outcome.message))
    }
    return reply.redirect(spec.savedUrl(id), 303)
  })
}
