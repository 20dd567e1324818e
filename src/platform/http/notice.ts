import type { FastifyRequest } from 'fastify'

/**
 * "What happened", once, after a change: the change redirects with `?notice=<key>` and the page
 * it lands on shows the key's words in a GOV.UK success notification banner (the layout's
 * `notice`). Only registered keys show, so a link cannot put words of its own on a page.
 * Governance's pages began this; modules register their keys here with `defineNotices`.
 */
const MESSAGES = new Map<string, string>()

/** Registers a module's notices and returns a function that checks a key is one of them. */
export function defineNotices<K extends string>(messages: Record<K, string>): (key: K) => K {
  for (const [key, text] of Object.entries<string>(messages)) {
    const known = MESSAGES.get(key)
    if (known !== undefined && known !== text) throw new Error(`Notice ${key} defined twice`)
    MESSAGES.set(key, text)
  }
  return key => key
}

/** The address to redirect to after a change, carrying its notice (before any `#fragment`). */
export function withNotice(url: string, key: string): string {
  const hashAt = url.indexOf('#')
  const path = hashAt === -1 ? url : url.slice(0, hashAt)
  const hash = hashAt === -1 ? '' : url.slice(hashAt)
  const separator = path.includes('?') ? '&' : '?'
  return `${path}${separator}notice=${encodeURIComponent(key)}${hash}`
}

/** The words of the notice the page's address carries, if it is a registered one. */
export function noticeOf(request: FastifyRequest): string | undefined {
  const key = (request.query as Record<string, unknown> | undefined)?.notice
  return typeof key === 'string' ? MESSAGES.get(key) : undefined
}
