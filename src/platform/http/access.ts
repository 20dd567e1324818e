import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import type { Db } from '../../db/database.js'
import { findSession, mfaRequired } from '../accounts.js'
import { findApiTokenActor } from '../api-tokens.js'
import { can, type RouteAccess } from '../permissions.js'
import type { Actor } from './types.js'

export const SESSION_COOKIE = 'keepsafe_session'

export interface RegisteredRoute {
  method: string
  url: string
  access: RouteAccess
}

/**
 * Every route must say who may reach it. A route without an access rule stops the app at start,
 * and the route table is kept for the test that checks every route against every role.
 */
export function enforceAccessRules(
  app: FastifyInstance,
  registry: RegisteredRoute[],
  staticPrefixes: string[],
): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    // Static file routes come from @fastify/static, which takes no route config.
    if (!route.config?.access && staticPrefixes.some(prefix => route.url.startsWith(prefix))) {
      route.config = { ...route.config, access: { kind: 'public' } }
    }
    const access = route.config?.access
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    if (!access) {
      throw new Error(`Route ${methods.join(',')} ${route.url} has no access rule (config.access)`)
    }
    for (const method of methods) {
      if (method === 'HEAD') continue
      registry.push({ method, url: route.url, access })
    }
  })
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/v1')
}

/** Loads the session from its cookie, or the actor from an API token, before anything else. */
export function identifyRequests(app: FastifyInstance, db: Db): void {
  app.decorateRequest('session', null)
  app.decorateRequest('actor', null)

  app.addHook('onRequest', async request => {
    if (request.routeOptions.config.access?.kind === 'public' && !isPageRoute(request)) return
    if (isApiRequest(request)) {
      const header = request.headers.authorization
      if (header?.startsWith('Bearer ')) {
        request.actor = await findApiTokenActor(
          db,
          header.slice('Bearer '.length).trim(),
          request.id,
        )
      }
      return
    }
    const cookie = request.cookies[SESSION_COOKIE]
    if (cookie) request.session = await findSession(db, cookie)
  })
}

/** Public pages still show who is signed in; health checks and assets skip the lookup. */
export function isPageRoute(request: FastifyRequest): boolean {
  const url = request.routeOptions.url ?? ''
  return (
    !url.startsWith('/assets') &&
    !url.startsWith('/public') &&
    !/^\/(healthz|readyz|metrics)/.test(url)
  )
}

export class AccessDenied extends Error {
  readonly statusCode = 403
  readonly code = 'KEEPSAFE_ACCESS_DENIED'
}

/**
 * The guard: runs before the body is read (a signed-out upload is refused without writing a byte
 * of it to disk), and before the CSRF check and the handler.
 */
export function guardRoutes(app: FastifyInstance): void {
  app.addHook('preParsing', (request, reply, payload, done) => {
    checkAccess(request, reply).then(
      // A redirect sent by the check ends the request here; done is not called.
      () => (reply.sent ? undefined : done(null, payload)),
      (error: unknown) => done(error as Error),
    )
  })
}

/**
 * The guard run by hand, for a public route that shows a signed-in person more (`/`: the public
 * front page, or the person's home page). It may answer with a redirect (check `reply.sent`).
 */
export function guardAs(
  request: FastifyRequest,
  reply: FastifyReply,
  access: RouteAccess,
): Promise<unknown> {
  return checkAccess(request, reply, access)
}

async function checkAccess(
  request: FastifyRequest,
  reply: FastifyReply,
  access = request.routeOptions.config.access,
): Promise<unknown> {
  if (!access || access.kind === 'public') return
  if (isApiRequest(request)) return guardApi(request, reply, access)

  const session = request.session
  if (!session) return redirectToSignIn(request, reply)
  if (access.kind === 'session') return

  const membership = session.partnership
  if (!membership) return reply.redirect('/account/partnership', 303)
  if (session.user.totpEnabled && !session.mfaPassed)
    return reply.redirect('/sign-in/two-factor', 303)
  if (!session.user.totpEnabled && mfaRequired(membership)) {
    return reply.redirect('/account/two-factor/set-up', 303)
  }
  request.actor = {
    userId: session.user.id,
    email: session.user.email,
    displayName: session.user.displayName,
    partnershipId: membership.partnershipId,
    partnershipName: membership.partnershipName,
    roles: membership.roles,
    agencyIds: membership.agencyIds,
    via: 'session',
  }
  if (!can(membership.roles, access.resource, access.action)) throw new AccessDenied()
}

function guardApi(request: FastifyRequest, reply: FastifyReply, access: RouteAccess) {
  const actor: Actor | null = request.actor
  if (!actor) {
    return reply.code(401).header('www-authenticate', 'Bearer').send({
      error: 'unauthorised',
      message: 'Send a personal API token as: Authorization: Bearer <token>',
    })
  }
  if (access.kind === 'permission' && !can(actor.roles, access.resource, access.action)) {
    throw new AccessDenied()
  }
  return undefined
}

function redirectToSignIn(request: FastifyRequest, reply: FastifyReply) {
  const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : ''
  return reply.redirect(`/sign-in${next}`, 303)
}

/** The actor of a permission-guarded route; the guard guarantees it is there. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AccessDenied('No signed-in actor on a guarded route')
  return request.actor
}
