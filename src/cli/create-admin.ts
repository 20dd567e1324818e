import type { DatabaseHandles } from '../db/database.js'
import { inviteUser } from '../platform/invitations.js'
import type { Mailer } from '../platform/mail.js'

export interface CreateAdminOptions {
  email: string
  name: string
  partnership: string
  partnershipName?: string | undefined
  publicUrl: string
}

/**
 * The first administrator of a partnership. The password is never typed on a command line (it
 * would stay in shell history): the person sets it from the one-time link printed here.
 */
export async function createAdmin(
  database: DatabaseHandles,
  mailer: Mailer,
  options: CreateAdminOptions,
): Promise<string> {
  const { owner, db } = database
  const slug = options.partnership.trim().toLowerCase()
  if (!/^[a-z0-9-]{2,60}$/.test(slug))
    throw new Error('--partnership must be 2 to 60 lower-case letters, digits or hyphens')
  let partnership = await owner
    .selectFrom('partnership')
    .select(['id', 'name'])
    .where('slug', '=', slug)
    .executeTakeFirst()
  if (!partnership) {
    if (!options.partnershipName)
      throw new Error(`There is no partnership ‘${slug}’: give --partnership-name to create it`)
    partnership = await owner
      .insertInto('partnership')
      .values({ slug, name: options.partnershipName })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow()
  }
  const partnershipId = partnership.id as string
  const { setPasswordLink } = await inviteUser(db, mailer, {
    partnershipId,
    partnershipName: partnership.name as string,
    invitedBy: null,
    email: options.email,
    displayName: options.name,
    role: 'partnership-admin',
    agencyId: null,
    publicUrl: options.publicUrl,
    requestId: 'cli',
  })
  const link = setPasswordLink
  return link
    ? `Administrator invited. Give them this one-time link to set their password (valid 7 days):\n${link}`
    : `Administrator ${options.email} now holds the partnership administrator role in ${partnership.name as string}.`
}
