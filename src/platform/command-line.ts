/** What the `keepsafe` commands share: the partnership a command acts for, and writing its lines. */
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import type { OwnerDb } from '../db/database.js'

/**
 * The partnership a command acts for: the one `--partnership` names by slug, or the only one there
 * is. Otherwise what to do about it, in words (the command line has no signed-in partnership).
 */
export async function resolvePartnership(
  owner: OwnerDb,
  slug: string | undefined,
): Promise<{ id: string; slug: string } | string> {
  const partnerships: { id: string; slug: string }[] = await owner
    .selectFrom('partnership')
    .select(['id', 'slug'])
    .orderBy('slug')
    .execute()
  if (slug !== undefined) {
    return (
      partnerships.find(p => p.slug === slug) ??
      `There is no partnership "${slug}". Known: ${partnerships.map(p => p.slug).join(', ') || 'none'}.`
    )
  }
  const [only, ...others] = partnerships
  if (!only) return 'There are no partnerships yet: create one with keepsafe users create-admin.'
  if (others.length > 0) {
    return `Say which partnership with --partnership (${partnerships.map(p => p.slug).join(', ')}).`
  }
  return only
}

/** Writes a line, waiting when the stream asks us to, so that a long output never piles up. */
export async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, 'drain')
}
