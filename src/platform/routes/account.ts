import { londonToday } from '../calendar.js'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import { mfaRequired, signOutEverywhere, switchPartnership } from '../accounts.js'
import { issueApiToken, listApiTokens, revokeApiToken } from '../api-tokens.js'
import { decryptSecret, encryptSecret } from '../crypto.js'
import { joinDateInputs } from '../date-input.js'
import { fieldError, formBody, govukErrors } from '../forms.js'
import { SESSION_COOKIE, actorOf } from '../http/access.js'
import { render } from '../http/web.js'
import type { Mailer } from '../mail.js'
import { beginEnrolment, confirmEnrolment } from '../mfa.js'
import { SESSION, permission } from '../permissions.js'
import { isValidIsoDate } from '../working-days.js'

const SETUP_COOKIE = 'keepsafe_mfa_setup'
const SETUP_PURPOSE = 'totp-setup'

const ConfirmCodeForm = z.object({
  code: z
    .string({ error: 'Enter the 6-digit code from your authenticator app' })
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'),
})

const SwitchPartnershipForm = z.object({
  partnershipId: z.uuid({ error: 'Select a partnership' }),
})

// The expiry date comes from a GOV.UK date input (or, from a script, as one field).
const NewTokenForm = z.preprocess(
  body => joinDateInputs(body, ['expiresOn']),
  z.object({
    name: z
      .string({ error: 'Enter a name for the token' })
      .trim()
      .min(1, 'Enter a name for the token, such as the tool that will use it')
      .max(100, 'Name must be 100 characters or fewer'),
    expiresOn: z
      .string()
      .trim()
      .optional()
      .transform(value => value || null)
      .refine(
        value => value === null || isValidIsoDate(value),
        'Enter a real expiry date, like 31 3 2027',
      )
      .refine(
        value => value === null || value > londonToday(),
        'Expiry date must be in the future',
      ),
  }),
)

const TokenParams = z.object({ id: z.uuid() })

