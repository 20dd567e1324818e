import { inPartnership, type Db } from '../../db/database.js'
import { recordAudit } from '../../platform/audit.js'
import { lockReferralAllocation, saveReferralAllocation } from '../frontdoor/service.js'
import type { Actor } from '../../platform/http/types.js'
import { scopeFor } from '../../platform/permissions.js'
import { type WorkingDayCalendar } from '../../platform/working-days.js'
import { londonToday } from '../../platform/calendar.js'
import { findAgency } from '../../platform/directory.js'
import {
  deleteTeamMember,
  findTeam,
  findTeamByName,
  insertTeam,
  insertTeamMember,
  listActivePeople,
  listTeamMemberIds,
  setTeamActive,
} from './repo.js'
import { isAllocatable } from './allocation.js'
import {
  TRAY_STATUSES,
  type AllocationInput,
  type TeamInput,
  type TrayQueryInput,
  type TrayStatus,
} from './schema.js'
import {
  arrangeTray,
  collectTrayItems,
  isAgencyLead,
  isInTrayOf,
  type TrayClock,
  type TrayItem,
} from './service/items.js'

export * from './service/items.js'
export * from './service/reminders.js'

export type TrayScope =
  { kind: 'own' } | { kind: 'team'; teamId: string } | { kind: 'agency'; agencyId: string }

export type TrayOutcome =
  | { kind: 'not-found' }
  | { kind: 'tray'; title: string; items: TrayItem[]; counts: Record<TrayStatus, number> }

/**
 * A tray the actor may see, with the audit event of reading it (its items name children).
 * Team trays: the team's members or a partnership-wide reader; agency trays: the agency's leads
 * or a partnership-wide reader. Anyone else is told there is no such tray.
 */
export function readTray(
  db: Db,
  options: {
    actor: Actor
    scope: TrayScope
    query: TrayQueryInput
    calendar: WorkingDayCalendar
    requestId: string
    action: 'viewed' | 'exported'
    now?: Date
  },
): Promise<TrayOutcome> {
  const { actor, scope, query, calendar, requestId } = options
  const now = options.now ?? new Date()
  const clock: TrayClock = { now, today: londonToday(now), calendar }
  const isPartnershipReader = scopeFor(actor.roles, 'work-tray', 'read') === 'partnership'
  return inPartnership(db, actor, async trx => {
    let title = 'Your work tray'
    let belongs: (item: TrayItem) => boolean = item => isInTrayOf(item, actor)
    if (scope.kind === 'team') {
      const team = await findTeam(trx, actor.partnershipId, scope.teamId)
      if (!team) return { kind: 'not-found' } as const
      const people = await listActivePeople(trx, actor.partnershipId)
      const memberIds = new Set(
        (await listTeamMemberIds(trx, actor.partnershipId, scope.teamId)).filter(id =>
          people.some(person => person.id === id),
        ),
      )
      if (!memberIds.has(actor.userId) && !isPartnershipReader)
        return { kind: 'not-found' } as const
      const members = people.filter(person => memberIds.has(person.id))
      title = `${team.name}: work tray`
      belongs = item =>
        item.teamIds.includes(scope.teamId) ||
        members.some(member => isInTrayOf(item, { ...member, userId: member.id }))
    } else if (scope.kind === 'agency') {
      const agency = await findAgency(trx, actor.partnershipId, scope.agencyId)
      const isLead = isAgencyLead(actor) && actor.agencyIds.includes(scope.agencyId)
      if (!agency || (!isLead && !isPartnershipReader)) return { kind: 'not-found' } as const
      title = `${agency.name}: work tray`
      belongs = item => item.agencyId === scope.agencyId
    }
    const all = (await collectTrayItems(trx, actor.partnershipId, clock)).filter(belongs)
    const items = arrangeTray(all, query)
    const counts = Object.fromEntries(
      TRAY_STATUSES.map(status => [status, all.filter(item => item.status === status).length]),
    ) as Record<TrayStatus, number>
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: `work-tray.${options.action}`,
      resourceType: 'work-tray',
      resourceId:
        scope.kind === 'team' ? scope.teamId : scope.kind === 'agency' ? scope.agencyId : null,
      detail: {
        tray: scope.kind,
        items: items.length,
        ...(options.action === 'exported' ? { format: 'csv' } : {}),
      },
      requestId,
    })
    return { kind: 'tray', title, items, counts } as const
  })
}

// ---- Teams ---------------------------------------------------------------------------------

export type TeamOutcome =
  { kind: 'created'; id: string } | { kind: 'duplicate-name' } | { kind: 'unknown-agency' }

