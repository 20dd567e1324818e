import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import { SESSION_ABSOLUTE_MS, signIn, signOut } from '../accounts.js'
import { keyedHash } from '../crypto.js'
import { SESSION_COOKIE } from '../http/access.js'
import { render } from '../http/web.js'
import { fieldError, formBody, govukErrors } from '../forms.js'
import type { Mailer } from '../mail.js'
import { verifySecondFactor } from '../mfa.js'
import { PUBLIC, SESSION } from '../permissions.js'
import { completePasswordToken, findUsableToken, requestPasswordReset } from '../invitations.js'

const WRONG_CREDENTIALS =
  'Enter a correct email address and password. After 5 wrong attempts, signing in from this device is paused for 15 minutes.'

const SignInForm = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Email address must be 254 characters or fewer'),
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(256, 'Password must be 256 characters or fewer'),
  next: z.string().optional(),
})

const SecondFactorForm = z.object({
  code: z
    .string({ error: 'Enter the code from your authenticator app' })
    .trim()
    .min(1, 'Enter the code from your authenticator app')
    .max(20, 'Enter the 6-digit code or a 10-character recovery code'),
})

const ForgotPasswordForm = z.object({
  email: z
    .email({ error: 'Enter an email address in the correct format, like name@example.org' })
    .max(254),
})

const SetPasswordForm = z
  .object({
    password: z.string({ error: 'Enter a new password' }).min(1, 'Enter a new password'),
    confirmPassword: z
      .string({ error: 'Confirm your new password' })
      .min(1, 'Confirm your new password'),
  })
  .refine(form => form.password === form.confirmPassword, {
    message: 'The passwords do not match',
    path: ['confirmPassword'],
  })

