import type { FastifyPluginAsync } from 'fastify'
import type { z } from 'zod'
import type { Config } from '../../config.js'
import { inPartnership, type Db } from '../../db/database.js'
import { listAgencies, listHolidays, partnershipCalendar } from '../admin.js'
import { searchAuditEvents } from '../audit.js'
import { actorOf } from '../http/access.js'
import { render } from '../http/web.js'
import type { Mailer } from '../mail.js'
import { documentedOperations, openApiDocument } from '../openapi.js'
import { PUBLIC, permission } from '../permissions.js'
import {
  AgenciesResponse,
  AuditEventsResponse,
  HolidaysResponse,
  MeResponse,
  WorkingDaysQuery,
  WorkingDaysResponse,
  YearQuery,
} from './api-schema.js'
import { AuditSearchQuery } from './audit.js'

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
  // Built once, on first asking, when every route of the app is registered.
  let document: ReturnType<typeof openApiDocument> | undefined
  const theDocument = () => (document ??= openApiDocument(app.apiRoutes))

  app.get('/v1/openapi.json', { config: { access: PUBLIC } }, () => theDocument())

  app.get('/docs', { config: { access: PUBLIC } }, async (request, reply) =>
    render(request, reply, 'platform/views/api-docs.njk', {
      title: 'Keepsafe API',
      info: theDocument().info,
      operations: documentedOperations(theDocument()),
    }),
  )

  app.get(
    '/v1/me',
    {
      config: {
        access: permission('account', 'read'),
        api: {
          summary: 'Who the token acts as',
          response: MeResponse,
          responseDescription: 'The token holder',
        },
      },
    },
    request => {
      const actor = actorOf(request)
      return {
        userId: actor.userId,
        email: actor.email,
        displayName: actor.displayName,
        partnershipId: actor.partnershipId,
        partnershipName: actor.partnershipName,
        roles: actor.roles,
      }
    },
  )

  app.get(
    '/v1/agencies',
    {
      config: {
        access: permission('agency', 'read'),
        api: {
          summary: 'The partnership’s agencies',
          response: AgenciesResponse,
          responseDescription: 'Agencies',
        },
      },
    },
    async request => {
      const agencies = await listAgencies(db, actorOf(request))
      return {
        agencies: agencies.map(({ id, name, sector, isActive }) => ({
          id,
          name,
          sector,
          isActive,
        })),
      }
    },
  )

  app.get(
    '/v1/bank-holidays',
    {
      config: {
        access: permission('bank-holiday', 'read'),
        api: {
          summary: 'Bank holidays of a year: England and Wales, and the partnership’s own',
          query: YearQuery,
          response: HolidaysResponse,
          responseDescription: 'Holidays',
        },
      },
    },
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
    {
      config: {
        access: permission('dashboard', 'read'),
        api: {
          summary: 'Working-day arithmetic on the partnership’s calendar',
          description:
            'With `days`: the date that many working days after `from`. With `to`: the working days after `from` up to and including `to`.',
          query: WorkingDaysQuery,
          response: WorkingDaysResponse,
          responseDescription: 'Result',
        },
      },
    },
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
    {
      config: {
        access: permission('audit', 'read'),
        api: {
          summary: 'Search the partnership’s audit trail (auditors)',
          query: AuditSearchQuery,
          response: AuditEventsResponse,
          responseDescription: 'Events, newest first',
        },
      },
    },
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
