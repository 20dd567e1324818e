import type { Db, Trx } from '../../../db/database.js'
import { changedFields } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import * as repo from '../repo.js'
import type { BodyInput, MembershipInput, StandingItemInput } from '../schema.js'
import {
  type Ctx,
  type SimpleOutcome,
  audit,
  formatDay,
  scoped,
  command,
  invalid,
} from './shared.js'

// Structures: bodies, their standing items and memberships

async function checkParent(
  trx: Trx,
  actor: Actor,
  id: string | null,
  parentId: string | null,
): Promise<string | null> {
  if (!parentId) return null
  let cursor: string | null = parentId
  for (let depth = 0; cursor && depth < 50; depth += 1) {
    if (cursor === id) return 'A body cannot sit under itself or one of its own subgroups'
    const parent = await repo.findBody(trx, actor.partnershipId, cursor)
    if (!parent) return 'Select a parent body from the list'
    cursor = parent.parentId
  }
  return null
}

export function createBody(db: Db, ctx: Ctx, input: BodyInput): Promise<SimpleOutcome> {
  return command(db, ctx.actor, async trx => {
    if (await repo.findBodyByName(trx, ctx.actor.partnershipId, input.name)) {
      return invalid('name', 'There is already a body with this name')
    }
    const parentProblem = await checkParent(trx, ctx.actor, null, input.parentId)
    if (parentProblem) return invalid('parentId', parentProblem)
    const id = await repo.insertBody(trx, { ...input, partnershipId: ctx.actor.partnershipId })
    await audit(trx, ctx, {
      action: 'governance.body.created',
      resourceType: 'gov-body',
      resourceId: id,
      fields: input,
    })
    return { kind: 'saved', id }
  })
}

export function updateBody(db: Db, ctx: Ctx, id: string, input: BodyInput): Promise<SimpleOutcome> {
  return command(db, ctx.actor, async trx => {
    const before = await repo.findBody(trx, ctx.actor.partnershipId, id)
    if (!before) return { kind: 'not-found' }
    const sameName = await repo.findBodyByName(trx, ctx.actor.partnershipId, input.name)
    if (sameName && sameName.id !== id) {
      return invalid('name', 'There is already a body with this name')
    }
    const parentProblem = await checkParent(trx, ctx.actor, id, input.parentId)
    if (parentProblem) return invalid('parentId', parentProblem)
    await repo.updateBody(trx, id, input)
    await audit(trx, ctx, {
      action: 'governance.body.updated',
      resourceType: 'gov-body',
      resourceId: id,
      fields: changedFields(before, input),
    })
    return { kind: 'saved', id }
  })
}

interface DatedMembership {
  memberName: string
  startsOn: string
  endsOn: string | null
}

/** Whether two memberships' date ranges share a day (an open end runs for ever). */
export function membershipsOverlap(a: DatedMembership, b: DatedMembership): boolean {
  return (
    (a.endsOn === null || b.startsOn <= a.endsOn) && (b.endsOn === null || a.startsOn <= b.endsOn)
  )
}

function overlapMessage(existing: DatedMembership, bodyName: string): string {
  const until = existing.endsOn ? `to ${formatDay(existing.endsOn)}` : 'with no end date'
  return `${existing.memberName} is already a member of ${bodyName} from ${formatDay(existing.startsOn)} ${until}: membership dates cannot overlap`
}

export async function insertMembership(
  trx: Trx,
  ctx: Ctx,
  body: { id: string; name: string },
  input: MembershipInput,
): Promise<SimpleOutcome> {
  if (input.agencyId && !(await repo.findAgency(trx, ctx.actor.partnershipId, input.agencyId))) {
    return { kind: 'invalid', field: 'agencyId', message: 'Select an agency from the list' }
  }
  if (input.userId) {
    const people = await repo.listPartnershipPeople(trx, ctx.actor.partnershipId)
    if (!people.some(person => person.id === input.userId)) {
      return { kind: 'invalid', field: 'userId', message: 'Select a person from the list' }
    }
  }
  const existing = await repo.listMemberships(trx, body.id)
  const clash = existing.find(
    other =>
      other.memberName.toLowerCase() === input.memberName.toLowerCase() &&
      membershipsOverlap(other, input),
  )
  if (clash)
    return { kind: 'invalid', field: 'startsOn', message: overlapMessage(clash, body.name) }
  const id = await repo.insertMembership(trx, {
    ...input,
    bodyId: body.id,
    partnershipId: ctx.actor.partnershipId,
  })
  return { kind: 'saved', id }
}

export function addMembership(
  db: Db,
  ctx: Ctx,
  bodyId: string,
  input: MembershipInput,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const body = await repo.findBody(trx, ctx.actor.partnershipId, bodyId)
    if (!body) return { kind: 'not-found' }
    const outcome = await insertMembership(trx, ctx, body, input)
    if (outcome.kind === 'saved') {
      await audit(trx, ctx, {
        action: 'governance.membership.created',
        resourceType: 'gov-membership',
        resourceId: outcome.id,
        fields: { bodyId, ...input },
      })
    }
    return outcome
  })
}

export function endMembership(
  db: Db,
  ctx: Ctx,
  membershipId: string,
  endsOn: string,
): Promise<SimpleOutcome & { bodyId?: string }> {
  return command(db, ctx.actor, async trx => {
    const membership = await repo.findMembership(trx, ctx.actor.partnershipId, membershipId)
    if (!membership) return { kind: 'not-found' }
    if (endsOn < membership.startsOn) {
      return invalid(
        'endsOn',
        `The end date must be on or after ${formatDay(membership.startsOn)}, when the membership started`,
      )
    }
    const later = (await repo.listAttendanceForBody(trx, membership.bodyId)).filter(
      a => a.membershipId === membershipId,
    )
    const meetings = await repo.listMeetings(trx, membership.bodyId)
    const after = meetings.find(m => m.heldOn > endsOn && later.some(a => a.meetingId === m.id))
    if (after) {
      return invalid(
        'endsOn',
        `${membership.memberName} has attendance recorded on ${formatDay(after.heldOn)}, after that date`,
      )
    }
    await repo.setMembershipEnd(trx, membershipId, endsOn)
    await audit(trx, ctx, {
      action: 'governance.membership.ended',
      resourceType: 'gov-membership',
      resourceId: membershipId,
      fields: { endsOn: { from: membership.endsOn, to: endsOn } },
    })
    return { kind: 'saved', id: membershipId, bodyId: membership.bodyId }
  })
}

/** Members whose membership covers the day: the only people whose attendance can be recorded. */
export function membersOn<T extends DatedMembership>(memberships: T[], day: string): T[] {
  return memberships.filter(m => m.startsOn <= day && (m.endsOn === null || day <= m.endsOn))
}

/** A standing item goes on the agenda of every meeting the body schedules from now on. */
export function addStandingItem(
  db: Db,
  ctx: Ctx,
  bodyId: string,
  input: StandingItemInput,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    if (!(await repo.findBody(trx, ctx.actor.partnershipId, bodyId))) return { kind: 'not-found' }
    const items = await repo.listStandingItems(trx, bodyId)
    const id = await repo.insertStandingItem(trx, {
      ...input,
      bodyId,
      partnershipId: ctx.actor.partnershipId,
      position: (items.at(-1)?.position ?? 0) + 1,
    })
    await audit(trx, ctx, {
      action: 'governance.standing-item.created',
      resourceType: 'gov-body',
      resourceId: bodyId,
      fields: input,
    })
    return { kind: 'saved', id }
  })
}
