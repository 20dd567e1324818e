import { z } from 'zod'
import { optionalText, requiredText } from '../../platform/form-fields.js'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { render } from '../../platform/http/web.js'
import { inPartnership, type Db, type Trx } from '../../db/database.js'
import { PUBLIC } from '../../platform/permissions.js'

export { audit, ctxOf, scoped, type Ctx } from '../../platform/acting.js'

/** What the engagement areas share: the acting person, transactions, audit and form helpers. */

/** A transaction for a visitor who is not signed in (public links), bound to one partnership. */
export function asPublic<T>(db: Db, partnershipId: string, work: (trx: Trx) => Promise<T>) {
  return inPartnership(db, { partnershipId, userId: null }, work)
}

export const view = (name: string) => `engagement/views/${name}.njk`

export const IdParams = z.object({ id: z.uuid() })
export const SlugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,60}$/) })
export const SlugTokenParams = SlugParams.extend({ token: z.string().regex(/^[\w-]{20,100}$/) })

export const text = requiredText
export { optionalText }

/** A whole number typed in a box, or absent when the box is left empty. */
export const optionalWholeNumber = (message: string, max: number, label: string) =>
  z
    .string()
    .trim()
    .optional()
    .refine(value => !value || /^\d{1,12}$/.test(value), message)
    .transform(value => (value ? Number(value) : undefined))
    .refine(value => value === undefined || (value >= 1 && value <= max), {
      message: `${label} must be between 1 and ${max.toLocaleString('en-GB')}`,
    })

export const wholeNumber = (message: string, min: number, max: number, label: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,12}$/, message)
    .transform(Number)
    .refine(value => value >= min && value <= max, {
      message: `${label} must be between ${min} and ${max.toLocaleString('en-GB')}`,
    })

export const percent = (part: number, whole: number | null) =>
  whole ? Math.round((1000 * part) / whole) / 10 : null

/** Only software fills in the hidden `website` field of a public form. */
export const isHoneypotFilled = (body: Record<string, unknown>) =>
  typeof body.website === 'string' && body.website !== ''

/** The answer to a public form whose hidden field was filled in: nothing is kept. */
export function rejectAsSoftware(request: FastifyRequest, reply: FastifyReply, title: string) {
  return render(request, reply, view('public-rejected'), { title }, 400)
}

/** Enough for a person, not for a script (as the public forms elsewhere). */
export const PUBLIC_POSTS_PER_HOUR = 10
export const PUBLIC_FORM_BODY_LIMIT = 64 * 1024

export function publicRateLimitKey(request: FastifyRequest): string {
  return request.session ? `user:${request.session.user.id}` : `ip:${request.ip}`
}

/** The route options of a public form's POST: open to all, its body and its rate limited. */
export const PUBLIC_POST = {
  bodyLimit: PUBLIC_FORM_BODY_LIMIT,
  config: {
    access: PUBLIC,
    rateLimit: {
      max: PUBLIC_POSTS_PER_HOUR,
      timeWindow: '1 hour',
      keyGenerator: publicRateLimitKey,
    },
  },
}

export function partnershipById(db: Db, id: string) {
  return db
    .selectFrom('partnership')
    .select(['id', 'name', 'slug'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}
