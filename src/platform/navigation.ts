import { can, type Action, type Resource } from './permissions.js'
import type { Actor } from './http/types.js'

export interface NavEntry {
  href: string
  text: string
  resource: Resource
  action: Action
}

/** Service navigation, in order. Modules add their entries when the app is built. */
const entries: NavEntry[] = [
  { href: '/', text: 'Home', resource: 'dashboard', action: 'read' },
  { href: '/audit', text: 'Audit trail', resource: 'audit', action: 'read' },
  { href: '/admin', text: 'Administration', resource: 'agency', action: 'create' },
  { href: '/account', text: 'Your account', resource: 'account', action: 'read' },
]

export function addNavigation(entry: NavEntry, before = '/account'): void {
  if (entries.some(existing => existing.href === entry.href)) return
  const index = entries.findIndex(existing => existing.href === before)
  entries.splice(index === -1 ? entries.length : index, 0, entry)
}

export function navigationFor(actor: Actor | null, currentPath: string) {
  if (!actor) return []
  return entries
    .filter(entry => can(actor.roles, entry.resource, entry.action))
    .map(entry => ({
      href: entry.href,
      text: entry.text,
      active: entry.href === '/' ? currentPath === '/' : currentPath.startsWith(entry.href),
    }))
}
