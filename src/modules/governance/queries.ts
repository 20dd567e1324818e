/**
 * Read models governance offers to other modules (ADR 0005): its bodies and their meetings, as
 * plain rows, for report cards and other standing agenda items.
 */
import type { Trx } from '../../db/database.js'
import { findMeeting, listBodies, listMeetings } from './repo.js'

export interface BodyRow {
  id: string
  name: string
  kind: string
}

export interface MeetingRow {
  id: string
  bodyId: string
  heldOn: string
  title: string
  status: string
}

/** The partnership's boards, subgroups and other bodies, by name. */
export async function bodiesForReports(trx: Trx, partnershipId: string): Promise<BodyRow[]> {
  const rows = await listBodies(trx, partnershipId)
  return rows.map(({ id, name, kind }) => ({ id, name, kind }))
}

/** A body's meetings, earliest first. */
export async function meetingsOfBody(trx: Trx, bodyId: string): Promise<MeetingRow[]> {
  const rows = await listMeetings(trx, bodyId)
  return rows.map(({ id, bodyId: body, heldOn, title, status }) => ({
    id,
    bodyId: body,
    heldOn,
    title,
    status,
  }))
}

/** One meeting, or undefined when the partnership has no such meeting. */
export async function meetingForReports(
  trx: Trx,
  partnershipId: string,
  id: string,
): Promise<MeetingRow | undefined> {
  const row = await findMeeting(trx, partnershipId, id)
  return row
    ? { id: row.id, bodyId: row.bodyId, heldOn: row.heldOn, title: row.title, status: row.status }
    : undefined
}
