import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import { attachment } from '../../platform/csv.js'
import { londonToday } from '../../platform/calendar.js'
import {
  financialYearLabel,
  financialYearOf,
  financialYearSlug,
} from '../../platform/financial-year.js'
import { addHomePanel } from '../../platform/home-panels.js'
import { actorOf } from '../../platform/http/access.js'
import { formatDate, render } from '../../platform/http/web.js'
import { addNavigation } from '../../platform/navigation.js'
import { can, permission } from '../../platform/permissions.js'
import { sendTable } from '../../platform/spreadsheets.js'
import { agencyLeadHomePanel, businessUnitHomePanel } from './home.js'
import { calendarIcs } from './ics.js'
import { CalendarQuery } from './schema.js'
import { ENTRY_KINDS, byMonth, readCalendar } from './service.js'

const HEADER = ['Date', 'What', 'Title', 'Details', 'Link']

/**
 * What is due, for the people who owe it or run it (issue 19 point 10): the business unit's
 * calendar of the year, and the home page panels of agency leads and the business unit.
 */
export const calendarRoutes: FastifyPluginAsync<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  addNavigation({
    href: '/calendar',
    text: 'Calendar',
    resource: 'business-calendar',
    action: 'read',
  })
  addHomePanel({
    key: 'agency-returns-due',
    resource: 'agency-return',
    action: 'update',
    load: agencyLeadHomePanel,
  })
  addHomePanel({
    key: 'business-calendar',
    resource: 'business-calendar',
    action: 'read',
    load: businessUnitHomePanel,
  })

  app.get(
    '/calendar',
    { config: { access: permission('business-calendar', 'read') } },
    async (request, reply) => {
      const query = CalendarQuery.parse(request.query)
      const actor = actorOf(request)
      const startYear = query.year ?? financialYearOf(londonToday())
      const ctx = { actor, requestId: request.id }
      if (query.format) {
        if (!can(actor.roles, 'business-calendar', 'export'))
          return reply.code(403).send('Forbidden')
        const entries = await readCalendar(db, ctx, startYear, {
          action: 'exported',
          format: query.format,
        })
        const name = `calendar-${financialYearSlug(startYear)}`
        if (query.format === 'ics')
          return reply
            .header('content-type', 'text/calendar; charset=utf-8')
            .header('content-disposition', attachment(`${name}.ics`))
            .send(
              calendarIcs(entries, {
                calendarName: `${actor.partnershipName}: calendar ${financialYearLabel(startYear)}`,
                baseUrl: config.publicUrl,
              }),
            )
        return sendTable(
          reply,
          query.format,
          name,
          HEADER,
          entries.map(e => [e.on, ENTRY_KINDS[e.kind], e.title, e.detail, e.href]),
        )
      }
      const entries = await readCalendar(db, ctx, startYear, { action: 'viewed' })
      return render(request, reply, 'calendar/views/calendar.njk', {
        title: `Calendar ${financialYearLabel(startYear)}`,
        yearLabel: financialYearLabel(startYear),
        yearSlug: financialYearSlug(startYear),
        previous: financialYearSlug(startYear - 1),
        next: financialYearSlug(startYear + 1),
        count: entries.length,
        canExport: can(actor.roles, 'business-calendar', 'export'),
        months: byMonth(startYear, entries).map(month => ({
          name: month.name,
          entries: month.entries.map(entry => ({
            ...entry,
            date: formatDate(entry.on),
            kindName: ENTRY_KINDS[entry.kind],
          })),
        })),
      })
    },
  )
}
