/** What a child protection plan says (its versions), core group attendees, family at conferences. */
import type { Trx } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import type { ChildViews, CoreGroupAttendance, FamilyRelationship, PlanAction } from '../table.js'

const VERSION_COLUMNS = [
  'cpPlanVersion.id',
  'cpPlanVersion.planId',
  'cpPlanVersion.version',
  'cpPlanVersion.outcomes',
  'cpPlanVersion.actions',
  'cpPlanVersion.contingency',
  'cpPlanVersion.conferenceId',
  'cpPlanVersion.coreGroupMeetingId',
  'cpPlanVersion.recordedAt',
  'recorder.displayName as recordedByName',
] as const

/** Every version of a plan, the first first, with the London date it was recorded. */
export async function listPlanVersions(trx: Trx, partnershipId: string, planId: string) {
  const rows = await trx
    .selectFrom('cpPlanVersion')
    .innerJoin('appUser as recorder', 'recorder.id', 'cpPlanVersion.recordedBy')
    .select(VERSION_COLUMNS)
    .where('cpPlanVersion.partnershipId', '=', partnershipId)
    .where('cpPlanVersion.planId', '=', planId)
    .orderBy('cpPlanVersion.version')
    .execute()
  return rows.map(row => ({ ...row, recordedOn: londonToday(row.recordedAt) }))
}

export type PlanVersion = Awaited<ReturnType<typeof listPlanVersions>>[number]

export function insertPlanVersion(
  trx: Trx,
  values: {
    partnershipId: string
    planId: string
    version: number
    outcomes: string[]
    actions: PlanAction[]
    contingency: string
    conferenceId: string | null
    coreGroupMeetingId: string | null
    recordedBy: string
  },
) {
  return trx
    .insertInto('cpPlanVersion')
    .values({
      ...values,
      outcomes: JSON.stringify(values.outcomes),
      actions: JSON.stringify(values.actions),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function insertCoreGroupAttendees(
  trx: Trx,
  rows: {
    partnershipId: string
    meetingId: string
    personName: string
    agencyId: string
    attendance: CoreGroupAttendance
  }[],
) {
  if (rows.length === 0) return Promise.resolve([])
  return trx.insertInto('coreGroupAttendee').values(rows).execute()
}

export function listCoreGroupAttendees(trx: Trx, partnershipId: string, meetingIds: string[]) {
  if (meetingIds.length === 0) return Promise.resolve([])
  return trx
    .selectFrom('coreGroupAttendee')
    .select(['id', 'meetingId', 'personName', 'agencyId', 'attendance'])
    .where('partnershipId', '=', partnershipId)
    .where('meetingId', 'in', meetingIds)
    .orderBy('personName')
    .execute()
}

export function listFamilyMembers(trx: Trx, partnershipId: string, conferenceId: string) {
  return trx
    .selectFrom('conferenceFamilyMember')
    .select([
      'id',
      'name',
      'relationship',
      'invited',
      'attended',
      'childViews',
      'viewsNotGivenReason',
    ])
    .where('partnershipId', '=', partnershipId)
    .where('conferenceId', '=', conferenceId)
    .orderBy('recordedAt')
    .orderBy('name')
    .execute()
}

export function findFamilyMember(
  trx: Trx,
  partnershipId: string,
  conferenceId: string,
  id: string,
) {
  return trx
    .selectFrom('conferenceFamilyMember')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('conferenceId', '=', conferenceId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export interface FamilyMemberValues {
  name: string
  relationship: FamilyRelationship
  invited: boolean
  attended: boolean | null
  childViews: ChildViews | null
  viewsNotGivenReason: string | null
}

export function insertFamilyMember(
  trx: Trx,
  values: FamilyMemberValues & { partnershipId: string; conferenceId: string; recordedBy: string },
) {
  return trx
    .insertInto('conferenceFamilyMember')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function updateFamilyMember(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: Pick<FamilyMemberValues, 'attended' | 'childViews' | 'viewsNotGivenReason'>,
) {
  return trx
    .updateTable('conferenceFamilyMember')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}
