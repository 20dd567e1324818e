import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { type GovukErrors, fieldError, formBody, govukErrors } from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { permission } from '../../../platform/permissions.js'
import { isRefusal } from '../../../platform/refusal.js'
import { ctxOf, singleQuery, view } from '../shared.js'
import { SettingsForm } from './schema.js'
import { readSettings, saveSettings } from './service.js'

const BASE = '/registers/settings'

/** The registers' settings: risk levels and the repeat-missing rule, per partnership. */
export function registerSettingsRoutes(app: FastifyInstance, db: Db): void {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form?: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const settings = await readSettings(db, ctxOf(request))
    return render(
      request,
      reply,
      view('settings', 'settings'),
      {
        title: 'Register settings',
        form: form ?? {
          riskLevels: settings.riskLevels.join('\n'),
          repeatMissingEpisodes: String(settings.repeatMissingEpisodes),
          repeatMissingDays: String(settings.repeatMissingDays),
        },
        errors,
        saved: singleQuery(request)?.saved === '1',
      },
      errors ? 400 : 200,
    )
  }

  app.get(BASE, { config: { access: permission('register-settings', 'read') } }, (request, reply) =>
    page(request, reply),
  )

  app.post(
    BASE,
    { config: { access: permission('register-settings', 'update') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const form = SettingsForm.safeParse(body)
      if (!form.success) return page(request, reply, body, govukErrors(form.error))
      const outcome = await saveSettings(db, ctxOf(request), form.data)
      if (isRefusal(outcome))
        return page(request, reply, body, fieldError(outcome.field, outcome.message))
      return reply.redirect(`${BASE}?saved=1`, 303)
    },
  )
}
