import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z, type ZodType } from 'zod'
import type { Db, Trx } from '../../db/database.js'
import { londonInstant } from '../../platform/calendar.js'
import type { GovukErrors } from '../../platform/forms.js'
import { createFormRoutes, type FormPage } from '../../platform/http/create-form.js'
import { recordPageForms } from '../../platform/http/form-post.js'
import { can, permission, type Resource } from '../../platform/permissions.js'
import type { NotFound } from '../../platform/record-commands.js'
import { refuse, type Refusal } from '../../platform/refusal.js'
import { dateMessage, optionalDate, requiredDate } from '../../platform/form-fields.js'
import { findRegisterChildByLaId } from '../children/queries.js'
import { createChildRecord } from '../children/service.js'
import { audit, ctxOf, scoped, type Ctx } from '../../platform/acting.js'

export { audit, ctxOf, scoped, type Ctx }
export { dateMessage, optionalDate, requiredDate }

/** What every register area shares: the acting person, one transaction, audit, the child. */

export const view = (area: string, name: string) => `registers/${area}/views/${name}.njk`

/**
 * One entry for its page, found by the id in the address with what else the page needs, its
 * viewing audited in the same transaction. Null (a 404) when the id does not parse or is unknown.
 */
export async function viewEntry<L>(
  db: Db,
  request: FastifyRequest,
  page: {
    action: string
    resourceType: string
    load: (trx: Trx, id: string) => Promise<L | null | undefined>
    entryOf: (loaded: L) => { id: string; childId: string }
  },
): Promise<L | null> {
  const params = IdParams.safeParse(request.params)
  if (!params.success) return null
  const ctx = ctxOf(request)
  return scoped(db, ctx.actor, async trx => {
    const loaded = await page.load(trx, params.data.id)
    if (!loaded) return null
    const entry = page.entryOf(loaded)
    await audit(trx, ctx, {
      action: page.action,
      resourceType: page.resourceType,
      resourceId: entry.id,
      childId: entry.childId,
    })
    return loaded
  })
}

/** A register's page for one entry, with a form sent back with its errors when there is one. */
export type EntryPage = (
  request: FastifyRequest,
  reply: FastifyReply,
  state?: { form?: Record<string, unknown>; errors?: GovukErrors },
) => Promise<unknown>

/** A register's form for a new entry, empty or sent back with its errors. */
export type NewEntryPage = FormPage

type Outcome<O> = Promise<O | Refusal | NotFound>

/**
 * A register's routes around its entries: the new-entry form (back to the entry with
 * `?saved=<created>`), the entry's page, and a function that adds a form on that page (POST
 * `<base>/:id/<path>`, back to the entry with `?saved=<what>`).
 */
export function registerEntryRoutes<T, O extends { id: string }>(
  app: FastifyInstance,
  db: Db,
  entries: {
    base: string
    schema: ZodType<T>
    create: (db: Db, ctx: Ctx, input: T) => Outcome<O>
    created: string
    newPage: NewEntryPage
    page: EntryPage
  },
) {
  const { base } = entries
  createFormRoutes(app, {
    path: base,
    access: permission('register', 'create'),
    schema: entries.schema,
    page: entries.newPage,
    run: (request, input) => entries.create(db, ctxOf(request), input),
    next: outcome => `${base}/${outcome.id}?saved=${entries.created}`,
  })
  app.get(`${base}/:id`, { config: { access: permission('register', 'read') } }, (request, reply) =>
    entries.page(request, reply),
  )
  const post = recordPageForms(app, {
    base,
    access: permission('register', 'update'),
    params: IdParams,
    show: entries.page,
  })
  return <I, R>(
    path: string,
    schema: ZodType<I>,
    command: (db: Db, ctx: Ctx, id: string, input: I) => Outcome<R>,
    saved?: string,
  ) => post(path, schema, (request, id, input) => command(db, ctxOf(request), id, input), saved)
}

/**
 * A register's list and its CSV export (`?format=csv`): the single-valued query string parsed by
 * the list's schema (a 400 when it does not parse) and a 403 when a file is asked for by someone
 * who may not export; then the list, as the signed-in person.
 */