export const accountRoutes: FastifyPluginAsync<{ db: Db; config: Config; mailer: Mailer }> = async (
  app,
  { db, config },
) => {
  app.get('/', { config: { access: permission('account', 'read') } }, async (request, reply) => {
    const session = request.session
    const notice = (request.query as { notice?: string }).notice
    return render(request, reply, 'platform/views/account.njk', {
      title: 'Your account',
      memberships: session?.memberships ?? [],
      mfaRequired: mfaRequired(session?.partnership ?? null),
      notice:
        notice === 'mfa'
          ? 'Two-factor authentication is set up'
          : notice === 'switched'
            ? 'You have switched partnership'
            : undefined,
    })
  })

  app.get('/two-factor/set-up', { config: { access: SESSION } }, async (request, reply) => {
    const session = request.session
    if (!session) return reply.redirect('/sign-in', 303)
    if (session.user.totpEnabled && !session.mfaPassed)
      return reply.redirect('/sign-in/two-factor', 303)
    const enrolment = await beginEnrolment(session.user.email)
    reply.setCookie(
      SETUP_COOKIE,
      encryptSecret(enrolment.secret, config.sessionSecret, SETUP_PURPOSE),
      {
        path: '/account/two-factor',
        httpOnly: true,
        sameSite: 'strict',
        secure: config.secureCookies,
        maxAge: 15 * 60,
      },
    )
    return render(request, reply, 'platform/views/set-up-two-factor.njk', {
      title: 'Set up two-factor authentication',
      enrolment,
      isRequired: mfaRequired(session.partnership),
    })
  })

  app.post('/two-factor/set-up', { config: { access: SESSION } }, async (request, reply) => {
    const session = request.session
    if (!session) return reply.redirect('/sign-in', 303)
    if (session.user.totpEnabled && !session.mfaPassed)
      return reply.redirect('/sign-in/two-factor', 303)
    const sealed = request.cookies[SETUP_COOKIE]
    let secret: string | null = null
    try {
      secret = sealed ? decryptSecret(sealed, config.sessionSecret, SETUP_PURPOSE) : null
    } catch {
      secret = null
    }
    if (!secret) return reply.redirect('/account/two-factor/set-up', 303)
    const enrolment = await beginEnrolment(session.user.email, secret)
    const rerender = (errors: ReturnType<typeof govukErrors>, status: number) =>
      render(
        request,
        reply,
        'platform/views/set-up-two-factor.njk',
        {
          title: 'Set up two-factor authentication',
          enrolment,
          errors,
          isRequired: mfaRequired(session.partnership),
        },
        status,
      )

    const form = ConfirmCodeForm.safeParse(formBody(request.body))
    if (!form.success) return rerender(govukErrors(form.error), 400)
    const codes = await confirmEnrolment(db, {
      session,
      secret,
      code: form.data.code,
      sessionSecret: config.sessionSecret,
      requestId: request.id,
    })
    if (!codes)
      return rerender(
        fieldError(
          'code',
          'The code is not right: check the time on your phone and enter the current code',
        ),
        400,
      )
    reply.clearCookie(SETUP_COOKIE, { path: '/account/two-factor' })
    return render(request, reply, 'platform/views/recovery-codes.njk', {
      title: 'Two-factor authentication is on',
      codes,
    })
  })

  app.get('/partnership', { config: { access: SESSION } }, async (request, reply) =>
    render(request, reply, 'platform/views/choose-partnership.njk', {
      title: 'Choose a partnership',
      memberships: request.session?.memberships ?? [],
      current: request.session?.partnership?.partnershipId,
    }),
  )

  app.post('/partnership', { config: { access: SESSION } }, async (request, reply) => {
    const session = request.session
    if (!session) return reply.redirect('/sign-in', 303)
    const form = SwitchPartnershipForm.safeParse(formBody(request.body))
    const switched =
      form.success && (await switchPartnership(db, session, form.data.partnershipId, request.id))
    if (!switched) {
      return render(
        request,
        reply,
        'platform/views/choose-partnership.njk',
        {
          title: 'Choose a partnership',
          memberships: session.memberships,
          errors: fieldError('partnershipId', 'Select one of your partnerships'),
        },
        400,
      )
    }
    return reply.redirect('/account?notice=switched', 303)
  })

  app.post('/sign-out-everywhere', { config: { access: SESSION } }, async (request, reply) => {
    const session = request.session
    if (session) await signOutEverywhere(db, session, request.id)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.redirect('/sign-in?signedOut=1', 303)
  })

  app.get(
    '/api-tokens',
    { config: { access: permission('api-token', 'read') } },
    async (request, reply) =>
      render(request, reply, 'platform/views/api-tokens.njk', {
        title: 'Personal API tokens',
        tokens: await listApiTokens(db, actorOf(request)),
        form: {},
      }),
  )

  app.post(
    '/api-tokens',
    { config: { access: permission('api-token', 'create') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const body = formBody(request.body)
      const form = NewTokenForm.safeParse(body)
      if (!form.success) {
        return render(
          request,
          reply,
          'platform/views/api-tokens.njk',
          {
            title: 'Personal API tokens',
            tokens: await listApiTokens(db, actor),
            form: body,
            errors: govukErrors(form.error),
          },
          400,
        )
      }
      const issued = await issueApiToken(db, { actor, ...form.data, requestId: request.id })
      reply.header('cache-control', 'no-store')
      return render(request, reply, 'platform/views/token-created.njk', {
        title: 'Your new API token',
        token: issued.token,
        name: form.data.name,
      })
    },
  )

  app.post(
    '/api-tokens/:id/revoke',
    { config: { access: permission('api-token', 'delete') } },
    async (request, reply) => {
      const params = TokenParams.safeParse(request.params)
      const revoked =
        params.success &&
        (await revokeApiToken(db, {
          actor: actorOf(request),
          tokenId: params.data.id,
          requestId: request.id,
        }))
      if (!revoked) return reply.callNotFound()
      return reply.redirect('/account/api-tokens', 303)
    },
  )
}
