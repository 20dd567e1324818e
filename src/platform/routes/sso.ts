import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import { fieldError, formBody, govukErrors, type GovukErrors } from '../forms.js'
import { render } from '../http/web.js'
import { PUBLIC } from '../permissions.js'
import { finishSignIn, providerForEmail, startSignIn, type PendingSignIn } from '../sso.js'
import { safeNext, setSessionCookie } from './sign-in.js'

const PENDING_COOKIE = 'keepsafe_sso'

const SsoForm = z.object({
  email: z
    .email({ error: 'Enter an email address in the correct format, like name@example.org' })
    .max(254),
  next: z.string().optional(),
})

/** Why a single sign-on was refused, for the person: no detail that helps a guesser. */
const REFUSALS: Record<string, string> = {
  'no-provider': 'Single sign-on is not set up for your organisation any more.',
  'provider-unavailable': 'Your organisation’s sign-in service did not answer. Try again later.',
  'bad-response':
    'The answer from your organisation’s sign-in service could not be checked. Start again from the sign-in page.',
  'email-not-verified': 'Your organisation’s sign-in service did not confirm your email address.',
  'wrong-domain': 'Your email address is not one this organisation’s sign-in service may use here.',
  'no-account':
    'There is no Keepsafe account for you here. Ask your partnership administrator to invite you, then sign in again.',
  'linked-elsewhere':
    'Your Keepsafe account is already linked to another account at your organisation. Ask your partnership administrator.',
}

/** "Sign in with your organisation": by email domain, to the organisation's OIDC provider. */
export const ssoRoutes: FastifyPluginAsync<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  const rateLimit = { max: config.signInAttemptsPerMinute, timeWindow: '1 minute' }
  const redirectUri = `${config.publicUrl}/sign-in/sso/callback`
  const page = 'platform/views/sign-in-sso.njk'
  const title = 'Sign in with your organisation'

  app.get('/sign-in/sso', { config: { access: PUBLIC } }, async (request, reply) =>
    render(request, reply, page, { title, form: request.query }),
  )

  app.post('/sign-in/sso', { config: { access: PUBLIC, rateLimit } }, async (request, reply) => {
    const body = formBody(request.body)
    const sendBack = (errors: GovukErrors, status: number) =>
      render(request, reply, page, { title, form: body, errors }, status)
    const form = SsoForm.safeParse(body)
    if (!form.success) return sendBack(govukErrors(form.error), 400)
    const provider = await providerForEmail(db, form.data.email)
    if (!provider) {
      const message =
        'Your organisation does not sign in to Keepsafe this way: sign in with your email address and password'
      return sendBack(fieldError('email', message), 400)
    }
    let started
    try {
      started = await startSignIn(provider, {
        secrets: config.oidcSecrets,
        redirectUri,
        next: safeNext(form.data.next),
        loginHint: form.data.email,
      })
    } catch (error) {
      request.log.error({ err: error, reqId: request.id }, 'sign-in provider unavailable')
      const message = REFUSALS['provider-unavailable'] ?? ''
      return sendBack(fieldError('email', message), 503)
    }
    reply.setCookie(PENDING_COOKIE, JSON.stringify(started.pending), {
      path: '/sign-in/sso',
      httpOnly: true,
      // Lax: the provider sends the browser back with a top-level GET, which carries it.
      sameSite: 'lax',
      secure: config.secureCookies,
      signed: true,
      maxAge: 600,
    })
    return reply.redirect(started.url.href, 303)
  })

  app.get(
    '/sign-in/sso/callback',
    { config: { access: PUBLIC, rateLimit } },
    async (request, reply) => {
      const pending = readPending(request.unsignCookie(request.cookies[PENDING_COOKIE] ?? ''))
      reply.clearCookie(PENDING_COOKIE, { path: '/sign-in/sso' })
      const refusedPage = (reason: string, status: number) =>
        render(
          request,
          reply,
          'platform/views/sign-in-sso-refused.njk',
          {
            title: 'You could not be signed in',
            message: REFUSALS[reason],
          },
          status,
        )
      if (!pending) return refusedPage('bad-response', 400)
      const outcome = await finishSignIn(db, {
        pending,
        callbackUrl: new URL(request.url, config.publicUrl),
        secrets: config.oidcSecrets,
        requestId: request.id,
      })
      if (outcome.kind === 'refused') return refusedPage(outcome.reason, 403)
      setSessionCookie(reply, config, outcome.sessionId)
      if (outcome.nextStep === 'mfa')
        return reply.redirect(`/sign-in/two-factor?next=${encodeURIComponent(pending.next)}`, 303)
      if (outcome.nextStep === 'enrol-mfa') return reply.redirect('/account/two-factor/set-up', 303)
      return reply.redirect(pending.next, 303)
    },
  )
}

function readPending(cookie: { valid: boolean; value: string | null }): PendingSignIn | null {
  if (!cookie.valid || !cookie.value) return null
  try {
    const value = JSON.parse(cookie.value) as PendingSignIn
    return typeof value.state === 'string' && typeof value.providerId === 'string' ? value : null
  } catch {
    return null
  }
}
