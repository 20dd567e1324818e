import type { Trx } from '../../../db/database.js'
import * as repo from '../repo.js'
import { membersOn } from './structures.js'

/**
 * What the registers module reads of governance: the bodies that are panels, their meetings, and
 * who is currently a member. Each takes a transaction bound to the partnership.
 */

export interface PanelBody {
  id: string
  name: string
  chairName: string | null
}

export interface PanelMeeting {
  id: string
  bodyId: string
  bodyName: string
  heldOn: string
  title: string
  status: string
}

/** Bodies of the 'panel' kind. */
export async function panelBodies(trx: Trx, partnershipId: string): Promise<PanelBody[]> {
  const bodies = await repo.listBodies(trx, partnershipId, { kind: 'panel' })
  return bodies.map(body => ({ id: body.id, name: body.name, chairName: body.chairName }))
}

/** A body's meetings, earliest first. */
export async function panelMeetings(trx: Trx, bodyId: string): Promise<PanelMeeting[]> {
  const meetings = await repo.listMeetings(trx, bodyId)
  const body = await repo.findBodyName(trx, bodyId)
  return meetings.map(m => ({
    id: m.id,
    bodyId: m.bodyId,
    bodyName: body?.name ?? '',
    heldOn: m.heldOn,
    title: m.title,
    status: m.status,
  }))
}

export async function panelMeeting(
  trx: Trx,
  partnershipId: string,
  meetingId: string,
): Promise<PanelMeeting | undefined> {
  const m = await repo.findMeeting(trx, partnershipId, meetingId)
  if (!m) return undefined
  return {
    id: m.id,
    bodyId: m.bodyId,
    bodyName: m.bodyName,
    heldOn: m.heldOn,
    title: m.title,
    status: m.status,
  }
}

/** The ids of the bodies among `bodyIds` the person is a member of on `day`. */
export async function bodiesWithCurrentMember(
  trx: Trx,
  bodyIds: readonly string[],
  userId: string,
  day: string,
): Promise<string[]> {
  const found: string[] = []
  for (const bodyId of bodyIds) {
    const members = membersOn(await repo.listMemberships(trx, bodyId), day)
    if (members.some(member => member.userId === userId)) found.push(bodyId)
  }
  return found
}
