import type { OwnerDb } from '../db/database.js'
import type { Actor } from '../platform/http/types.js'
import { hashPassword } from '../platform/passwords.js'
import { ROLES, type Role } from '../platform/permissions.js'
import type { SeededRandom } from '../platform/random.js'

/**
 * Fictional partnerships, agencies and people. Written as the table owner: seeding is an operator
 * task, like a migration, and happens before anyone signs in.
 */

export const DEMO_PARTNERSHIP = {
  slug: 'northbridge',
  name: 'Northbridge Safeguarding Children Partnership',
}
export const DEMO_PASSWORD = 'northbridge-demo-2026'

export const DEMO_AGENCIES: { name: string; sector: string }[] = [
  { name: 'Northbridge Council Children’s Services', sector: 'local-authority' },
  { name: 'Northbridge Police', sector: 'police' },
  { name: 'Northbridge NHS Foundation Trust', sector: 'health' },
  { name: 'Northbridge Integrated Care Board', sector: 'health' },
  { name: 'Northbridge Schools and Colleges', sector: 'education' },
  { name: 'Probation Service (Northbridge)', sector: 'probation' },
  { name: 'Northbridge Youth Justice Service', sector: 'youth-justice' },
  { name: 'Northbridge Community Voluntary Action', sector: 'voluntary' },
]

/** The agency each demo role works for (index into DEMO_AGENCIES); null for partnership-wide roles. */
const ROLE_AGENCY: Record<Role, number | null> = {
  'partnership-admin': null,
  'business-officer': null,
  'board-member': 0,
  'agency-lead': 1,
  'front-door-practitioner': 0,
  'front-door-manager': 0,
  'social-worker': 0,
  'conference-chair': 0,
  lado: 0,
  'cdop-coordinator': 3,
  trainer: null,
  analyst: null,
  auditor: null,
  referrer: 4,
  'cdop-panel-member': 1,
  'lado-manager': 0,
}

export function demoEmail(role: Role, slug = DEMO_PARTNERSHIP.slug): string {
  return `${role}@${slug}.example`
}

function titleCase(role: Role): string {
  return role
    .split('-')
    .map(word =>
      word === 'lado' || word === 'cdop'
        ? word.toUpperCase()
        : `${word.slice(0, 1).toUpperCase()}${word.slice(1)}`,
    )
    .join(' ')
}

export interface SeededPartnership {
  id: string
  slug: string
  name: string
  agencyIds: string[]
  users: { role: Role; email: string; id: string }[]
}

/** The seeded person with `role` as a signed-in actor, for demo data made through the services. */
export function demoActor(partnership: SeededPartnership, role: Role): Actor {
  const user = partnership.users.find(candidate => candidate.role === role)
  if (!user) throw new Error(`The demo partnership has no ${role}`)
  return {
    userId: user.id,
    email: user.email,
    displayName: role,
    partnershipId: partnership.id,
    partnershipName: partnership.name,
    roles: [role],
    agencyIds: [],
    via: 'session',
  }
}

/** Creates (or finds) a partnership with its agencies and one person per role. Safe to run twice. */
export async function seedPartnership(
  owner: OwnerDb,
  options: {
    slug: string
    name: string
    passwordHash: string
    agencies?: { name: string; sector: string }[]
  },
): Promise<SeededPartnership> {
  const { slug, name, passwordHash } = options
  await owner
    .insertInto('partnership')
    .values({ slug, name })
    .onConflict(c => c.column('slug').doNothing())
    .execute()
  const partnership = await owner
    .selectFrom('partnership')
    .select(['id', 'name'])
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow()

  // A few statements for the whole partnership, not a few a row: every test seeds two of these.
  const partnershipId = partnership.id as string
  const agencies = options.agencies ?? DEMO_AGENCIES
  await owner
    .insertInto('agency')
    .values(agencies.map(agency => ({ partnership_id: partnershipId, ...agency })))
    .onConflict(c => c.columns(['partnership_id', 'name']).doNothing())
    .execute()
  const agencyRows = await owner
    .selectFrom('agency')
    .select(['id', 'name'])
    .where('partnership_id', '=', partnershipId)
    .where(
      'name',
      'in',
      agencies.map(agency => agency.name),
    )
    .execute()
  const agencyIdByName = new Map(agencyRows.map(row => [row.name, row.id as string]))
  const agencyIds = agencies.map(agency => agencyIdByName.get(agency.name) ?? '')

  await owner
    .insertInto('app_user')
    .values(
      ROLES.map(role => ({
        email: demoEmail(role, slug),
        display_name: `Demo ${titleCase(role)}`,
        password_hash: passwordHash,
      })),
    )
    .onConflict(c => c.column('email').doNothing())
    .execute()
  const userRows = await owner
    .selectFrom('app_user')
    .select(['id', 'email'])
    .where(
      'email',
      'in',
      ROLES.map(role => demoEmail(role, slug)),
    )
    .execute()
  const userIdByEmail = new Map(userRows.map(row => [row.email, row.id as string]))
  const users: SeededPartnership['users'] = ROLES.map(role => {
    const email = demoEmail(role, slug)
    return { role, email, id: userIdByEmail.get(email) ?? '' }
  })
  await owner
    .insertInto('role_grant')
    .values(
      users.map(user => {
        const agencyIndex = ROLE_AGENCY[user.role]
        return {
          partnership_id: partnershipId,
          user_id: user.id,
          role: user.role,
          agency_id: agencyIndex === null ? null : (agencyIds[agencyIndex] ?? null),
        }
      }),
    )
    .onConflict(c => c.columns(['partnership_id', 'user_id', 'role']).doNothing())
    .execute()
  return { id: partnership.id as string, slug, name: partnership.name as string, agencyIds, users }
}

