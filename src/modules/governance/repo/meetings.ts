import type { Insertable, Updateable } from 'kysely'
import type { Trx } from '../../../db/database.js'
import type {
  GovActionTable,
  GovAgendaItemTable,
  GovAttendanceTable,
  GovMeetingTable,
  GovPaperTable,
} from '../table.js'

export function listMeetings(trx: Trx, bodyId: string) {
  return trx
    .selectFrom('govMeeting')
    .selectAll()
    .where('bodyId', '=', bodyId)
    .orderBy('heldOn')
    .orderBy('title')
    .execute()
}

export function findMeeting(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govMeeting')
    .innerJoin('govBody', 'govBody.id', 'govMeeting.bodyId')
    .selectAll('govMeeting')
    .select(['govBody.name as bodyName', 'govBody.attendanceTarget'])
    .where('govMeeting.partnershipId', '=', partnershipId)
    .where('govMeeting.id', '=', id)
    .executeTakeFirst()
}

export function listAttendanceForBody(trx: Trx, bodyId: string) {
  return trx
    .selectFrom('govAttendance')
    .innerJoin('govMeeting', 'govMeeting.id', 'govAttendance.meetingId')
    .selectAll('govAttendance')
    .where('govMeeting.bodyId', '=', bodyId)
    .execute()
}

export function listAllMeetings(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('govMeeting')
    .innerJoin('govBody', 'govBody.id', 'govMeeting.bodyId')
    .select(['govMeeting.id', 'govMeeting.heldOn', 'govMeeting.title', 'govBody.name as bodyName'])
    .where('govMeeting.partnershipId', '=', partnershipId)
    .orderBy('govMeeting.heldOn', 'desc')
    .execute()
}

export function listAgendaItems(trx: Trx, meetingId: string) {
  return trx
    .selectFrom('govAgendaItem')
    .selectAll()
    .where('meetingId', '=', meetingId)
    .orderBy('position')
    .execute()
}

export function listDecisions(trx: Trx, meetingId: string) {
  return trx
    .selectFrom('govDecision')
    .selectAll()
    .where('meetingId', '=', meetingId)
    .orderBy('createdAt')
    .execute()
}

export function listActions(trx: Trx, bodyId: string) {
  return trx
    .selectFrom('govAction')
    .innerJoin('govMeeting', 'govMeeting.id', 'govAction.meetingId')
    .selectAll('govAction')
    .select('govMeeting.heldOn as raisedOn')
    .where('govAction.bodyId', '=', bodyId)
    .orderBy('govAction.dueOn')
    .execute()
}

export function findAction(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govAction')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Papers' details without their contents; row-level security shows members and the business unit only. */
export function listPapers(trx: Trx, meetingId: string) {
  return trx
    .selectFrom('govPaper')
    .select(['id', 'title', 'version', 'filename', 'contentType', 'sizeBytes', 'uploadedAt'])
    .where('meetingId', '=', meetingId)
    .orderBy('title')
    .orderBy('version', 'desc')
    .execute()
}

export function findPaper(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govPaper')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listAttendanceForMeeting(trx: Trx, meetingId: string) {
  return trx.selectFrom('govAttendance').selectAll().where('meetingId', '=', meetingId).execute()
}

export async function insertMeeting(
  trx: Trx,
  values: Insertable<GovMeetingTable>,
): Promise<string> {
  const { id } = await trx
    .insertInto('govMeeting')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function updateMeeting(trx: Trx, id: string, values: Updateable<GovMeetingTable>) {
  await trx.updateTable('govMeeting').set(values).where('id', '=', id).execute()
}

export async function insertAgendaItems(trx: Trx, items: Insertable<GovAgendaItemTable>[]) {
  if (items.length) await trx.insertInto('govAgendaItem').values(items).execute()
}

export async function insertAgendaItem(
  trx: Trx,
  values: Insertable<GovAgendaItemTable>,
): Promise<string> {
  const { id } = await trx
    .insertInto('govAgendaItem')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function insertDecision(
  trx: Trx,
  values: { partnershipId: string; meetingId: string; text: string },
): Promise<string> {
  const { id } = await trx
    .insertInto('govDecision')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function insertAction(trx: Trx, values: Insertable<GovActionTable>): Promise<string> {
  const { id } = await trx
    .insertInto('govAction')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function setActionStatus(trx: Trx, id: string, status: string) {
  await trx.updateTable('govAction').set({ status }).where('id', '=', id).execute()
}

export async function insertPaper(trx: Trx, values: Insertable<GovPaperTable>): Promise<string> {
  const { id } = await trx
    .insertInto('govPaper')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

/** Replaces the attendance of these members at the meeting with the entries given. */
export async function replaceAttendance(
  trx: Trx,
  meetingId: string,
  rows: Insertable<GovAttendanceTable>[],
) {
  if (!rows.length) return
  await trx
    .deleteFrom('govAttendance')
    .where('meetingId', '=', meetingId)
    .where(
      'membershipId',
      'in',
      rows.map(row => row.membershipId),
    )
    .execute()
  await trx.insertInto('govAttendance').values(rows).execute()
}
