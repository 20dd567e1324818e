import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import { govukErrors } from '../../platform/forms.js'
import { render } from '../../platform/http/web.js'
import type { Mailer } from '../../platform/mail.js'
import { addNavigation } from '../../platform/navigation.js'
import { permission } from '../../platform/permissions.js'
import { registerBookingRoutes } from './booking/routes.js'
import { registerCatalogueRoutes } from './catalogue/routes.js'
import { registerEvaluationRoutes } from './evaluation/routes.js'
import { lastFinancialYear } from './demo.js'
import { trainingFigures } from './queries.js'
import { registerRegisterRoutes } from './registers/routes.js'
import { PeriodQuery } from './registers/schema.js'
import { badQuery, ctxOf, isExport, scoped, sendExport, singleQuery } from './shared.js'
import { auditDownloads } from '../../platform/http/download-audit.js'
import { registerTrainerRoutes } from './trainers/routes.js'
import { londonToday } from '../../platform/calendar.js'

/** Multi-agency training: the public programme, the business unit's pages and the figures. */
export const trainingRoutes: FastifyPluginAsync<{
  db: Db
  mailer: Mailer
  config: Config
}> = async (app, { db, mailer, config }) => {
  addNavigation({ href: '/training', text: 'Training', resource: 'training', action: 'read' })
  addNavigation({
    href: '/training/approvals',
    text: 'Training approvals',
    resource: 'training-approval',
    action: 'read',
  })
  const deps = { db, mailer, publicUrl: config.publicUrl }

  // Every download is an audit event.
  auditDownloads(app, db, { action: 'training.exported', resourceType: 'trn-export' })

  registerBookingRoutes(app, deps)
  registerCatalogueRoutes(app, db)
  registerRegisterRoutes(app, deps)
  registerEvaluationRoutes(app, db)
  registerTrainerRoutes(app, db)
  registerFigureRoutes(app, db)
}

function registerFigureRoutes(app: FastifyInstance, db: Db) {
  app.get(
    '/training/figures',
    { config: { access: permission('training-figures', 'read') } },
    async (request, reply) => {
      const ctx = ctxOf(request)
      const raw = singleQuery(request, ['from', 'to', 'format']) ?? badQuery()
      const year = lastFinancialYear(londonToday())
      const parsed = PeriodQuery.safeParse({
        from: raw.from ?? year.from,
        to: raw.to ?? year.to,
        ...(raw.format ? { format: raw.format } : {}),
      })
      const period = parsed.success ? parsed.data : { ...year, format: undefined }
      const figures = await scoped(db, ctx.actor, trx =>
        trainingFigures(trx, { from: period.from, to: period.to }),
      )
      if (parsed.success && isExport(period.format)) {
        const rows: unknown[][] = [
          ['Course subjects', figures.subjects],
          ['Events', figures.events],
          ['Places', figures.places],
          ['Bookings', figures.bookings],
          ['Attended', figures.attended],
          ['No-shows %', figures.noShowPercent],
          ['Places used %', figures.utilisationPercent],
          ['Evaluations completed %', figures.evaluationCompletionPercent],
          ['Follow-ups sent', figures.followUpsSent],
          ['Follow-ups answered', figures.followUpsCompleted],
          ['Follow-up response %', figures.followUpResponsePercent],
          ['Follow-ups showing impact %', figures.followUpImpactPercent],
          ['Single-agency deliveries', figures.singleAgencyDeliveries],
          ['Single-agency trainers', figures.singleAgencyTrainers],
          ['Single-agency delegates', figures.singleAgencyDelegates],
          ...figures.agencies.map(a => [
            `Delegates: ${a.agencyName}`,
            a.delegates,
            a.required ?? '',
            a.compliancePercent ?? '',
          ]),
          ...figures.sectors.map(s => [`Delegates in sector: ${s.sector}`, s.delegates]),
        ]
        return sendExport(
          ctx.actor,
          'training-figures',
          reply,
          period.format,
          `training-figures-${period.from}-to-${period.to}`,
          ['figure', 'value', 'required', 'compliance_percent'],
          rows,
        )
      }
      const errors = parsed.success ? undefined : govukErrors(parsed.error)
      return render(
        request,
        reply,
        'training/views/figures.njk',
        {
          title: 'Training figures',
          figures,
          form: { from: raw.from ?? period.from, to: raw.to ?? period.to },
          errors,
        },
        errors ? 400 : 200,
      )
    },
  )
}
