import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Db } from '../../db/database.js'
import { inPartnership } from '../../db/database.js'
import { recordAudit } from '../audit.js'
import { isApiRequest } from './access.js'

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS']

class BadInput extends Error {
  readonly statusCode = 400
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message)
  }
}

class CrossSiteRequest extends Error {
  readonly statusCode = 403
  readonly code = 'KEEPSAFE_CROSS_SITE'
}

/**
 * A state-changing form post must come from a page of this service. Browsers send `Origin` with
 * every POST; one naming another site is refused before the body is read (the CSRF token is still
 * checked after it). API calls carry a bearer token, which a cross-site form cannot send.
 */
export function refuseCrossSiteForms(app: FastifyInstance, publicUrl: string): void {
  const ownHost = new URL(publicUrl).host
  app.addHook('onRequest', async request => {
    if (SAFE_METHODS.includes(request.method) || isApiRequest(request)) return
    const origin = request.headers.origin
    if (origin === undefined) return
    if (!isOwnOrigin(origin, ownHost, request)) throw new CrossSiteRequest('Cross-site request')
  })
}

function isOwnOrigin(origin: string, ownHost: string, request: FastifyRequest): boolean {
  try {
    const { host } = new URL(origin)
    return host === ownHost || host === request.host
  } catch {
    return false
  }
}

/** A NUL character is never meant: any in the query or a form field is bad input, not a 500. */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async request => {
    if (containsNul(request.query) || containsNul(request.body)) {
      throw new BadInput('A value contains a character that is not allowed', 'KEEPSAFE_NUL')
    }
  })
}

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (depth > 8 || value === null || typeof value !== 'object' || Buffer.isBuffer(value))
    return false
  return Object.entries(value).some(
    ([key, inner]) => key.includes('\u0000') || containsNul(inner, depth + 1),
  )
}

/**
 * Pages and downloads carry children's and people's data: no browser or proxy may keep a copy.
 * Static assets (GOV.UK Frontend, our CSS and scripts) stay cacheable.
 */
export function forbidCaching(app: FastifyInstance, staticPrefixes: string[]): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!staticPrefixes.some(prefix => request.url.startsWith(prefix))) {
      reply.header('cache-control', 'no-store')
    }
    return payload
  })
}

/** Every request refused for want of permission (403) is an audit event of the person's partnership. */
export function auditRefusals(app: FastifyInstance, db: Db): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 403) return payload
    const actor = request.actor
    const partnershipId = actor?.partnershipId ?? request.session?.partnership?.partnershipId
    const userId = actor?.userId ?? request.session?.user.id ?? null
    if (!partnershipId) return payload
    await inPartnership(db, { partnershipId, ...(userId ? { userId } : {}) }, trx =>
      recordAudit(trx, {
        partnershipId,
        userId,
        action: 'access.refused',
        resourceType: 'route',
        resourceId: `${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
        requestId: request.id,
      }),
    )
    return payload
  })
}
