import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify'
import type { Config } from './config.js'
import type { DatabaseHandles } from './db/database.js'
import { cdopRoutes } from './modules/cdop/routes.js'
import { ladoRoutes } from './modules/lado/routes.js'
import { assuranceRoutes } from './modules/assurance/routes.js'
import { censusRoutes } from './modules/census/routes.js'
import { childrenRoutes } from './modules/children/routes.js'
import { datasetApiRoutes, datasetRoutes } from './modules/dataset/routes.js'
import { frontdoorRoutes } from './modules/frontdoor/routes.js'
import { governanceRoutes } from './modules/governance/routes.js'
import { reviewsRoutes } from './modules/reviews/routes.js'
import { protectionRoutes } from './modules/protection/routes.js'
import { trainingRoutes } from './modules/training/routes.js'
// reports: the annual report
import { reportsRoutes } from './modules/reports/routes.js'
import { registersRoutes } from './modules/registers/routes.js'
import { worktrayRoutes } from './modules/worktray/routes.js'
// engagement (issue 14)
import { engagementRoutes } from './modules/engagement/routes.js'
// early help register (issue 10)
import { earlyhelpRoutes } from './modules/earlyhelp/routes.js'
// privacy (issue 16 point 17): the privacy notice, cookies, retention rules
import { privacyRoutes } from './modules/privacy/routes.js'
// pages (issue 19 point 10): the business unit's calendar and what agency leads owe
import { calendarRoutes } from './modules/calendar/routes.js'
import {
  enforceAccessRules,
  guardRoutes,
  identifyRequests,
  isApiRequest,
  type RegisteredRoute,
} from './platform/http/access.js'
import { registerErrorPages } from './platform/http/errors.js'
import { ssoRoutes } from './platform/routes/sso.js' // council (issue 16 point 11)
import { registerBrand } from './platform/http/brand.js' // council (issue 16 point 18)
import {
  auditRefusals,
  forbidCaching,
  refuseCrossSiteForms,
  refuseNulCharacters,
} from './platform/http/request-guards.js'
import { STATIC_PREFIXES, registerWebShell } from './platform/http/web.js'
import type { Mailer } from './platform/mail.js'
import { Metrics } from './platform/metrics.js'
import { accountRoutes } from './platform/routes/account.js'
import { adminRoutes } from './platform/routes/admin.js'
import { collectApiRoutes } from './platform/openapi.js'
import { apiRoutes } from './platform/routes/api.js'
import { auditRoutes } from './platform/routes/audit.js'
import { healthRoutes } from './platform/routes/health.js'
import { homeRoutes } from './platform/routes/home.js'
import { signInRoutes } from './platform/routes/sign-in.js'
import './platform/http/types.js'

export interface AppDeps {
  config: Config
  database: DatabaseHandles
  mailer: Mailer
  /** Logging is off in tests unless asked for. */
  logger?: boolean
  /** Where logs go (standard output when absent): tests read them to prove what is not logged. */
  logStream?: NodeJS.WritableStream
}

export interface BuiltApp {
  app: FastifyInstance
  routes: RegisteredRoute[]
}

export const REDACTED_LOG_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
]

/**
 * What a log line says about a request: its method and route pattern, never the URL itself, whose
 * query string or path (a search by name, a set-password token) can carry personal data.
 */
export function describeRequestForLog(request: FastifyRequest) {
  return { id: request.id, method: request.method, route: request.routeOptions.url ?? 'unmatched' }
}

/**
 * An error as a log line carries it: kind, code, message and stack. Database errors also carry
 * the failing row (`detail`), the query and its parameters: those are children's data, so they are
 * never logged.
 */
export function describeErrorForLog(error: FastifyError) {
  return { type: error.name, code: error.code, message: error.message, stack: error.stack ?? '' }
}

export async function buildApp(deps: AppDeps): Promise<BuiltApp> {
  const { config, database, mailer } = deps
  const db = database.db
  const app = Fastify({
    logger:
      deps.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
            serializers: { req: describeRequestForLog, err: describeErrorForLog },
            ...(deps.logStream ? { stream: deps.logStream } : {}),
          },
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
  })

  const routes: RegisteredRoute[] = []
  enforceAccessRules(app, routes, STATIC_PREFIXES)
  collectApiRoutes(app)
  const metrics = new Metrics()
  metrics.observe(app)

  await registerWebShell(app, {
    sessionSecret: config.sessionSecret,
    secureCookies: config.secureCookies,
    // ops (issue 16): one rate limit across processes and instances
    rateLimitDb: db,
  })
  identifyRequests(app, db)
  app.addHook('preHandler', (request, reply, done) => {
    // API calls carry a bearer token, which a cross-site form cannot send.
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || isApiRequest(request)) {
      done()
      return
    }
    // On a bad token it replies 403 through the error handler and does not call done.
    app.csrfProtection(request, reply, done)
  })
  guardRoutes(app)
  refuseCrossSiteForms(app, config.publicUrl)
  refuseNulCharacters(app)
  forbidCaching(app, STATIC_PREFIXES)
  auditRefusals(app, db)
  registerErrorPages(app)
  // council (issue 16 point 18): the partnership's own logo in every page's header
  registerBrand(app, db, config)

  const shared = { db, config, mailer }
  await app.register(healthRoutes, { database, metrics, config })
  await app.register(signInRoutes, shared)
  await app.register(ssoRoutes, shared) // council (issue 16 point 11)
  await app.register(homeRoutes, shared)
  await app.register(accountRoutes, { ...shared, prefix: '/account' })
  await app.register(adminRoutes, { ...shared, prefix: '/admin' })
  await app.register(auditRoutes, { ...shared, prefix: '/audit' })
  await app.register(apiRoutes, { ...shared, prefix: '/api' })
  await app.register(governanceRoutes, { ...shared, prefix: '/governance' })
  await app.register(childrenRoutes, { ...shared, prefix: '/children' })
  await app.register(censusRoutes, { ...shared, prefix: '/census' })
  await app.register(frontdoorRoutes, shared)
  await app.register(protectionRoutes, shared)
  await app.register(reviewsRoutes, shared)
  await app.register(worktrayRoutes, shared)
  await app.register(datasetRoutes, { ...shared, prefix: '/dataset' })
  await app.register(datasetApiRoutes, { ...shared, prefix: '/api/v1/dataset' })
  await app.register(trainingRoutes, shared)
  await app.register(cdopRoutes, shared)
  await app.register(ladoRoutes, shared)
  await app.register(registersRoutes, shared)
  await app.register(assuranceRoutes, { ...shared, prefix: '/assurance' })
  // reports: the annual report (its public pages are under /p/<slug>/reports)
  await app.register(reportsRoutes, shared)
  // engagement (issue 14)
  await app.register(engagementRoutes, shared)
  // early help register (issue 10)
  await app.register(earlyhelpRoutes, shared)
  // privacy (issue 16 point 17)
  await app.register(privacyRoutes, shared)
  // pages (issue 19 point 10)
  await app.register(calendarRoutes, shared)

  return { app, routes }
}
