import type { FastifyRequest } from 'fastify'
import { actorOf } from '../../../platform/http/access.js'
import { namedItems } from '../../../platform/forms.js'
import type { Ctx } from '../service/shared.js'

/** The longest answers fit well inside this; anything bigger is not a person typing. */
export const FORM_BODY_LIMIT = 256 * 1024
/** Documents: the same limit as board papers. */
export const UPLOAD_LIMITS = { fileSize: 20 * 1024 * 1024, files: 1, fields: 10, parts: 12 }

export function ctxOf(request: FastifyRequest): Ctx {
  return { actor: actorOf(request), requestId: request.id }
}

export function items(names: Record<string, string>, selected: unknown) {
  return Object.entries(names).map(([value, text]) => ({
    value,
    text,
    checked: selected === value,
  }))
}

export function agencyItems(
  agencies: { id: string; name: string }[],
  selected: unknown,
  none: string,
) {
  return namedItems(agencies, selected, none)
}
