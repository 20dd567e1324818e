import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { londonToday } from '../../../../platform/calendar.js'
import { formBody, type GovukErrors } from '../../../../platform/forms.js'
import { actorOf } from '../../../../platform/http/access.js'
import { render } from '../../../../platform/http/web.js'
import { permission } from '../../../../platform/permissions.js'
import { contactFormSettings, recordContact } from '../../contact.js'
import { CHANNEL_NAMES, CONCERN_TYPE_NAMES, RECORDED_CHANNELS, parseContact } from '../../schema.js'
import { FORM_BODY_LIMIT, type FrontdoorDeps } from '../../routes/shared.js'

/** A MASH worker records a phone, email or police contact on one short page. */
export function registerContactRoutes(app: FastifyInstance, { db }: FrontdoorDeps) {
  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors: GovukErrors = { summary: [], fields: {} },
  ) {
    const settings = await contactFormSettings(db, actorOf(request))
    const chosen = new Set(
      ([] as unknown[]).concat(form.concernTypes ?? []).filter(v => typeof v === 'string'),
    )
    return render(
      request,
      reply,
      'frontdoor/views/contact.njk',
      {
        title: 'Record a contact',
        backLink: '/front-door',
        form,
        errors,
        channelItems: RECORDED_CHANNELS.map(value => ({
          value,
          text: CHANNEL_NAMES[value],
          checked: form.channel === value,
        })),
        concernTypeItems: Object.entries(CONCERN_TYPE_NAMES).map(([value, text]) => ({
          value,
          text,
          checked: chosen.has(value),
        })),
        needLevelItems: settings.needLevels.map(level => ({
          value: level,
          text: level,
          checked: form.needLevel === level,
        })),
      },
      errors.summary.length ? 400 : 200,
    )
  }

  app.get(
    '/front-door/contacts/new',
    { config: { access: permission('referral', 'update') } },
    (request, reply) => showForm(request, reply),
  )

  app.post(
    '/front-door/contacts',
    { config: { access: permission('referral', 'update') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const actor = actorOf(request)
      const body = formBody(request.body)
      const settings = await contactFormSettings(db, actor)
      const parsed = parseContact(body, { today: londonToday(), needLevels: settings.needLevels })
      if (!parsed.success) return showForm(request, reply, body, parsed.errors)
      const { referralId } = await recordContact(db, {
        actor,
        input: parsed.data,
        requestId: request.id,
        now: new Date(),
      })
      return reply.redirect(`/referrals/${referralId}`, 303)
    },
  )
}
