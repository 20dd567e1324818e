import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { queryObject } from '../query.js'
import type { Config } from '../../config.js'
import { inPartnership, type Db } from '../../db/database.js'
import { listAgencies, listHolidays, partnershipCalendar } from '../admin.js'
import { searchAuditEvents } from '../audit.js'
import { actorOf } from '../http/access.js'
import { render } from '../http/web.js'
import type { Mailer } from '../mail.js'
import { openApiDocument, type OpenApiOperation } from '../openapi.js'
import { PUBLIC, permission } from '../permissions.js'
import { isValidIsoDate } from '../working-days.js'
import { AuditSearchQuery } from './audit.js'

const YearQuery = queryObject({
  year: z.coerce.number({ error: 'year must be a number' }).int().min(2000).max(2100),
})

const isoDate = (name: string) =>
  z
    .string({ error: `${name} is required (YYYY-MM-DD)` })
    .refine(isValidIsoDate, `${name} must be a real date as YYYY-MM-DD`)
const WorkingDaysQuery = queryObject({
  from: isoDate('from'),
  days: z.coerce.number().int().min(-3650).max(3650).optional(),
  to: isoDate('to').optional(),
}).refine(query => (query.days === undefined) !== (query.to === undefined), {
  message: 'Give either days or to, not both',
})

function badRequest(error: z.ZodError) {
  return {
    error: 'Invalid parameters',
    message: error.issues
      .map(issue => `${issue.path.join('.') || 'query'}: ${issue.message}`)
      .join('; '),
  }
}

export const apiRoutes: FastifyPluginAsync<{ db: Db; config: Config; mailer: Mailer }> = async (
  app,
  { db },
) => {
  app.get('/v1/openapi.json', { config: { access: PUBLIC } }, () => openApiDocument)

  app.get('/docs', { config: { access: PUBLIC } }, async (request, reply) => {
    const paths: Record<string, Record<string, OpenApiOperation>> = openApiDocument.paths
    const operations = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        summary: operation.summary,
        description: operation.description ?? '',
        parameters: operation.parameters ?? [],
      })),
    )
    return render(request, reply, 'platform/views/api-docs.njk', {
      title: 'Keepsafe API',
      info: openApiDocument.info,
      operations,
    })
  })

  app.get('/v1/me', { config: { access: permission('account', 'read') } }, request => {
    const actor = actorOf(request)
    return {
      userId: actor.userId,
      email: actor.email,
      displayName: actor.displayName,
      partnershipId: actor.partnershipId,
      partnershipName: actor.partnershipName,
      roles: actor.roles,
    }
  })

  app.get('/v1/agencies', { config: { access: permission('agency', 'read') } }, async request => {
    const agencies = await listAgencies(db, actorOf(request))
    return {
      agencies: agencies.map(({ id, name, sector, isActive }) => ({ id, name, sector, isActive })),
    }
  })

  app.get(
    '/v1/bank-holidays',
    { config: { access: permission('bank-holiday', 'read') } },
    async (request, reply) => {
      const query = YearQuery.safeParse(request.query)
      if (!query.success) return reply.code(400).send(badRequest(query.error))
      const holidays = await listHolidays(db, actorOf(request), query.data.year)
      return {
        holidays: holidays.map(({ holidayOn, name, isBuiltIn }) => ({
          date: holidayOn,
          name,
          isBuiltIn,
        })),
      }
    },
  )

  app.get(
    '/v1/working-days',
    { config: { access: permission('dashboard', 'read') } },
    async (request, reply) => {
      const query = WorkingDaysQuery.safeParse(request.query)
      if (!query.success) return reply.code(400).send(badRequest(query.error))
      const calendar = await partnershipCalendar(db, actorOf(request))
      const { from, days, to } = query.data
      if (days !== undefined) return { from, days, date: calendar.addWorkingDays(from, days) }
      return { from, to, workingDays: calendar.workingDaysBetween(from, to ?? from) }
    },
  )

  app.get(
    '/v1/audit-events',
    { config: { access: permission('audit', 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const query = AuditSearchQuery.safeParse(request.query)
      if (!query.success) return reply.code(400).send(badRequest(query.error))
      const { user, action, resourceType, record, child, from, to, page } = query.data
      const events = await inPartnership(
        db,
        { partnershipId: actor.partnershipId, userId: actor.userId },
        async trx => {
          const userId = user
            ? (
                await trx
                  .selectFrom('appUser')
                  .select('id')
                  .where('email', '=', user.toLowerCase())
                  .executeTakeFirst()
              )?.id
            : undefined
          if (user && !userId) return []
          return searchAuditEvents(trx, actor.partnershipId, {
            userId,
            action,
            resourceType,
            resourceId: record,
            childId: child,
            from,
            to,
            limit: 100,
            offset: ((page ?? 1) - 1) * 100,
          })
        },
      )
      return { events: events.map(({ userEmail: _email, id: _id, ...event }) => event) }
    },
  )
}