export function registerListRoute<Q extends { format?: 'csv' | undefined }>(
  app: FastifyInstance,
  list: {
    path: string
    resource: Resource
    query: ZodType<Q>
    handler: (request: FastifyRequest, reply: FastifyReply, query: Q, ctx: Ctx) => Promise<unknown>
  },
): void {
  const access = permission(list.resource, 'read')
  app.get(list.path, { config: { access } }, async (request, reply) => {
    const raw = singleQuery(request)
    const parsed = raw && list.query.safeParse(raw)
    if (!parsed?.success) return reply.code(400).send('Bad query')
    const ctx = ctxOf(request)
    if (parsed.data.format && !can(ctx.actor.roles, list.resource, 'export'))
      return reply.code(403).send('Forbidden')
    return list.handler(request, reply, parsed.data, ctx)
  })
}

/** The notice for `?saved=<what>` after a form on an entry's page, or null. */
export function savedNotice(request: FastifyRequest, notices: Record<string, string>) {
  const saved = singleQuery(request)?.saved ?? ''
  return Object.hasOwn(notices, saved) ? (notices[saved] ?? null) : null
}

/** The query string's single values; a repeated key is bad input, reported as null. */
export function singleQuery(request: FastifyRequest): Record<string, string> | null {
  const raw = request.query as Record<string, unknown>
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') return null
    out[key] = value
  }
  return out
}

export const IdParams = z.object({ id: z.uuid() })

export const requiredText = (max: number, empty: string, label: string) =>
  z
    .string({ error: empty })
    .trim()
    .min(1, empty)
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)

export const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .transform(value => value || null)

export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/

/** A London date and a 24-hour time ('14:30') as an instant. */
export function londonDateTime(date: string, time: string): Date {
  const [hours = 0, minutes = 0] = time.split(':').map(Number)
  return londonInstant(date, hours * 3600 + minutes * 60)
}

/** Which child an entry is about: an existing record by LA child ID, or a new record. */
export const ChildFields = {
  laChildId: z
    .string()
    .trim()
    .max(20, 'LA child ID must be 20 characters or fewer')
    .optional()
    .transform(value => value || null)
    .refine(value => value === null || /^[A-Za-z0-9]+$/.test(value), {
      message: 'LA child ID must only include letters and numbers',
    }),
  givenName: optionalText(100, 'Given name'),
  familyName: optionalText(100, 'Family name'),
  birthDate: optionalDate('the child’s date of birth'),
}
export interface ChildChoice {
  laChildId: string | null
  givenName: string | null
  familyName: string | null
  birthDate: string | null
}

/**
 * The child's id: the record with the LA child ID given, or a new record when none was given.
 * Refuses (rolling back) when the ID is unknown or a new child lacks a name or date of birth.
 */
export async function resolveChild(
  trx: Trx,
  ctx: Ctx,
  choice: ChildChoice,
): Promise<{ id: string; birthDate: string | null }> {
  if (choice.laChildId) {
    const child = await findRegisterChildByLaId(trx, choice.laChildId)
    if (!child) refuse('laChildId', 'No child has this LA child ID: check it, or leave it blank')
    return { id: child.id, birthDate: child.birthDate }
  }
  if (!choice.givenName) refuse('givenName', 'Enter the child’s given name, or their LA child ID')
  if (!choice.birthDate) refuse('birthDate', 'Enter the child’s date of birth')
  const id = await createChildRecord(
    trx,
    {
      partnershipId: ctx.actor.partnershipId,
      userId: ctx.actor.userId,
      requestId: ctx.requestId,
    },
    { givenName: choice.givenName, familyName: choice.familyName, birthDate: choice.birthDate },
  )
  return { id, birthDate: choice.birthDate }
}

/** The partnership's register settings, or the defaults. */
export async function registerSettings(trx: Trx) {
  const row = await trx.selectFrom('registerSetting').selectAll().executeTakeFirst()
  return {
    riskLevels: row?.riskLevels ?? ['low', 'medium', 'high'],
    repeatMissingEpisodes: row?.repeatMissingEpisodes ?? 3,
    repeatMissingDays: row?.repeatMissingDays ?? 90,
  }
}

/** A child's name as registers show it. */
export function childName(child: { givenName: string | null; familyName: string | null }) {
  return [child.givenName, child.familyName].filter(Boolean).join(' ') || 'Name not recorded'
}

export { recordItems as items } from '../../platform/forms.js'

/** Items for GOV.UK radios from a record of codes and their words. */
export const radioItems = (record: Record<string, string>, checked?: unknown) =>
  Object.entries(record).map(([value, text]) => ({ value, text, checked: value === checked }))

/** The words for a code, or the code itself when the record does not know it. */
export function wordsFor(record: Record<string, string>, code: string, unknown = code): string {
  return Object.hasOwn(record, code) ? (record[code] ?? unknown) : unknown
}
