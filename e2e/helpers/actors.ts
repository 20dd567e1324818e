import type { Actor } from '../../src/platform/http/types.js'
import { demoEmail, type TestServer } from './server.js'

/**
 * The demo partnership's business officer as a service command sees them, for a spec that
 * seeds the records its journey starts from; with the partnership's slug for public links.
 */
export async function businessOfficer(
  server: TestServer,
): Promise<{ ctx: { actor: Actor; requestId: string }; slug: string }> {
  const owner = server.database.owner
  const email = demoEmail('business-officer')
  const officer = await owner
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
  const partnership = await owner
    .selectFrom('partnership')
    .select(['id', 'name', 'slug'])
    .executeTakeFirstOrThrow()
  const actor: Actor = {
    userId: officer.id as string,
    email,
    displayName: 'Business officer',
    partnershipId: partnership.id as string,
    partnershipName: partnership.name as string,
    roles: ['business-officer'],
    agencyIds: [],
    via: 'session',
  }
  return { ctx: { actor, requestId: 'e2e' }, slug: partnership.slug as string }
}
