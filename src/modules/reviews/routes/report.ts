import type { FastifyInstance } from 'fastify'
import type { Db } from '../../../db/database.js'
import { FigureCounts, registerAnnualFiguresApi } from '../../../platform/annual-figures.js'
import { londonToday } from '../../../platform/calendar.js'
import { sendTable, TABLE_FORMATS } from '../../../platform/spreadsheets.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { addCalendarMonths, addCalendarDays } from '../../../platform/working-days.js'
import { CLOCK_STATE_NAMES } from '../clocks.js'
import { annualFigures, reportCard, FIGURE_LABELS } from '../service/report.js'
import { ctxOf } from './shared.js'

const CLOCK_NAMES = {
  notification: 'Notification to the national panel',
  'rapid-review': 'Rapid review',
  publication: 'Publication',
}

/** The monthly report card for the board: figures for the last month and the clocks running. */
export function registerReportRoutes(app: FastifyInstance, db: Db) {
  registerAnnualFiguresApi(
    app,
    'reviews',
    'case-review-report',
    (request, startYear) => annualFigures(db, ctxOf(request), startYear),
    {
      summary:
        'Case review figures for a year (referrals, screenings, notifications, rapid reviews, decisions, publications, actions)',
      description:
        'For the business unit, the board and auditors: each figure counts the cases or reviews whose step fell in the year; open reviews and actions are counted on 31 March.',
      figures: { figures: FigureCounts },
    },
  )

  app.get(
    '/reviews/report-card',
    { config: { access: permission('case-review-report', 'read') } },
    async (request, reply) => {
      if (Object.keys(request.query ?? {}).length) return reply.code(400).send('Bad request')
      const today = londonToday()
      const from = addCalendarDays(addCalendarMonths(today, -1), 1)
      const card = await reportCard(db, ctxOf(request), { from, to: today })
      const roles = ctxOf(request).actor.roles
      return render(request, reply, 'reviews/views/report-card.njk', {
        title: 'Case review report card',
        from,
        to: today,
        ...card,
        labels: FIGURE_LABELS,
        clockNames: CLOCK_NAMES,
        stateNames: CLOCK_STATE_NAMES,
        canOpenCases: can(roles, 'case-review', 'read'),
      })
    },
  )

  for (const format of TABLE_FORMATS) {
    app.get(
      `/reviews/report-card.${format}`,
      { config: { access: permission('case-review-report', 'export') } },
      async (request, reply) => {
        if (Object.keys(request.query ?? {}).length) return reply.code(400).send('Bad request')
        const today = londonToday()
        const from = addCalendarDays(addCalendarMonths(today, -1), 1)
        const card = await reportCard(db, ctxOf(request), { from, to: today })
        return sendTable(
          reply,
          format,
          `case-review-report-card-${today}`,
          ['Measure', 'Value'],
          Object.entries(FIGURE_LABELS).map(([key, label]) => [
            label,
            card.figures[key as keyof typeof card.figures],
          ]),
        )
      },
    )
  }
}
