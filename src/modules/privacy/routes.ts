import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../db/database.js'
import { type GovukErrors, formBody, govukErrors } from '../../platform/forms.js'
import { actorOf } from '../../platform/http/access.js'
import { render } from '../../platform/http/web.js'
import { PUBLIC, permission } from '../../platform/permissions.js'
import { ContactsForm, RetentionForm } from './schema.js'
import { subjectAccessRoutes } from './routes/subject-access.js'
import {
  applyRetention,
  privacyContacts,
  privacySettings,
  saveContacts,
  saveRetention,
} from './service.js'

const view = (name: string) => `privacy/views/${name}.njk`
const ctxOf = (request: FastifyRequest) => ({ actor: actorOf(request), requestId: request.id })

/** The public privacy notice and cookies page; the administrator's privacy settings. */
export const privacyRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.get('/privacy', { config: { access: PUBLIC } }, async (request, reply) =>
    render(request, reply, view('privacy'), {
      title: 'Privacy notice',
      controllers: await privacyContacts(db, request.session?.partnership?.partnershipId ?? null),
    }),
  )
  app.get('/cookies', { config: { access: PUBLIC } }, (request, reply) =>
    render(request, reply, view('cookies'), { title: 'Cookies' }),
  )

  const settingsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { form?: Record<string, unknown>; errors?: GovukErrors; notice?: string } = {},
  ) => {
    const data = await privacySettings(db, ctxOf(request))
    const form = extra.form ?? {
      controllerContact: data.setting?.controllerContact ?? '',
      dpoContact: data.setting?.dpoContact ?? '',
      ...Object.fromEntries(data.types.map(t => [t.type, String(t.keepYears)])),
    }
    return render(
      request,
      reply,
      view('settings'),
      { title: 'Privacy and retention', ...data, form, errors: extra.errors, notice: extra.notice },
      extra.errors ? 400 : 200,
    )
  }
  app.get(
    '/admin/privacy',
    { config: { access: permission('privacy', 'read') } },
    (request, reply) => settingsPage(request, reply),
  )
  app.post(
    '/admin/privacy/contacts',
    { config: { access: permission('privacy', 'update') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const parsed = ContactsForm.safeParse(body)
      if (!parsed.success)
        return settingsPage(request, reply, { form: body, errors: govukErrors(parsed.error) })
      await saveContacts(db, ctxOf(request), parsed.data)
      return reply.redirect('/admin/privacy#contacts', 303)
    },
  )
  app.post(
    '/admin/privacy/retention',
    { config: { access: permission('privacy', 'update') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const parsed = RetentionForm.safeParse(body)
      if (!parsed.success)
        return settingsPage(request, reply, { form: body, errors: govukErrors(parsed.error) })
      await saveRetention(db, ctxOf(request), parsed.data)
      return reply.redirect('/admin/privacy#retention', 303)
    },
  )
  app.post(
    '/admin/privacy/retention/apply',
    { config: { access: permission('privacy', 'update') } },
    async (request, reply) => {
      const actor = actorOf(request)
      await applyRetention(db, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        requestId: request.id,
      })
      return reply.redirect('/admin/privacy#retention', 303)
    },
  )
  await app.register(subjectAccessRoutes, { db })
}
