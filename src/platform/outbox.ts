import { inPartnership, type Db } from '../db/database.js'
import { actorScope } from './actor-scope.js'
import type { Actor } from './http/types.js'

/**
 * The outbox as an administrator may see it: who was sent what and when, with every secret in a
 * link (set-password, reset and invitation tokens) hidden, so the page cannot be used to take
 * over the account the email was for.
 */
export async function listOutbox(db: Db, actor: Actor, limit = 200) {
  const messages = await inPartnership(db, actorScope(actor), trx =>
    trx.selectFrom('outboxMessage').selectAll().orderBy('createdAt', 'desc').limit(limit).execute(),
  )
  return messages.map(message => ({ ...message, bodyText: hideLinkSecrets(message.bodyText) }))
}

/** Any path segment or query value of 16 or more token characters in a link is a secret. */
export function hideLinkSecrets(text: string): string {
  return text.replace(/https?:\/\/\S+/g, link =>
    link.replace(/([/=])[A-Za-z0-9_~.-]{16,}/g, (_, before: string) => `${before}[hidden]`),
  )
}
