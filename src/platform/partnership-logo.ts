import { inPartnership, type Db } from '../db/database.js'
import { actorScope } from './actor-scope.js'
import { recordAudit } from './audit.js'
import { sha256 } from './crypto.js'
import { findPublicPartnership, frontPagePartnership } from './front-page.js'
import type { Actor } from './http/types.js'
import { sniffImageType } from './images.js'
import { refusable, refuse } from './refusal.js'

/** A partnership's own logo, shown in the header of its staff and public pages. */
export const MAX_LOGO_BYTES = 500 * 1024

export interface BrandLogo {
  src: string
  alt: string
}

export function saveLogo(db: Db, actor: Actor, bytes: Buffer, requestId: string) {
  return refusable(() =>
    inPartnership(db, actorScope(actor), async trx => {
      if (bytes.length === 0) refuse('file', 'Select a PNG or JPEG image')
      if (bytes.length > MAX_LOGO_BYTES) refuse('file', 'The logo must be 500 KB or smaller')
      const mediaType = sniffImageType(bytes)
      if (!mediaType)
        refuse(
          'file',
          'The logo must be a PNG or JPEG: this file is not one, whatever its name says',
        )
      const values = {
        mediaType,
        byteSize: bytes.length,
        content: bytes,
        sha256: sha256(bytes.toString('base64')),
        updatedBy: actor.userId,
        updatedAt: new Date(),
      }
      await trx
        .insertInto('partnershipLogo')
        .values({ partnershipId: actor.partnershipId, ...values })
        .onConflict(conflict => conflict.column('partnershipId').doUpdateSet(values))
        .execute()
      await recordAudit(trx, {
        ...actorScope(actor),
        requestId,
        action: 'partnership.logo-uploaded',
        resourceType: 'partnership',
        resourceId: actor.partnershipId,
        detail: { mediaType, bytes: bytes.length },
      })
      forgetLogo(actor.partnershipId)
      return { kind: 'saved' as const }
    }),
  )
}

export function removeLogo(db: Db, actor: Actor, requestId: string): Promise<boolean> {
  return inPartnership(db, actorScope(actor), async trx => {
    const removed = await trx
      .deleteFrom('partnershipLogo')
      .where('partnershipId', '=', actor.partnershipId)
      .executeTakeFirst()
    if (removed.numDeletedRows === 0n) return false
    await recordAudit(trx, {
      ...actorScope(actor),
      requestId,
      action: 'partnership.logo-removed',
      resourceType: 'partnership',
      resourceId: actor.partnershipId,
    })
    forgetLogo(actor.partnershipId)
    return true
  })
}

/** The logo's bytes: public, as it is shown on public pages. */
export function findLogo(db: Db, partnershipId: string) {
  return inPartnership(db, { partnershipId, userId: null }, trx =>
    trx
      .selectFrom('partnershipLogo')
      .select(['mediaType', 'content', 'sha256'])
      .where('partnershipId', '=', partnershipId)
      .executeTakeFirst(),
  )
}

// Every page's header asks, so the answer is kept a short while; a change here forgets it at
// once, and another server process sees it within the time below.
const CACHE_MS = 30_000
const cache = new Map<string, { logo: BrandLogo | null; until: number }>()

function forgetLogo(partnershipId: string) {
  cache.delete(partnershipId)
}

export async function brandLogoOf(db: Db, partnershipId: string): Promise<BrandLogo | null> {
  const kept = cache.get(partnershipId)
  if (kept && kept.until > Date.now()) return kept.logo
  const [logo, partnership] = await Promise.all([
    inPartnership(db, { partnershipId, userId: null }, trx =>
      trx
        .selectFrom('partnershipLogo')
        .select('sha256')
        .where('partnershipId', '=', partnershipId)
        .executeTakeFirst(),
    ),
    findPublicPartnership(db, { id: partnershipId }),
  ])
  const brand =
    logo && partnership
      ? {
          src: `/public/logo/${partnershipId}?v=${logo.sha256.slice(0, 16)}`,
          alt: partnership.name,
        }
      : null
  cache.set(partnershipId, { logo: brand, until: Date.now() + CACHE_MS })
  return brand
}

/** Whose logo a page shows: the signed-in person's partnership, the one a public page is about. */
export async function pagePartnershipId(
  db: Db,
  page: { sessionPartnershipId: string | null; slug: string | null; defaultSlug?: string },
): Promise<string | null> {
  if (page.sessionPartnershipId) return page.sessionPartnershipId
  if (page.slug) return (await findPublicPartnership(db, { slug: page.slug }))?.id ?? null
  return (await frontPagePartnership(db, page.defaultSlug)).partnership?.id ?? null
}
