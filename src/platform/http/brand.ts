import type { FastifyInstance } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import { brandLogoOf, findLogo, pagePartnershipId, type BrandLogo } from '../partnership-logo.js'
import { PUBLIC } from '../permissions.js'
import { isPageRoute } from './access.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The partnership's logo for the page's header, when it has one. */
    brandLogo: BrandLogo | null
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The partnership's logo: found for every page's header, and served to anyone. */
export function registerBrand(app: FastifyInstance, db: Db, config: Config): void {
  app.decorateRequest('brandLogo', null)
  app.addHook('preHandler', async request => {
    // Health checks, metrics and assets have no header: they read no partnership (issue 17: each
    // did two transactions, so every page's stylesheet and script cost the database two more).
    if (request.method !== 'GET' || request.url.startsWith('/api/') || !isPageRoute(request)) return
    const slug = (request.params as { slug?: unknown } | undefined)?.slug
    const partnershipId = await pagePartnershipId(db, {
      sessionPartnershipId: request.session?.partnership?.partnershipId ?? null,
      slug: typeof slug === 'string' && /^[a-z0-9-]{1,60}$/.test(slug) ? slug : null,
      ...(config.defaultPartnership ? { defaultSlug: config.defaultPartnership } : {}),
    })
    request.brandLogo = partnershipId ? await brandLogoOf(db, partnershipId) : null
  })

  app.get('/public/logo/:partnershipId', { config: { access: PUBLIC } }, async (request, reply) => {
    const { partnershipId } = request.params as { partnershipId: string }
    const logo = UUID.test(partnershipId) ? await findLogo(db, partnershipId) : undefined
    if (!logo) return reply.callNotFound()
    const isCurrent = (request.query as { v?: unknown }).v === logo.sha256.slice(0, 16)
    return reply
      .header('content-type', logo.mediaType)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header(
        'cache-control',
        // The address names the logo's version, so a versioned one never changes.
        isCurrent ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      )
      .send(logo.content)
  })
}
