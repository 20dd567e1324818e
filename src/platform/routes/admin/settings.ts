import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import {
  findPartnershipSettings,
  recordPersonnelRead,
  updatePartnershipSettings,
} from '../../admin.js'
import { formBody, govukErrors } from '../../forms.js'
import { actorOf } from '../../http/access.js'
import { render } from '../../http/web.js'
import { listOutbox } from '../../outbox.js'
import { permission } from '../../permissions.js'
import { NoticeQuery, OutboxReasonForm, SettingsForm } from '../admin-schema.js'
import type { AdminOptions } from '../admin.js'

/** The partnership's settings and the outbox. */
export const settingsRoutes: FastifyPluginAsync<AdminOptions> = async (
  app,
  { db, config, mailer },
) => {
  // Settings and outbox

  app.get(
    '/settings',
    { config: { access: permission('partnership-settings', 'read') } },
    async (request, reply) => {
      const settings = await findPartnershipSettings(db, actorOf(request))
      return render(request, reply, 'platform/views/admin/settings.njk', {
        title: 'Partnership settings',
        form: {
          name: settings.name,
          mfaRequiredForAll: settings.mfaRequiredForAll ? 'yes' : 'no',
          outOfHoursPhone: settings.outOfHoursPhone ?? '',
          frontDoorPhone: settings.frontDoorPhone ?? '',
          frontDoorHours: settings.frontDoorHours ?? '',
          thresholdDocumentUrl: settings.thresholdDocumentUrl ?? '',
        },
        notice: NoticeQuery.parse(request.query).notice ? 'Settings saved' : undefined,
      })
    },
  )

  app.post(
    '/settings',
    { config: { access: permission('partnership-settings', 'update') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const form = SettingsForm.safeParse(body)
      if (!form.success) {
        return render(
          request,
          reply,
          'platform/views/admin/settings.njk',
          { title: 'Partnership settings', form: body, errors: govukErrors(form.error) },
          400,
        )
      }
      await updatePartnershipSettings(db, {
        actor: actorOf(request),
        input: form.data,
        requestId: request.id,
      })
      return reply.redirect('/admin/settings?notice=saved', 303)
    },
  )

  // The outbox holds emails about people: every look is audited, and in production it opens only
  // for a stated reason (a person says their invitation never arrived, say).
  const showOutbox = async (request: FastifyRequest, reply: FastifyReply, reason?: string) => {
    const actor = actorOf(request)
    await recordPersonnelRead(db, actor, request.id, {
      action: 'outbox.viewed',
      resourceType: 'outbox',
      ...(reason ? { detail: { reason } } : {}),
    })
    return render(request, reply, 'platform/views/admin/outbox.njk', {
      title: 'Outbox',
      messages: await listOutbox(db, actor),
      transport: mailer.transport,
    })
  }

  app.get(
    '/outbox',
    { config: { access: permission('outbox', 'read') } },
    async (request, reply) =>
      config.isProduction
        ? render(request, reply, 'platform/views/admin/outbox-reason.njk', {
            title: 'Why do you need to see the outbox?',
            form: {},
          })
        : showOutbox(request, reply),
  )

  app.post(
    '/outbox',
    { config: { access: permission('outbox', 'read') } },
    async (request, reply) => {
      const parsed = OutboxReasonForm.safeParse(formBody(request.body))
      if (!parsed.success) {
        return render(
          request,
          reply,
          'platform/views/admin/outbox-reason.njk',
          {
            title: 'Why do you need to see the outbox?',
            form: formBody(request.body),
            errors: govukErrors(parsed.error),
          },
          400,
        )
      }
      return showOutbox(request, reply, parsed.data.reason)
    },
  )
}
