/** The family at a conference: parents, carers and the child, with how the child's views were given. */
import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import { refuse, type Refusal } from '../../../platform/refusal.js'
import {
  findConference,
  findFamilyMember,
  insertFamilyMember,
  listFamilyMembers,
  updateFamilyMember,
} from '../repo.js'
import type { FamilyAttendanceInput, FamilyMemberInput } from '../schema.js'
import { audit, auditView, changeRecord, type NotFound } from './shared.js'

export function conferenceFamilyPage(
  db: Db,
  options: { actor: Actor; id: string; requestId: string },
) {
  const { actor, id, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const conference = await findConference(trx, actor.partnershipId, id)
    if (!conference) return undefined
    await auditView(trx, actor, requestId, conference.childId, 'conference-family')
    return { conference, members: await listFamilyMembers(trx, actor.partnershipId, id) }
  })
}

export type FamilyChange = NotFound | Refusal | { kind: 'done' }

type Conference = NonNullable<Awaited<ReturnType<typeof findConference>>>

/** Attendance is known only once the conference has been held. */
function checkAttendance(conference: Conference, input: FamilyAttendanceInput) {
  if (conference.status === 'cancelled') refuse('form', 'This conference was cancelled')
  const held = conference.status === 'held'
  if (!held && input.attended !== null) {
    refuse('attended', 'Record who attended once the conference has been held')
  }
  if (!held && input.childViews !== null) {
    refuse(
      'childViews',
      'Record how the child’s views were given once the conference has been held',
    )
  }
}

function auditedFields(input: FamilyAttendanceInput) {
  return {
    attended: input.attended,
    childViews: input.childViews,
    viewsNotGivenReason: input.viewsNotGivenReason ? 'set' : null,
  }
}

export function addFamilyMember(
  db: Db,
  options: { actor: Actor; conferenceId: string; input: FamilyMemberInput; requestId: string },
): Promise<FamilyChange> {
  const { actor, conferenceId, input, requestId } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findConference, conferenceId, async (trx, conference) => {
    checkAttendance(conference, input)
    if (input.attended && !input.invited) {
      refuse('invited', 'The person attended: they were invited')
    }
    const row = await insertFamilyMember(trx, {
      partnershipId,
      conferenceId,
      recordedBy: actor.userId,
      ...input,
    })
    await audit(trx, actor, requestId, {
      action: 'conference.family-member-added',
      resourceType: 'conference-family-member',
      resourceId: row.id,
      childId: conference.childId,
      fields: {
        name: 'set',
        relationship: input.relationship,
        invited: input.invited,
        ...auditedFields(input),
      },
      detail: { conferenceId },
    })
    return { kind: 'done' }
  })
}

export function recordFamilyAttendance(
  db: Db,
  options: {
    actor: Actor
    conferenceId: string
    memberId: string
    input: FamilyAttendanceInput
    requestId: string
  },
): Promise<FamilyChange> {
  const { actor, conferenceId, memberId, requestId } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findConference, conferenceId, async (trx, conference) => {
    const member = await findFamilyMember(trx, partnershipId, conferenceId, memberId)
    if (!member) return { kind: 'not-found' }
    // Only the child's own row says how the child's views were given.
    const input =
      member.relationship === 'child'
        ? options.input
        : { ...options.input, childViews: null, viewsNotGivenReason: null }
    checkAttendance(conference, input)
    if (input.attended && !member.invited) {
      refuse('attended', 'This person was not invited: add them again as invited')
    }
    await updateFamilyMember(trx, partnershipId, memberId, input)
    await audit(trx, actor, requestId, {
      action: 'conference.family-attendance-recorded',
      resourceType: 'conference-family-member',
      resourceId: memberId,
      childId: conference.childId,
      fields: auditedFields(input),
      detail: { conferenceId },
    })
    return { kind: 'done' }
  })
}
