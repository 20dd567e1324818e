import { defineNotices } from '../../platform/http/notice.js'

/** The roles that work referrals: a referral is allocated only to people who hold one. */
export const ALLOCATABLE_ROLES: readonly string[] = [
  'front-door-practitioner',
  'front-door-manager',
  'social-worker',
]

export function isAllocatable(person: { roles: string[] }): boolean {
  return person.roles.some(role => ALLOCATABLE_ROLES.includes(role))
}

/**
 * The workers a referral can be allocated to, by team (then name): front door and social work
 * roles only. The worker it is allocated to now stays in the list, so the choice shows.
 */
export function workersByTeam<P extends { id: string; displayName: string; roles: string[] }>(
  people: P[],
  teamsOf: Map<string, string[]>,
  currentId: string | null,
): (P & { team: string })[] {
  return people
    .filter(person => isAllocatable(person) || person.id === currentId)
    .map(person => ({ ...person, team: teamsOf.get(person.id)?.join(', ') ?? 'No team' }))
    .sort(
      (a, b) =>
        Number(a.team === 'No team') - Number(b.team === 'No team') ||
        a.team.localeCompare(b.team) ||
        a.displayName.localeCompare(b.displayName),
    )
}

/** The referral page's banner after an allocation. */
export const ALLOCATED = defineNotices({ 'referral-allocated': 'Allocation saved' })(
  'referral-allocated',
)
