import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../db/database.js'
import { findPublicPartnership, frontPagePartnership } from '../front-page.js'
import { render } from '../http/web.js'

/** `/` for a signed-out visitor: the partnership's public front page, or a choice of partnerships. */
export async function publicFrontPage(
  db: Db,
  defaultSlug: string | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const { partnership, choices } = await frontPagePartnership(db, defaultSlug)
  if (partnership) return partnershipFrontPage(request, reply, partnership)
  return render(request, reply, 'platform/views/front-page-choose.njk', {
    title: 'Safeguarding children partnerships',
    choices,
  })
}

/** `/p/:slug`: one partnership's public front page, whoever asks. */
export async function frontPageBySlug(db: Db, request: FastifyRequest, reply: FastifyReply) {
  const slug = (request.params as { slug?: unknown }).slug
  const partnership =
    typeof slug === 'string' && /^[a-z0-9-]{1,60}$/.test(slug)
      ? await findPublicPartnership(db, { slug })
      : undefined
  if (!partnership) return reply.callNotFound()
  return partnershipFrontPage(request, reply, partnership)
}

function partnershipFrontPage(
  request: FastifyRequest,
  reply: FastifyReply,
  partnership: NonNullable<Awaited<ReturnType<typeof findPublicPartnership>>>,
) {
  return render(request, reply, 'platform/views/front-page.njk', {
    title: partnership.name,
    partnership,
  })
}
