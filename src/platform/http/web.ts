import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import fastifyView from '@fastify/view'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import nunjucks from 'nunjucks'
import { sha256 } from '../crypto.js'
import { SESSION_COOKIE } from './access.js'
import { navigationFor } from '../navigation.js'
import { roleName } from '../permissions.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const srcDir = path.resolve(here, '../..')
const rootDir = path.resolve(srcDir, '..')
const govukDir = path.join(rootDir, 'node_modules/govuk-frontend/dist')

export const SERVICE_NAME = 'Keepsafe'
/** What a CSRF token is bound to: the session cookie, hashed, or nothing before sign-in. */
function csrfBinding(request: FastifyRequest): string {
  const session = request.cookies[SESSION_COOKIE]
  return session ? sha256(session) : 'signed-out'
}

export const STATIC_PREFIXES = ['/assets/', '/public/']

export interface WebOptions {
  sessionSecret: string
  secureCookies: boolean
}

/** Security headers, cookies, forms, CSRF, templates and static assets. */
export async function registerWebShell(app: FastifyInstance, options: WebOptions): Promise<void> {
  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: options.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: options.secureCookies
      ? { maxAge: 31_536_000, includeSubDomains: true }
      : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  })

  await app.register(fastifyCookie, { secret: options.sessionSecret })
  await app.register(fastifyFormbody, { bodyLimit: 1024 * 1024 })
  await app.register(fastifyCsrf, {
    cookieKey: 'keepsafe_csrf',
    cookieOpts: {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookies,
      path: '/',
    },
    // The token is bound to the session cookie, so a token taken from one session (or planted in
    // a browser by a sibling site) is refused in another.
    getUserInfo: csrfBinding,
    csrfOpts: { hmacKey: options.sessionSecret },
    getToken: request => {
      const body = request.body as Record<string, unknown> | undefined
      const token = body?._csrf ?? request.headers['x-csrf-token']
      return typeof token === 'string' ? token : undefined
    },
  })
  await app.register(fastifyRateLimit, { global: false })

  await app.register(fastifyStatic, {
    root: path.join(govukDir, 'govuk/assets'),
    prefix: '/assets/',
    maxAge: '1d',
  })
  await app.register(fastifyStatic, {
    root: path.join(rootDir, 'public'),
    prefix: '/public/',
    decorateReply: false,
    maxAge: '1h',
  })
  for (const file of ['govuk-frontend.min.css', 'govuk-frontend.min.js']) {
    app.get(
      `/public/govuk/${file}`,
      { config: { access: { kind: 'public' } } },
      (_request, reply) =>
        reply.sendFile(file, path.join(govukDir, 'govuk'), { maxAge: 86_400_000 }),
    )
  }

  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [path.join(srcDir, 'views'), path.join(srcDir, 'modules'), srcDir, govukDir],
    options: { autoescape: true, onConfigure: addFilters },
  })
}

function addFilters(env: nunjucks.Environment): void {
  env.addFilter('roleName', roleName)
  env.addFilter('dateTime', formatDateTime)
  env.addFilter('date', formatDate)
  env.addGlobal('serviceName', SERVICE_NAME)
}

const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})
const londonDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
})

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return ''
  return londonDateTime.format(new Date(value))
}

/** 'YYYY-MM-DD' calendar dates as '1 April 2025'. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return ''
  return londonDate.format(new Date(`${value}T12:00:00Z`))
}

/**
 * Renders a page with what every layout needs: the CSRF token, the CSP nonce, who is signed in
 * and where they are.
 */
export function render(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  model: Record<string, unknown> = {},
  statusCode = 200,
) {
  const currentPath = request.url.split('?')[0] ?? '/'
  return reply.code(statusCode).viewAsync(template, {
    csrfToken: reply.generateCsrf({ userInfo: csrfBinding(request) }),
    cspNonce: reply.cspNonce.script,
    currentPath,
    nav: navigationFor(request.actor, currentPath),
    session: request.session,
    actor: request.actor,
    ...model,
  })
}
