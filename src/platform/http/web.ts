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
import type { Db } from '../../db/database.js'
import { MONTH_NAMES, londonParts } from '../calendar.js'
import { sha256 } from '../crypto.js'
import { isValidIsoDate } from '../working-days.js'
import { databaseRateLimitStore } from '../rate-limit-store.js'
import { govukCss } from './govuk-css.js'
import { SESSION_COOKIE } from './access.js'
import { navigationFor } from '../navigation.js'
import { roleName } from '../permissions.js'
import { noticeOf } from './notice.js'

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
  /** Where rate limits are counted, shared by every process (ops, issue 16); else in memory. */
  rateLimitDb?: Db
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
  await app.register(fastifyRateLimit, {
    global: false,
    ...(options.rateLimitDb ? { store: databaseRateLimitStore(options.rateLimitDb) } : {}),
  })

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
  app.get(
    '/public/govuk/govuk-frontend.min.js',
    { config: { access: { kind: 'public' } } },
    (_request, reply) =>
      reply.sendFile('govuk-frontend.min.js', path.join(govukDir, 'govuk'), {
        maxAge: 86_400_000,
      }),
  )
  // Compiled from GOV.UK Frontend's Sass with Arial (ops, issue 16): see govuk-css.ts.
  app.get(
    '/public/govuk/govuk-frontend.min.css',
    { config: { access: { kind: 'public' } } },
    async (_request, reply) =>
      reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=86400')
        .send(await govukCss()),
  )

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
  env.addFilter('time', formatTime)
  env.addGlobal('serviceName', SERVICE_NAME)
}

const londonDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
})
/** An instant as people read it: '14 December 2026 at 10:00am' (London time). */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return ''
  const { date, seconds } = londonParts(new Date(value))
  return `${formatDate(date)} at ${twelveHourClock(Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60)}`
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)(:\d{2})?$/

/**
 * A time of day as '10:00am' or '2:30pm': from an instant (London time) or a clock time as
 * stored ('14:30'); anything else is shown as it is.
 */
export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return ''
  if (typeof value !== 'string') {
    const { seconds } = londonParts(value)
    return twelveHourClock(Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60)
  }
  const match = CLOCK.exec(value)
  return match ? twelveHourClock(Number(match[1]), Number(match[2])) : value
}

function twelveHourClock(hour: number, minute: number): string {
  const twelve = hour % 12 === 0 ? 12 : hour % 12
  return `${String(twelve)}:${String(minute).padStart(2, '0')}${hour < 12 ? 'am' : 'pm'}`
}

/** 'YYYY-MM-DD' calendar dates as '1 April 2025'. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return ''
  // Written out by hand for speed (dates fill every list); anything else goes through Intl.
  if (!isValidIsoDate(value)) return londonDate.format(new Date(`${value}T12:00:00Z`))
  const [year, month, day] = value.split('-').map(Number) as [number, number, number]
  return `${String(day)} ${MONTH_NAMES[month - 1] ?? ''} ${String(year)}`
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
    notice: noticeOf(request),
    brandLogo: request.brandLogo,
    ...model,
  })
}
