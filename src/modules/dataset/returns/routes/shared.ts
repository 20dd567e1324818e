import type { FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { AccessDenied, actorOf } from '../../../../platform/http/access.js'
import { govukErrors, type GovukErrors } from '../../../../platform/forms.js'
import { render } from '../../../../platform/http/web.js'
import { can, type Resource } from '../../../../platform/permissions.js'
import type { Ctx } from '../service.js'

export const view = (name: string) => `dataset/returns/views/${name}.njk`

export const ctxOf = (request: FastifyRequest): Ctx => ({
  actor: actorOf(request),
  requestId: request.id,
})

export { recordItems as items } from '../../../../platform/forms.js'

/** A query string read with its schema: repeated or unknown parameters are bad input. */
export function readQuery<T extends z.ZodType>(
  schema: T,
  request: FastifyRequest,
): { ok: true; data: z.infer<T> } | { ok: false; errors: GovukErrors } {
  const parsed = schema.safeParse(request.query ?? {})
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, errors: govukErrors(parsed.error) }
}

/** The 400 page for a query string that is not one the page offers. */
export function badQuery(request: FastifyRequest, reply: FastifyReply, errors: GovukErrors) {
  return render(
    request,
    reply,
    view('bad-query'),
    { title: 'There is a problem with the address', errors },
    400,
  )
}

export function requireExport(request: FastifyRequest, resource: Resource) {
  if (!can(actorOf(request).roles, resource, 'export')) throw new AccessDenied()
}

export const NOTICES: Record<string, string> = {
  created: 'Indicator added',
  updated: 'Indicator saved',
  requested: 'Returns asked for',
  saved: 'Figures saved',
  unchanged: 'No figures changed',
  uploaded: 'Spreadsheet uploaded and figures saved',
  'signed-off': 'Return signed off',
  chased: 'A reminder is on its way to the agency’s leads',
  'already-chased': 'The agency’s leads were already reminded today',
}

export function noticeOf(value: string | undefined): string | undefined {
  return value ? NOTICES[value] : undefined
}
