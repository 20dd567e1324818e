import type { Db, Trx } from '../db/database.js'

/** What a member of the public sees of a partnership: its name and how to reach its front door. */
export interface PublicPartnership {
  id: string
  slug: string
  name: string
  frontDoorPhone: string | null
  frontDoorHours: string | null
  outOfHoursPhone: string | null
  thresholdDocumentUrl: string | null
}

const PUBLIC_COLUMNS = [
  'id',
  'slug',
  'name',
  'frontDoorPhone',
  'frontDoorHours',
  'outOfHoursPhone',
  'thresholdDocumentUrl',
] as const

export function findPublicPartnership(
  db: Db | Trx,
  by: { slug: string } | { id: string },
): Promise<PublicPartnership | undefined> {
  const query = db.selectFrom('partnership').select(PUBLIC_COLUMNS)
  return (
    'slug' in by ? query.where('slug', '=', by.slug) : query.where('id', '=', by.id)
  ).executeTakeFirst()
}

/** The slug that a partnership's public links (its programme, surveys, bulletin) carry. */
export async function partnershipSlug(db: Db | Trx, partnershipId: string): Promise<string> {
  const row = await db
    .selectFrom('partnership')
    .select('slug')
    .where('id', '=', partnershipId)
    .executeTakeFirstOrThrow()
  return row.slug
}

export function listPublicPartnerships(db: Db): Promise<{ slug: string; name: string }[]> {
  return db.selectFrom('partnership').select(['slug', 'name']).orderBy('name').execute()
}

/**
 * The partnership `/` shows a signed-out visitor: the only one, or the configured default. With
 * several and no default, none: the visitor chooses.
 */
export async function frontPagePartnership(
  db: Db,
  defaultSlug: string | undefined,
): Promise<{ partnership?: PublicPartnership; choices: { slug: string; name: string }[] }> {
  const choices = await listPublicPartnerships(db)
  const slug = choices.length === 1 ? choices[0]?.slug : defaultSlug
  const partnership = slug ? await findPublicPartnership(db, { slug }) : undefined
  return { partnership, choices }
}
