import type { FastifyInstance } from 'fastify'
import type { Db } from '../../../../db/database.js'
import { londonDate, londonToday } from '../../../../platform/calendar.js'
import { actorOf } from '../../../../platform/http/access.js'
import { formatDate, formatDateTime, render } from '../../../../platform/http/web.js'
import { can, permission } from '../../../../platform/permissions.js'
import { addCalendarMonths, toDayNumber } from '../../../../platform/working-days.js'
import { sendTable } from '../export.js'
import { QuarterQuery, RETURN_STATUSES, quarterContaining, quarterOf } from '../schema.js'
import { auditExport, chaseList, quarterCompleteness } from '../service.js'
import { quarterItems } from './returns.js'
import { badQuery, ctxOf, noticeOf, readQuery, requireExport, view } from './shared.js'

/** Who has and has not returned for a quarter, and the chase list for the performance sub-group. */
export function registerCompletenessRoutes(app: FastifyInstance, db: Db): void {
  const read = { config: { access: permission('agency-return', 'read') } }

  app.get('/completeness', read, async (request, reply) => {
    const parsed = readQuery(QuarterQuery, request)
    if (!parsed.ok) return badQuery(request, reply, parsed.errors)
    const query = parsed.data
    const today = londonToday()
    // Returns are asked for after a quarter ends: by default, the quarter before today's.
    const chosen =
      (query.quarter ? quarterOf(query.quarter) : null) ??
      quarterContaining(addCalendarMonths(quarterContaining(today).start, -3))
    const rows = await quarterCompleteness(db, actorOf(request), chosen, today)
    const returned = rows.filter(row => row.return?.status === 'signed-off').length
    if (query.format) {
      requireExport(request, 'agency-return')
      await auditExport(db, ctxOf(request), 'completeness', query.format, rows.length)
      return sendTable(
        reply,
        query.format,
        `returns-completeness-${chosen.key}`,
        ['Agency', 'Indicators', 'Asked for', 'Due', 'Status', 'Overdue'],
        rows.map(row => [
          row.agencyName,
          row.indicators,
          row.return ? 'Yes' : 'No',
          row.return ? formatDate(row.return.dueOn) : '',
          row.return ? RETURN_STATUSES[row.return.status] : 'Not asked for',
          row.return?.overdue ? 'Yes' : 'No',
        ]),
      )
    }
    return render(request, reply, view('completeness'), {
      title: `Who has returned: ${chosen.label}`,
      quarter: chosen,
      rows,
      returned,
      quarterItems: quarterItems(chosen.key),
      RETURN_STATUSES,
      canExport: can(actorOf(request).roles, 'agency-return', 'export'),
    })
  })

  app.get('/chase', read, async (request, reply) => {
    const parsed = readQuery(QuarterQuery, request)
    if (!parsed.ok) return badQuery(request, reply, parsed.errors)
    const query = parsed.data
    const actor = actorOf(request)
    const rows = (await chaseList(db, actor)).filter(
      row => !query.quarter || row.quarterLabel === quarterOf(query.quarter)?.label,
    )
    if (query.format) {
      requireExport(request, 'agency-return')
      await auditExport(db, ctxOf(request), 'chase-list', query.format, rows.length)
      return sendTable(
        reply,
        query.format,
        'returns-chase-list',
        ['Agency', 'Quarter', 'Due', 'Days overdue', 'Status', 'Reminders sent', 'Last reminder'],
        rows.map(row => [
          row.agencyName,
          row.quarterLabel,
          formatDate(row.dueOn),
          daysOverdue(row.dueOn),
          RETURN_STATUSES[row.status],
          row.remindersSent,
          row.lastReminderAt ? formatDate(londonDate(row.lastReminderAt)) : '',
        ]),
      )
    }
    return render(request, reply, view('chase'), {
      title: 'Chase list: returns overdue',
      rows: rows.map(row => ({
        ...row,
        daysOverdue: daysOverdue(row.dueOn),
        lastReminder: row.lastReminderAt ? formatDateTime(row.lastReminderAt) : '',
      })),
      RETURN_STATUSES,
      canChase: can(actor.roles, 'agency-return', 'create'),
      canExport: can(actor.roles, 'agency-return', 'export'),
      notice: noticeOf(query.notice),
    })
  })
}

function daysOverdue(dueOn: string): number {
  return toDayNumber(londonToday()) - toDayNumber(dueOn)
}
