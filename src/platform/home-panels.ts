import type { Db } from '../db/database.js'
import type { Actor } from './http/types.js'
import { can, type Action, type Resource } from './permissions.js'

/** One line of a home page panel: something that needs the person, with where to do it. */
export interface HomeItem {
  text: string
  href: string
  hint?: string
  tag?: { text: string; colour: 'red' | 'orange' | 'blue' | 'green' | 'grey' }
}

/** A panel of a person's home page: what a module has that needs them. */
export interface HomePanel {
  heading: string
  items: HomeItem[]
  /** Said when there is nothing, so that an empty panel still tells the person something. */
  empty: string
  more?: { href: string; text: string }
  /** A start button at the top of the panel (a referrer's "Make a referral"). */
  start?: { href: string; text: string }
}

interface Registration {
  key: string
  resource: Resource
  action: Action
  load(db: Db, actor: Actor, requestId: string): Promise<HomePanel | null>
}

// Modules add their panels when their plugins register, as they add navigation entries: the
// platform's home page knows nothing about modules.
const panels: Registration[] = []

export function addHomePanel(registration: Registration): void {
  if (panels.some(existing => existing.key === registration.key)) return
  panels.push(registration)
}

/** The panels the person's roles may see, in the order the modules registered them. */
export async function homePanelsFor(db: Db, actor: Actor, requestId: string) {
  const loaded: HomePanel[] = []
  for (const panel of panels) {
    if (!can(actor.roles, panel.resource, panel.action)) continue
    const shown = await panel.load(db, actor, requestId)
    if (shown) loaded.push(shown)
  }
  return loaded
}
