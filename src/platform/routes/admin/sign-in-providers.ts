import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { listAgencies } from '../../admin.js'
import { fieldError, formBody, govukErrors, type GovukErrors, namedItems } from '../../forms.js'
import { actorOf } from '../../http/access.js'
import { render } from '../../http/web.js'
import { permission } from '../../permissions.js'
import { isRefusal } from '../../refusal.js'
import {
  createSignInProvider,
  deleteSignInProvider,
  findSignInProvider,
  listSignInProviders,
  switchSignInProvider,
  updateSignInProvider,
} from '../../sign-in-providers.js'
import { IdParams, NoticeQuery, SignInProviderForm, SwitchProviderForm } from '../admin-schema.js'
import type { AdminOptions } from '../admin.js'

const BASE = '/admin/settings/sign-in'
const FORM_PAGE = 'platform/views/admin/sign-in-provider-form.njk'
const NOTICES: Record<string, string> = {
  added: 'Sign-in provider added',
  saved: 'Sign-in provider saved',
  enabled: 'Staff can sign in with the provider again',
  disabled: 'The provider is turned off: its staff sign in with their password',
  deleted: 'Sign-in provider deleted',
}

/** The partnership's single sign-on providers: list, add, change, switch on or off, delete. */
export const signInProviderRoutes: FastifyPluginAsync<AdminOptions> = async (
  app,
  { db, config },
) => {
  const read = { config: { access: permission('partnership-settings', 'read') } }
  const update = { config: { access: permission('partnership-settings', 'update') } }
  const secretIsSet = (name: unknown) => typeof name === 'string' && name in config.oidcSecrets

  const showForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    page: { id?: string; form: Record<string, unknown>; errors?: GovukErrors },
  ) => {
    const agencies = await listAgencies(db, actorOf(request))
    return render(
      request,
      reply,
      FORM_PAGE,
      {
        title: page.id ? 'Change sign-in provider' : 'Add a sign-in provider',
        backLink: BASE,
        action: page.id ? `${BASE}/${page.id}` : BASE,
        form: page.form,
        agencyItems: namedItems(agencies, page.form.agencyId, 'The whole partnership'),
        secretIsSet: secretIsSet(page.form.clientSecretEnv),
        errors: page.errors,
      },
      page.errors ? 400 : 200,
    )
  }

  /** The provider the route's id names, in this partnership; otherwise not found. */
  const providerOf = async (request: FastifyRequest) => {
    const params = IdParams.safeParse(request.params)
    return params.success ? findSignInProvider(db, actorOf(request), params.data.id) : null
  }

  app.get('/settings/sign-in', read, async (request, reply) => {
    const providers = await listSignInProviders(db, actorOf(request))
    const notice = NOTICES[NoticeQuery.parse(request.query).notice ?? '']
    return render(request, reply, 'platform/views/admin/sign-in-providers.njk', {
      title: 'Sign-in providers',
      backLink: '/admin/settings',
      providers: providers.map(provider => ({
        ...provider,
        secretIsSet: secretIsSet(provider.clientSecretEnv),
      })),
      redirectUri: `${config.publicUrl}/sign-in/sso/callback`,
      ...(notice ? { notice } : {}),
    })
  })

  app.get('/settings/sign-in/new', update, async (request, reply) =>
    showForm(request, reply, { form: { isEnabled: 'yes' } }),
  )

  app.post('/settings/sign-in', update, async (request, reply) => {
    const body = formBody(request.body)
    const form = SignInProviderForm.safeParse(body)
    if (!form.success)
      return showForm(request, reply, { form: body, errors: govukErrors(form.error) })
    const outcome = await createSignInProvider(db, {
      actor: actorOf(request),
      input: form.data,
      requestId: request.id,
    })
    if (isRefusal(outcome))
      return showForm(request, reply, {
        form: body,
        errors: fieldError(outcome.field, outcome.message),
      })
    return reply.redirect(`${BASE}?notice=added`, 303)
  })

  app.get('/settings/sign-in/:id', update, async (request, reply) => {
    const provider = await providerOf(request)
    if (!provider) return reply.callNotFound()
    return showForm(request, reply, {
      id: provider.id,
      form: {
        ...provider,
        emailDomains: provider.emailDomains.join('\n'),
        isEnabled: provider.isEnabled ? 'yes' : 'no',
      },
    })
  })

  app.post('/settings/sign-in/:id', update, async (request, reply) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const { id } = params.data
    const body = formBody(request.body)
    const form = SignInProviderForm.safeParse(body)
    if (!form.success)
      return showForm(request, reply, { id, form: body, errors: govukErrors(form.error) })
    const outcome = await updateSignInProvider(db, {
      actor: actorOf(request),
      id,
      input: form.data,
      requestId: request.id,
    })
    if (isRefusal(outcome))
      return showForm(request, reply, {
        id,
        form: body,
        errors: fieldError(outcome.field, outcome.message),
      })
    if (outcome.kind === 'not-found') return reply.callNotFound()
    return reply.redirect(`${BASE}?notice=saved`, 303)
  })

  app.post('/settings/sign-in/:id/switch', update, async (request, reply) => {
    const params = IdParams.safeParse(request.params)
    const form = SwitchProviderForm.safeParse(formBody(request.body))
    if (!params.success) return reply.callNotFound()
    if (!form.success) return reply.code(400).send('Select whether staff can sign in with it')
    const outcome = await switchSignInProvider(db, {
      actor: actorOf(request),
      id: params.data.id,
      isEnabled: form.data.isEnabled,
      requestId: request.id,
    })
    if (outcome.kind === 'not-found') return reply.callNotFound()
    return reply.redirect(`${BASE}?notice=${form.data.isEnabled ? 'enabled' : 'disabled'}`, 303)
  })

  app.get('/settings/sign-in/:id/delete', update, async (request, reply) => {
    const provider = await providerOf(request)
    if (!provider) return reply.callNotFound()
    return render(request, reply, 'platform/views/admin/sign-in-provider-delete.njk', {
      title: `Delete ${provider.organisationName}’s sign-in provider`,
      backLink: BASE,
      provider,
    })
  })

  app.post('/settings/sign-in/:id/delete', update, async (request, reply) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const outcome = await deleteSignInProvider(db, {
      actor: actorOf(request),
      id: params.data.id,
      requestId: request.id,
    })
    if (outcome.kind === 'not-found') return reply.callNotFound()
    return reply.redirect(`${BASE}?notice=deleted`, 303)
  })
}
