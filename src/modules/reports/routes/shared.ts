import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import type { GovukErrors } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import type { Ctx } from '../service.js'

export interface Deps {
  db: Db
}

export const FORM_BODY_LIMIT = 256 * 1024
export const NO_ERRORS: GovukErrors = { summary: [], fields: {} }
export const view = (name: string) => `reports/views/${name}.njk`

export function ctxOf(request: FastifyRequest): Ctx {
  return { actor: actorOf(request), requestId: request.id }
}

export function idOf(request: FastifyRequest): string | null {
  const id = (request.params as { id?: unknown }).id
  return typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id) ? id : null
}

export function notFound(reply: FastifyReply) {
  return reply.callNotFound()
}