export async function seedDemoPartnership(owner: OwnerDb): Promise<SeededPartnership> {
  const seeded = await seedPartnership(owner, {
    ...DEMO_PARTNERSHIP,
    passwordHash: await hashPassword(DEMO_PASSWORD),
  })
  await seedDemoTeams(owner, seeded)
  await seedDemoFrontDoorContacts(owner, seeded)
  return seeded
}

/** The demo front door's numbers (Ofcom's drama range), shown on the public front page. */
async function seedDemoFrontDoorContacts(owner: OwnerDb, seeded: SeededPartnership) {
  await owner
    .updateTable('partnership')
    .set({
      front_door_phone: '01632 960 100',
      front_door_hours: 'Monday to Thursday, 8:30am to 5pm; Friday, 8:30am to 4:30pm',
      out_of_hours_phone: '01632 960 999',
    })
    .where('id', '=', seeded.id)
    .where('front_door_phone', 'is', null)
    .execute()
}

/** Teams that work cases, with the demo people in them (for work trays and allocation). */
const DEMO_TEAMS: { name: string; agencyIndex: number; roles: Role[] }[] = [
  {
    name: 'Front door (MASH)',
    agencyIndex: 0,
    roles: ['front-door-practitioner', 'front-door-manager'],
  },
  { name: 'Child protection team', agencyIndex: 0, roles: ['social-worker', 'conference-chair'] },
]

async function seedDemoTeams(owner: OwnerDb, seeded: SeededPartnership): Promise<void> {
  for (const team of DEMO_TEAMS) {
    await owner
      .insertInto('team')
      .values({
        partnership_id: seeded.id,
        name: team.name,
        agency_id: seeded.agencyIds[team.agencyIndex] ?? null,
      })
      .onConflict(c => c.columns(['partnership_id', 'name']).doNothing())
      .execute()
    const row = await owner
      .selectFrom('team')
      .select('id')
      .where('partnership_id', '=', seeded.id)
      .where('name', '=', team.name)
      .executeTakeFirstOrThrow()
    for (const user of seeded.users.filter(candidate => team.roles.includes(candidate.role))) {
      await owner
        .insertInto('team_member')
        .values({ partnership_id: seeded.id, team_id: row.id, user_id: user.id })
        .onConflict(c => c.columns(['team_id', 'user_id']).doNothing())
        .execute()
    }
  }
}

const PLACE_NAMES = [
  'Ashford Vale',
  'Brackenmoor',
  'Castleton Reach',
  'Dunmere',
  'Eastwick Downs',
  'Fallowfield',
  'Greyhaven',
  'Holmbrook',
  'Ironbridge Marsh',
  'Juniper Bay',
]

/** More fictional partnerships for `keepsafe demo generate`. */
export async function generatePartnerships(
  owner: OwnerDb,
  random: SeededRandom,
  count: number,
  passwordHash: string,
): Promise<SeededPartnership[]> {
  const seeded: SeededPartnership[] = []
  for (let index = 0; index < count; index++) {
    const place = PLACE_NAMES[index % PLACE_NAMES.length] ?? 'Northbridge'
    const suffix =
      index >= PLACE_NAMES.length ? `-${Math.floor(index / PLACE_NAMES.length) + 1}` : ''
    const slug = `${place.toLowerCase().replace(/[^a-z]+/g, '-')}${suffix}`
    const agencies = DEMO_AGENCIES.filter(() => random.chance(0.85)).map(agency => ({
      ...agency,
      name: agency.name.replace('Northbridge', place),
    }))
    seeded.push(
      await seedPartnership(owner, {
        slug,
        name: `${place}${suffix} Safeguarding Children Partnership`,
        passwordHash,
        agencies,
      }),
    )
  }
  return seeded
}
