import type { Actor } from '../../../src/platform/http/types.js'
import type { Role } from '../../../src/platform/permissions.js'
import type { Ctx } from '../../../src/modules/registers/shared.js'
import type { TestApp } from '../../helpers/test-app.js'
import { Visitor } from '../frontdoor/journey.js'

export { Visitor }

export const REGISTER_TABLES = [
  'register_setting',
  'register_panel',
  'exploitation_entry',
  'disruption_activity',
  'missing_episode',
  'fgm_referral',
  'private_fostering',
  'private_fostering_visit',
  'panel_agenda_child',
  'register_action',
  'community_intelligence',
  'child',
  'audit_event',
] as const

/**
 * Row counts of every table a register command may write, and of audit events other than views,
 * to check that a refusal wrote nothing.
 */
export async function snapshot(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of REGISTER_TABLES) {
    let query = t.database.owner.selectFrom(table).select(eb => eb.fn.countAll().as('count'))
    // Re-showing a page after a refusal records that it was seen; only writes count here.
    if (table === 'audit_event') query = query.where('action', 'not like', '%viewed')
    const row = await query.executeTakeFirstOrThrow()
    counts[table] = Number(row.count)
  }
  return counts
}

export async function insertChild(
  t: TestApp,
  laChildId: string,
  options: { birthDate?: string; givenName?: string; partnershipId?: string } = {},
): Promise<string> {
  const row = await t.database.owner
    .insertInto('child')
    .values({
      partnership_id: options.partnershipId ?? t.northbridge.id,
      la_child_id: laChildId,
      given_name: options.givenName ?? 'Amira',
      family_name: 'Khan',
      birth_date: options.birthDate ?? '2010-04-03',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id as string
}

export async function as(t: TestApp, role: Role, partnership = t.northbridge): Promise<Visitor> {
  return new Visitor(t, await t.signInAs(role, partnership))
}

/** A service context for the demo user of a role, as a route would build it. */
export function ctxFor(t: TestApp, role: Role, partnership = t.northbridge): Ctx {
  const actor: Actor = {
    userId: t.userId(role, partnership),
    email: `${role}@example.test`,
    displayName: role,
    partnershipId: partnership.id,
    partnershipName: partnership.name,
    roles: [role],
    agencyIds: [],
    via: 'session',
  }
  return { actor, requestId: 'test' }
}

/** Where a 303 went, or a thrown error with the page's first lines. */
export function location(response: {
  statusCode: number
  headers: Record<string, unknown>
  body: string
}) {
  if (response.statusCode !== 303) {
    throw new Error(
      `Expected 303, got ${String(response.statusCode)}: ${response.body.slice(0, 800)}`,
    )
  }
  return String(response.headers.location)
}

/** The text of a page without tags, with spaces collapsed. */
export function text(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;|&#x27;/g, '’')
    .replace(/\s+/g, ' ')
}