/** Only same-site paths: an open redirect would let a phishing link borrow our sign-in page. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) && !next.startsWith('/sign-in') ? next : '/'
}

export function setSessionCookie(reply: FastifyReply, config: Config, sessionId: string): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  })
}

export const signInRoutes: FastifyPluginAsync<{ db: Db; config: Config; mailer: Mailer }> = async (
  app,
  { db, config, mailer },
) => {
  const publicRoute = { config: { access: PUBLIC } }
  const rateLimit = { max: config.signInAttemptsPerMinute, timeWindow: '1 minute' }

  app.get('/sign-in', publicRoute, async (request, reply) => {
    const query = request.query as { next?: string; signedOut?: string; expired?: string }
    if (request.session?.mfaPassed) return reply.redirect('/', 303)
    return render(request, reply, 'platform/views/sign-in.njk', {
      form: { next: query.next },
      notice: query.signedOut ? 'You have signed out' : undefined,
    })
  })

  app.post('/sign-in', { config: { access: PUBLIC, rateLimit } }, async (request, reply) => {
    const body = formBody(request.body)
    const form = SignInForm.safeParse(body)
    if (!form.success) {
      return render(
        request,
        reply,
        'platform/views/sign-in.njk',
        { form: body, errors: govukErrors(form.error) },
        400,
      )
    }
    const outcome = await signIn(db, {
      ...form.data,
      requestId: request.id,
      addressHash: keyedHash(request.ip, config.sessionSecret, 'sign-in-address'),
    })
    if (outcome.kind === 'refused') {
      // A locked account gets the same answer as a wrong password: the answer must not tell
      // anyone which email addresses have accounts.
      const message = {
        credentials: WRONG_CREDENTIALS,
        locked: WRONG_CREDENTIALS,
        'no-access':
          'Your account has no role in any partnership. Ask your partnership administrator for access.',
      }[outcome.reason]
      return render(
        request,
        reply,
        'platform/views/sign-in.njk',
        {
          form: { email: form.data.email, next: form.data.next },
          errors: fieldError('email', message),
        },
        401,
      )
    }
    setSessionCookie(reply, config, outcome.sessionId)
    const next = safeNext(form.data.next)
    if (outcome.nextStep === 'mfa')
      return reply.redirect(`/sign-in/two-factor?next=${encodeURIComponent(next)}`, 303)
    if (outcome.nextStep === 'enrol-mfa') return reply.redirect('/account/two-factor/set-up', 303)
    return reply.redirect(next, 303)
  })

  app.get('/sign-in/two-factor', { config: { access: SESSION } }, async (request, reply) => {
    const next = (request.query as { next?: string }).next
    if (!request.session?.user.totpEnabled) return reply.redirect('/account/two-factor/set-up', 303)
    return render(request, reply, 'platform/views/two-factor.njk', { next })
  })

  app.post(
    '/sign-in/two-factor',
    { config: { access: SESSION, rateLimit } },
    async (request, reply) => {
      const session = request.session
      if (!session) return reply.redirect('/sign-in', 303)
      const body = formBody(request.body)
      const form = SecondFactorForm.safeParse(body)
      if (!form.success) {
        return render(
          request,
          reply,
          'platform/views/two-factor.njk',
          { errors: govukErrors(form.error), next: body.next },
          400,
        )
      }
      const passed = await verifySecondFactor(db, {
        session,
        code: form.data.code,
        sessionSecret: config.sessionSecret,
        requestId: request.id,
      })
      if (!passed) {
        return render(
          request,
          reply,
          'platform/views/two-factor.njk',
          {
            errors: fieldError(
              'code',
              'The code is not right: enter the current 6-digit code from your app, or an unused recovery code',
            ),
            next: body.next,
          },
          401,
        )
      }
      return reply.redirect(safeNext(typeof body.next === 'string' ? body.next : undefined), 303)
    },
  )

  app.post('/sign-out', { config: { access: SESSION } }, async (request, reply) => {
    if (request.session) await signOut(db, request.session.idHash)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.redirect('/sign-in?signedOut=1', 303)
  })

  app.get('/forgot-password', publicRoute, async (request, reply) =>
    render(request, reply, 'platform/views/forgot-password.njk', { form: {} }),
  )

  app.post(
    '/forgot-password',
    { config: { access: PUBLIC, rateLimit } },
    async (request, reply) => {
      const body = formBody(request.body)
      const form = ForgotPasswordForm.safeParse(body)
      if (!form.success) {
        return render(
          request,
          reply,
          'platform/views/forgot-password.njk',
          { form: body, errors: govukErrors(form.error) },
          400,
        )
      }
      await requestPasswordReset(db, mailer, {
        email: form.data.email,
        publicUrl: config.publicUrl,
        requestId: request.id,
        onSendError: error =>
          request.log.error({ err: error, reqId: request.id }, 'password reset email not sent'),
      })
      // The same answer whether or not the address has an account.
      return render(request, reply, 'platform/views/check-email.njk', { email: form.data.email })
    },
  )

  app.get('/set-password/:token', publicRoute, async (request, reply) => {
    const { token } = request.params as { token: string }
    const usable = await findUsableToken(db, token)
    if (!usable) return render(request, reply, 'platform/views/link-expired.njk', {}, 404)
    return render(request, reply, 'platform/views/set-password.njk', {
      token,
      purpose: usable.purpose,
      email: usable.email,
    })
  })

  app.post(
    '/set-password/:token',
    { config: { access: PUBLIC, rateLimit } },
    async (request, reply) => {
      const { token } = request.params as { token: string }
      const usable = await findUsableToken(db, token)
      if (!usable) return render(request, reply, 'platform/views/link-expired.njk', {}, 404)
      const form = SetPasswordForm.safeParse(formBody(request.body))
      const model = { token, purpose: usable.purpose, email: usable.email }
      if (!form.success) {
        return render(
          request,
          reply,
          'platform/views/set-password.njk',
          { ...model, errors: govukErrors(form.error) },
          400,
        )
      }
      const outcome = await completePasswordToken(db, {
        token,
        password: form.data.password,
        requestId: request.id,
      })
      if (outcome.kind === 'weak-password') {
        return render(
          request,
          reply,
          'platform/views/set-password.njk',
          { ...model, errors: fieldError('password', outcome.message) },
          400,
        )
      }
      if (outcome.kind === 'expired')
        return render(request, reply, 'platform/views/link-expired.njk', {}, 404)
      return reply.redirect('/sign-in?passwordSet=1', 303)
    },
  )

  // The privacy notice and cookies page are the privacy module's (modules/privacy).
  for (const page of ['help', 'accessibility'] as const) {
    app.get(`/${page}`, publicRoute, async (request, reply) =>
      render(request, reply, `platform/views/${page}.njk`),
    )
  }
}
