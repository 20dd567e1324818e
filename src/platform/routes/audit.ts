import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { queryObject } from '../query.js'
import type { Config } from '../../config.js'
import { inPartnership, type Db } from '../../db/database.js'
import { recordAudit, searchAuditEvents, type AuditSearch } from '../audit.js'
import { auditActionInWords } from '../audit-words.js'
import { joinDateInputs } from '../date-input.js'
import { sendCsv } from '../csv.js'
import { govukErrors } from '../forms.js'
import { actorOf } from '../http/access.js'
import { render } from '../http/web.js'
import type { Mailer } from '../mail.js'
import { permission } from '../permissions.js'
import { isValidIsoDate } from '../working-days.js'

const PAGE_SIZE = 100
const DATE_FIELDS = ['from', 'to']
const EXPORT_LIMIT = 100_000

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max} characters or fewer`)
    .optional()
    .transform(value => value || undefined)
const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform(value => value || undefined)
  .refine(
    value => value === undefined || isValidIsoDate(value),
    'Enter a real date, for example 27 3 2026',
  )

export const AuditSearchQuery = queryObject({
  user: optionalText(254).meta({ description: 'Email address of the person who acted' }),
  action: optionalText(100).meta({ description: 'Action, or its start (e.g. sign-in)' }),
  resourceType: optionalText(100),
  record: optionalText(100),
  child: optionalText(100),
  from: optionalDate,
  to: optionalDate,
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(1),
}).refine(query => !query.from || !query.to || query.from <= query.to, {
  message: 'The ‘from’ date must be on or before the ‘to’ date',
  path: ['to'],
})

async function toSearch(
  db: Db,
  query: z.infer<typeof AuditSearchQuery>,
): Promise<AuditSearch | null> {
  let userId: string | undefined
  if (query.user) {
    const user = await db
      .selectFrom('appUser')
      .select('id')
      .where('email', '=', query.user.toLowerCase())
      .executeTakeFirst()
    if (!user) return null
    userId = user.id
  }
  return {
    userId,
    action: query.action,
    resourceType: query.resourceType,
    resourceId: query.record,
    childId: query.child,
    from: query.from,
    to: query.to,
  }
}

export const auditRoutes: FastifyPluginAsync<{ db: Db; config: Config; mailer: Mailer }> = async (
  app,
  { db },
) => {
  app.get('/', { config: { access: permission('audit', 'read') } }, async (request, reply) => {
    const actor = actorOf(request)
    const raw = joinDateInputs(request.query, DATE_FIELDS) as Record<string, string>
    const parsed = AuditSearchQuery.safeParse(raw)
    if (!parsed.success) {
      return render(
        request,
        reply,
        'platform/views/audit.njk',
        { title: 'Audit trail', query: raw, events: [], errors: govukErrors(parsed.error) },
        400,
      )
    }
    const page = parsed.data.page ?? 1
    const search = await toSearch(db, parsed.data)
    const events = search
      ? await inPartnership(db, { partnershipId: actor.partnershipId, userId: actor.userId }, trx =>
          searchAuditEvents(trx, actor.partnershipId, {
            ...search,
            limit: PAGE_SIZE + 1,
            offset: (page - 1) * PAGE_SIZE,
          }),
        )
      : []
    const exportQuery = new URLSearchParams(
      Object.entries(raw).filter(([key, value]) => key !== 'page' && value),
    ).toString()
    return render(request, reply, 'platform/views/audit.njk', {
      title: 'Audit trail',
      query: raw,
      events: events
        .slice(0, PAGE_SIZE)
        .map(event => ({ ...event, actionInWords: auditActionInWords(event.action) })),
      page,
      hasNext: events.length > PAGE_SIZE,
      exportHref: `/audit/export.csv${exportQuery ? `?${exportQuery}` : ''}`,
      pageHref: (n: number) =>
        `/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(raw).filter(([, v]) => v)), page: String(n) }).toString()}`,
    })
  })

  app.get(
    '/export.csv',
    { config: { access: permission('audit', 'export') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const parsed = AuditSearchQuery.safeParse(joinDateInputs(request.query, DATE_FIELDS))
      if (!parsed.success)
        return reply
          .code(400)
          .send({ error: 'Invalid search', message: parsed.error.issues[0]?.message })
      const search = await toSearch(db, parsed.data)
      const events = await inPartnership(
        db,
        { partnershipId: actor.partnershipId, userId: actor.userId },
        async trx => {
          const rows = search
            ? await searchAuditEvents(trx, actor.partnershipId, { ...search, limit: EXPORT_LIMIT })
            : []
          // Exporting the trail is itself an audited event.
          await recordAudit(trx, {
            partnershipId: actor.partnershipId,
            userId: actor.userId,
            action: 'audit.exported',
            resourceType: 'audit',
            detail: { rows: rows.length, filters: parsed.data },
            requestId: request.id,
          })
          return rows
        },
      )
      return sendCsv(
        reply,
        'audit-trail.csv',
        [
          'occurred_at',
          'seq',
          'user',
          'action',
          'resource_type',
          'resource_id',
          'child_id',
          'fields',
          'detail',
          'request_id',
        ],
        events.map(event => [
          event.occurredAt,
          event.seq,
          event.userEmail ?? event.userId ?? '',
          event.action,
          event.resourceType,
          event.resourceId,
          event.childId,
          event.fields,
          event.detail,
          event.requestId,
        ]),
      )
    },
  )
}
