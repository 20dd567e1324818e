import type { CurrentSession, PartnershipMembership } from '../accounts.js'
import type { RouteAccess } from '../permissions.js'

/** The signed-in person as a permission-checked route sees them. */
export interface Actor {
  userId: string
  email: string
  displayName: string
  partnershipId: string
  partnershipName: string
  roles: PartnershipMembership['roles']
  agencyIds: string[]
  via: 'session' | 'api-token'
}

declare module 'fastify' {
  interface FastifyRequest {
    session: CurrentSession | null
    /** Set on routes guarded by a permission: who is acting, in which partnership. */
    actor: Actor | null
  }
  interface FastifyContextConfig {
    access?: RouteAccess
  }
}
