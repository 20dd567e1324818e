import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../../../config.js'
import { toGovukErrors } from '../../../../platform/forms.js'
import type { Issue } from '../../schema.js'
import { DRAFT_COOKIE, PROFESSIONAL_DRAFT_DAYS, PUBLIC_DRAFT_HOURS } from '../../service.js'
import { BASE } from '../../routes/shared.js'

/** Reports sent from one address (or by one signed-in person) in an hour. */
export const SUBMISSIONS_PER_HOUR = 10
/** Reports started from one address in an hour: each makes a draft row. */
export const DRAFTS_PER_HOUR = 30

export function issuesToErrors(issues: Issue[]) {
  const fields: Record<string, { text: string }> = {}
  for (const issue of issues) fields[issue.field || 'form'] ??= { text: issue.message }
  return toGovukErrors(fields)
}

export function rateLimitKey(request: FastifyRequest): string {
  return request.session ? `user:${request.session.user.id}` : `ip:${request.ip}`
}

/** Keeps the draft this browser is working on, for as long as a draft of its kind is kept. */
export function setDraftCookie(
  reply: FastifyReply,
  config: Config,
  value: string,
  professional: boolean,
) {
  reply.setCookie(DRAFT_COOKIE, value, {
    path: BASE,
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: professional ? PROFESSIONAL_DRAFT_DAYS * 86_400 : PUBLIC_DRAFT_HOURS * 3600,
  })
}
