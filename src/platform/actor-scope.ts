import type { Actor } from './http/types.js'

/** The partnership and person a transaction runs as (`inPartnership`), from the signed-in actor. */
export function actorScope(actor: Actor): { partnershipId: string; userId: string } {
  return { partnershipId: actor.partnershipId, userId: actor.userId }
}
