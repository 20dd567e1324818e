import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formBody, govukErrors, type GovukErrors } from '../../../../platform/forms.js'
import { actorOf } from '../../../../platform/http/access.js'
import { render } from '../../../../platform/http/web.js'
import { permission } from '../../../../platform/permissions.js'
import { frontDoorSettings, saveFrontDoorSettings } from '../../decisions.js'
import { FrontDoorSettingsForm } from '../../schema.js'
import { FORM_BODY_LIMIT, type FrontdoorDeps } from '../../routes/shared.js'
import { afterChange } from '../notices.js'

/**
 * The front door's timescales, whether decisions need a manager's authorisation, the allocation
 * clock, the threshold document's levels of need and what an early help decision records.
 */
export function registerSettingsRoutes(app: FastifyInstance, { db }: FrontdoorDeps) {
  function renderSettings(
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors: GovukErrors = { summary: [], fields: {} },
  ) {
    return render(
      request,
      reply,
      'frontdoor/views/settings.njk',
      { title: 'Front door timescales and authorisation', form, errors },
      errors.summary.length ? 400 : 200,
    )
  }

  app.get(
    '/front-door/settings',
    { config: { access: permission('front-door-settings', 'read') } },
    async (request, reply) => {
      const settings = await frontDoorSettings(db, actorOf(request))
      return renderSettings(request, reply, {
        redHours: String(settings.redHours),
        amberWorkingDays: String(settings.amberWorkingDays),
        greenWorkingDays: String(settings.greenWorkingDays),
        requiresAuthorisation: settings.requiresAuthorisation ? 'yes' : 'no',
        allocationWorkingDays: String(settings.allocationWorkingDays),
        needLevels: settings.needLevels.join('\n'),
        earlyHelpWrites: settings.earlyHelpWrites,
      })
    },
  )

  app.post(
    '/front-door/settings',
    { config: { access: permission('front-door-settings', 'update') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const body = formBody(request.body)
      const form = FrontDoorSettingsForm.safeParse(body)
      if (!form.success) return renderSettings(request, reply, body, govukErrors(form.error))
      await saveFrontDoorSettings(db, {
        actor: actorOf(request),
        input: form.data,
        requestId: request.id,
      })
      return reply.redirect(afterChange('/front-door', 'front-door-settings-saved'), 303)
    },
  )
}
