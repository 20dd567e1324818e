import type { Trx } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import type { Actor } from '../../../platform/http/types.js'
import { can, scopeFor } from '../../../platform/permissions.js'
import { bodiesWithCurrentMember } from '../../governance/service.js'

/**
 * Who sees which children through a panel.
 *
 * - 'full': roles that read children's registers see every panel, agenda and child.
 * - 'member': a role whose panel access is 'own' (an agency lead, the LADO) sees a panel only
 *   while they hold a current membership of its governance body, and through it only the children
 *   on that panel's meeting agendas: never the cohort as a whole, never another panel's children.
 * - 'none': everyone else, including a member whose membership has ended.
 */
export type PanelAccess = 'full' | 'member' | 'none'

export function hasFullAccess(actor: Actor): boolean {
  return can(actor.roles, 'register', 'read') && can(actor.roles, 'register-panel', 'read')
}

export async function panelAccess(trx: Trx, actor: Actor, bodyId: string): Promise<PanelAccess> {
  if (hasFullAccess(actor)) return 'full'
  if (scopeFor(actor.roles, 'register-panel', 'read') !== 'own') return 'none'
  const bodies = await bodiesWithCurrentMember(trx, [bodyId], actor.userId, londonToday())
  return bodies.length ? 'member' : 'none'
}

/** The bodies among `bodyIds` whose panels the person may see. */
export async function visibleBodies(trx: Trx, actor: Actor, bodyIds: readonly string[]) {
  if (hasFullAccess(actor)) return [...bodyIds]
  if (scopeFor(actor.roles, 'register-panel', 'read') !== 'own') return []
  return bodiesWithCurrentMember(trx, bodyIds, actor.userId, londonToday())
}