export function createTeam(
  db: Db,
  options: { actor: Actor; input: TeamInput; requestId: string },
): Promise<TeamOutcome> {
  const { actor, input, requestId } = options
  return inPartnership(db, actor, async trx => {
    if (await findTeamByName(trx, actor.partnershipId, input.name)) {
      return { kind: 'duplicate-name' } as const
    }
    if (input.agencyId) {
      const agency = await findAgency(trx, actor.partnershipId, input.agencyId)
      if (!agency?.isActive) return { kind: 'unknown-agency' } as const
    }
    const { id } = await insertTeam(trx, {
      partnershipId: actor.partnershipId,
      name: input.name,
      agencyId: input.agencyId,
    })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'team.created',
      resourceType: 'team',
      resourceId: id,
      fields: { name: input.name, agencyId: input.agencyId },
      requestId,
    })
    return { kind: 'created', id } as const
  })
}

export type MemberOutcome = 'added' | 'already-member' | 'not-found' | 'inactive' | 'unknown-user'

export function addTeamMember(
  db: Db,
  options: { actor: Actor; teamId: string; userId: string; requestId: string },
): Promise<MemberOutcome> {
  const { actor, teamId, userId, requestId } = options
  return inPartnership(db, actor, async trx => {
    const team = await findTeam(trx, actor.partnershipId, teamId)
    if (!team) return 'not-found'
    if (!team.isActive) return 'inactive'
    const people = await listActivePeople(trx, actor.partnershipId)
    if (!people.some(person => person.id === userId)) return 'unknown-user'
    const added = await insertTeamMember(trx, {
      partnershipId: actor.partnershipId,
      teamId,
      userId,
    })
    if (!added) return 'already-member'
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'team.member-added',
      resourceType: 'team',
      resourceId: teamId,
      fields: { userId },
      requestId,
    })
    return 'added'
  })
}

export function removeTeamMember(
  db: Db,
  options: { actor: Actor; teamId: string; userId: string; requestId: string },
): Promise<'removed' | 'not-found'> {
  const { actor, teamId, userId, requestId } = options
  return inPartnership(db, actor, async trx => {
    const team = await findTeam(trx, actor.partnershipId, teamId)
    if (!team) return 'not-found'
    const removed = await deleteTeamMember(trx, actor.partnershipId, teamId, userId)
    if (!removed) return 'not-found'
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'team.member-removed',
      resourceType: 'team',
      resourceId: teamId,
      fields: { userId: { from: userId, to: null } },
      requestId,
    })
    return 'removed'
  })
}

/** Deactivates (or reactivates) a team: it keeps its history but takes no new work. */
export function setTeamActivity(
  db: Db,
  options: { actor: Actor; teamId: string; isActive: boolean; requestId: string },
): Promise<'changed' | 'unchanged' | 'not-found'> {
  const { actor, teamId, isActive, requestId } = options
  return inPartnership(db, actor, async trx => {
    const team = await findTeam(trx, actor.partnershipId, teamId)
    if (!team) return 'not-found'
    if (team.isActive === isActive) return 'unchanged'
    await setTeamActive(trx, actor.partnershipId, teamId, isActive)
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: isActive ? 'team.reactivated' : 'team.deactivated',
      resourceType: 'team',
      resourceId: teamId,
      fields: { isActive: { from: team.isActive, to: isActive } },
      requestId,
    })
    return 'changed'
  })
}

// ---- Allocation ----------------------------------------------------------------------------

export type AllocationOutcome =
  'allocated' | 'unchanged' | 'not-found' | 'unknown-worker' | 'unknown-team'

/** Allocates a referral to a worker and/or a team: an active person and an active team of the partnership. */
export function allocateReferral(
  db: Db,
  options: { actor: Actor; referralId: string; input: AllocationInput; requestId: string },
): Promise<AllocationOutcome> {
  const { actor, referralId, input, requestId } = options
  return inPartnership(db, actor, async trx => {
    const current = await lockReferralAllocation(trx, actor.partnershipId, referralId)
    if (!current) return 'not-found'
    if (input.allocatedTo) {
      const people = await listActivePeople(trx, actor.partnershipId)
      const worker = people.find(person => person.id === input.allocatedTo)
      if (!worker || !isAllocatable(worker)) return 'unknown-worker'
    }
    if (input.teamId) {
      const team = await findTeam(trx, actor.partnershipId, input.teamId)
      if (!team?.isActive) return 'unknown-team'
    }
    return saveReferralAllocation(trx, { actor, current, allocation: input, requestId })
  })
}

// ---- Agencies' conference invitations ------------------------------------------------------

/** The agencies whose invitations the actor sees: theirs (agency leads), or null for every one. */
export function invitationAgencies(actor: Actor, action: 'read' | 'update'): string[] | null {
  return scopeFor(actor.roles, 'conference-invitation', action) === 'partnership'
    ? null
    : actor.agencyIds
}
