import { sql, type Insertable, type Updateable } from 'kysely'
import type { Trx } from '../../db/database.js'
import type {
  ConferenceInvitationTable,
  ConferenceTable,
  ProtectionSettingTable,
  StrategyParticipantTable,
} from './table.js'
import { DEFAULT_PROTECTION_TIMESCALES, type ProtectionTimescales } from './timescales.js'
export { listActiveAgencies, listAgencies as listAgencyNames } from '../../platform/directory.js'

// ---- Children, episodes, agencies and people ---------------------------------------------------

export function findChild(trx: Trx, partnershipId: string, id: string) {
  return (
    trx
      .selectFrom('child')
      .select([
        'id',
        'laChildId',
        'givenName',
        'familyName',
        'birthDate',
        'expectedBirthDate',
        'deathDate',
      ])
      .where('partnershipId', '=', partnershipId)
      .where('id', '=', id)
      // A duplicate merged into another record is hidden; its journey moved with it.
      .where('mergedIntoId', 'is', null)
      .executeTakeFirst()
  )
}

/** The child's open CIN episode with further action (the newest, if the census holds several). */
export function findOpenEpisode(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('cinEpisode')
    .select(['id', 'referralDate'])
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', childId)
    .where('closureDate', 'is', null)
    .where(eb => eb.or([eb('referralNfa', 'is', null), eb('referralNfa', '=', false)]))
    .orderBy('referralDate', 'desc')
    .executeTakeFirst()
}

/** People holding one of the roles in the partnership, by name. */
export function listUsersWithRoles(trx: Trx, partnershipId: string, roles: string[]) {
  return trx
    .selectFrom('roleGrant')
    .innerJoin('appUser', 'appUser.id', 'roleGrant.userId')
    .select(['appUser.id', 'appUser.displayName'])
    .distinct()
    .where('roleGrant.partnershipId', '=', partnershipId)
    .where('roleGrant.role', 'in', roles)
    .where('appUser.disabledAt', 'is', null)
    .orderBy('appUser.displayName')
    .execute()
}

/** The team a worker works in (the first by name, when several), for trays and caseloads. */
export async function findTeamOfUser(trx: Trx, partnershipId: string, userId: string) {
  const row = await trx
    .selectFrom('teamMember')
    .innerJoin('team', 'team.id', 'teamMember.teamId')
    .select('team.id')
    .where('teamMember.partnershipId', '=', partnershipId)
    .where('teamMember.userId', '=', userId)
    .where('team.isActive', '=', true)
    .orderBy('team.name')
    .executeTakeFirst()
  return row?.id ?? null
}

export function listUserNames(trx: Trx, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return trx.selectFrom('appUser').select(['id', 'displayName']).where('id', 'in', ids).execute()
}

/** A decided referral that linked the child, for a strategy discussion recorded from it. */
export function findReferralOfChild(
  trx: Trx,
  partnershipId: string,
  referralId: string,
  childId: string,
) {
  return trx
    .selectFrom('referral')
    .innerJoin('referralChild', 'referralChild.referralId', 'referral.id')
    .select(['referral.id', 'referral.reference', 'referral.status', 'referral.decision'])
    .where('referral.partnershipId', '=', partnershipId)
    .where('referral.id', '=', referralId)
    .where('referralChild.childId', '=', childId)
    .executeTakeFirst()
}

// ---- Settings ---------------------------------------------------------------------------------

export async function findTimescales(
  trx: Trx,
  partnershipId: string,
): Promise<ProtectionTimescales> {
  const row = await trx
    .selectFrom('protectionSetting')
    .select([
      'icpcWorkingDays',
      'coreGroupWorkingDays',
      'firstReviewMonths',
      'reviewIntervalMonths',
      'reportDueWorkingDays',
      'preBirthIcpcByWeek',
      'preBirthReviewWorkingDays',
    ])
    .where('partnershipId', '=', partnershipId)
    .executeTakeFirst()
  return row ?? { ...DEFAULT_PROTECTION_TIMESCALES }
}

export function upsertTimescales(
  trx: Trx,
  values: Insertable<ProtectionSettingTable> & ProtectionTimescales,
) {
  const { partnershipId: _partnershipId, ...update } = values
  return trx
    .insertInto('protectionSetting')
    .values(values)
    .onConflict(conflict =>
      conflict.column('partnershipId').doUpdateSet({ ...update, updatedAt: new Date() }),
    )
    .execute()
}

// ---- Strategy discussions ---------------------------------------------------------------------

export function insertStrategyDiscussion(
  trx: Trx,
  values: {
    partnershipId: string
    childId: string
    episodeId: string
    referralId: string | null
    heldOn: string
    preBirth: boolean
    reason: string
    outcome: 'section-47' | 'assessment' | 'no-further-action'
    outcomeNotes: string | null
    leadWorkerId: string | null
    teamId: string | null
    recordedBy: string
  },
) {
  return trx
    .insertInto('strategyDiscussion')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function insertParticipants(trx: Trx, rows: Insertable<StrategyParticipantTable>[]) {
  return trx.insertInto('strategyParticipant').values(rows).execute()
}

export function findStrategyDiscussion(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('strategyDiscussion')
    .leftJoin('appUser as lead', 'lead.id', 'strategyDiscussion.leadWorkerId')
    .leftJoin('referral', 'referral.id', 'strategyDiscussion.referralId')
    .selectAll('strategyDiscussion')
    .select(['lead.displayName as leadWorkerName', 'referral.reference as referralReference'])
    .where('strategyDiscussion.partnershipId', '=', partnershipId)
    .where('strategyDiscussion.id', '=', id)
    .executeTakeFirst()
}

export function listParticipants(trx: Trx, partnershipId: string, discussionIds: string[]) {
  if (discussionIds.length === 0) return Promise.resolve([])
  return trx
    .selectFrom('strategyParticipant')
    .innerJoin('agency', 'agency.id', 'strategyParticipant.agencyId')
    .select([
      'strategyParticipant.strategyDiscussionId',
      'strategyParticipant.personName',
      'strategyParticipant.roleTitle',
      'agency.name as agencyName',
    ])
    .where('strategyParticipant.partnershipId', '=', partnershipId)
    .where('strategyParticipant.strategyDiscussionId', 'in', discussionIds)
    .orderBy('agency.name')
    .execute()
}

export function listStrategyDiscussionsOfChild(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('strategyDiscussion')
    .select(['id', 'heldOn', 'outcome', 'preBirth', 'episodeId'])
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', childId)
    .orderBy('heldOn')
    .orderBy('recordedAt')
    .execute()
}

/** The latest strategy discussion date of the child on or after a date (an enquiry's start). */
export async function latestStrategyDate(
  trx: Trx,
  partnershipId: string,
  childId: string,
  since: string,
): Promise<string | null> {
  const row = await trx
    .selectFrom('strategyDiscussion')
    .select(eb => eb.fn.max('heldOn').as('latest'))
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', childId)
    .where('heldOn', '>=', since)
    .executeTakeFirst()
  return row?.latest ?? null
}

// ---- Section 47 enquiries ---------------------------------------------------------------------

const SECTION47_COLUMNS = [
  'section47.id',
  'section47.episodeId',
  'section47.startDate',
  'section47.icpcTargetDate',
  'section47.dateOfInitialCpc',
  'section47.icpcNotRequired',
  'section47.strategyDiscussionId',
  'section47.leadWorkerId',
  'section47.completedOn',
  'section47.outcome',
  'cinEpisode.childId',
  'cinEpisode.referralDate',
] as const

/**
 * The episode's enquiry still waiting for its initial conference: no conference date and not
 * marked as needing none (census rule 8839 allows one such enquiry per episode).
 */
export function findOpenSection47(trx: Trx, partnershipId: string, episodeId: string) {
  return trx
    .selectFrom('section47')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'section47.episodeId')
    .select(SECTION47_COLUMNS)
    .where('section47.partnershipId', '=', partnershipId)
    .where('section47.episodeId', '=', episodeId)
    .where('section47.dateOfInitialCpc', 'is', null)
    .where(eb =>
      eb.or([
        eb('section47.icpcNotRequired', 'is', null),
        eb('section47.icpcNotRequired', '=', false),
      ]),
    )
    .orderBy('section47.startDate', 'desc')
    .forUpdate(['section47'])
    .executeTakeFirst()
}

export function findSection47(trx: Trx, partnershipId: string, id: string, lock = false) {
  const query = trx
    .selectFrom('section47')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'section47.episodeId')
    .select(SECTION47_COLUMNS)
    .where('section47.partnershipId', '=', partnershipId)
    .where('section47.id', '=', id)
  return (lock ? query.forUpdate(['section47']) : query).executeTakeFirst()
}

export function listSection47sOfChild(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('section47')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'section47.episodeId')
    .select(SECTION47_COLUMNS)
    .where('section47.partnershipId', '=', partnershipId)
    .where('cinEpisode.childId', '=', childId)
    .orderBy('section47.startDate')
    .execute()
}

export function insertSection47(
  trx: Trx,
  values: {
    partnershipId: string
    episodeId: string
    startDate: string
    icpcTargetDate: string
    strategyDiscussionId: string
    leadWorkerId: string | null
  },
) {
  return trx
    .insertInto('section47')
    .values({ ...values, dateOfInitialCpc: null, icpcNotRequired: false })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function updateSection47(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: {
    icpcTargetDate?: string
    dateOfInitialCpc?: string
    icpcNotRequired?: boolean
    completedOn?: string
    outcome?: 'conference' | 'no-conference-cin-plan' | 'no-conference-no-further-action'
  },
) {
  return trx
    .updateTable('section47')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

// ---- Conferences and invitations --------------------------------------------------------------

export function insertConference(trx: Trx, values: Insertable<ConferenceTable>) {
  return trx.insertInto('conference').values(values).returning('id').executeTakeFirstOrThrow()
}

export function findConference(trx: Trx, partnershipId: string, id: string, lock = false) {
  const query = trx
    .selectFrom('conference')
    .innerJoin('child', 'child.id', 'conference.childId')
    .leftJoin('appUser as chair', 'chair.id', 'conference.chairId')
    .selectAll('conference')
    .select([
      'child.givenName',
      'child.familyName',
      'child.laChildId',
      'chair.displayName as chairName',
    ])
    .where('conference.partnershipId', '=', partnershipId)
    .where('conference.id', '=', id)
  return (lock ? query.forUpdate(['conference']) : query).executeTakeFirst()
}

export function updateConference(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: Updateable<ConferenceTable>,
) {
  return trx
    .updateTable('conference')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

/** Open conferences (to schedule or scheduled) of an enquiry or a plan. */
export function listOpenConferences(
  trx: Trx,
  partnershipId: string,
  of: { section47Id: string } | { planId: string },
) {
  let query = trx
    .selectFrom('conference')
    .select(['id', 'status', 'targetDate'])
    .where('partnershipId', '=', partnershipId)
    .where('status', 'in', ['to-schedule', 'scheduled'])
  query =
    'section47Id' in of
      ? query.where('section47Id', '=', of.section47Id)
      : query.where('planId', '=', of.planId)
  return query.execute()
}

export function listConferencesOfChild(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('conference')
    .select([
      'id',
      'kind',
      'status',
      'targetDate',
      'scheduledAt',
      'heldOn',
      'outcome',
      'category',
      'section47Id',
      'planId',
    ])
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', childId)
    .orderBy('targetDate')
    .execute()
}

export function listConferencesOfPlan(trx: Trx, partnershipId: string, planId: string) {
  return trx
    .selectFrom('conference')
    .select(['id', 'kind', 'status', 'targetDate', 'scheduledAt', 'heldOn', 'outcome'])
    .where('partnershipId', '=', partnershipId)
    .where('planId', '=', planId)
    .orderBy('targetDate')
    .execute()
}

export function listConferences(
  trx: Trx,
  partnershipId: string,
  filter: { show: string; today: string; limit: number },
) {
  let query = trx
    .selectFrom('conference')
    .innerJoin('child', 'child.id', 'conference.childId')
    .leftJoin('appUser as chair', 'chair.id', 'conference.chairId')
    .select([
      'conference.id',
      'conference.kind',
      'conference.status',
      'conference.targetDate',
      'conference.scheduledAt',
      'conference.heldOn',
      'conference.outcome',
      'conference.category',
      'conference.venue',
      'conference.preBirth',
      'child.id as childId',
      'child.laChildId',
      'child.givenName',
      'child.familyName',
      'chair.displayName as chairName',
    ])
    .where('conference.partnershipId', '=', partnershipId)
  switch (filter.show) {
    case 'to-schedule':
      query = query.where('conference.status', '=', 'to-schedule')
      break
    case 'upcoming':
      query = query.where('conference.status', '=', 'scheduled')
      break
    case 'held':
      query = query.where('conference.status', '=', 'held')
      break
    case 'overdue':
      // Not held by its target: still open after the target date, or held after it.
      query = query.where(eb =>
        eb.or([
          eb.and([
            eb('conference.status', 'in', ['to-schedule', 'scheduled']),
            eb('conference.targetDate', '<', filter.today),
          ]),
          eb.and([
            eb('conference.status', '=', 'held'),
            eb('conference.heldOn', '>', eb.ref('conference.targetDate')),
          ]),
        ]),
      )
      break
  }
  return query
    .orderBy(sql`case conference.status when 'held' then 1 when 'cancelled' then 2 else 0 end`)
    .orderBy('conference.targetDate')
    .orderBy('conference.id')
    .limit(filter.limit)
    .execute()
}

export function insertInvitations(trx: Trx, rows: Insertable<ConferenceInvitationTable>[]) {
  return trx.insertInto('conferenceInvitation').values(rows).returning(['id', 'agencyId']).execute()
}

export function listInvitations(trx: Trx, partnershipId: string, conferenceId: string) {
  return trx
    .selectFrom('conferenceInvitation')
    .innerJoin('agency', 'agency.id', 'conferenceInvitation.agencyId')
    .selectAll('conferenceInvitation')
    .select('agency.name as agencyName')
    .where('conferenceInvitation.partnershipId', '=', partnershipId)
    .where('conferenceInvitation.conferenceId', '=', conferenceId)
    .orderBy('agency.name')
    .orderBy('conferenceInvitation.createdAt')
    .execute()
}

export function updateInvitation(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: Updateable<ConferenceInvitationTable>,
) {
  return trx
    .updateTable('conferenceInvitation')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

export function setReportsDue(
  trx: Trx,
  partnershipId: string,
  conferenceId: string,
  reportDueAt: Date,
) {
  return trx
    .updateTable('conferenceInvitation')
    .set({ reportDueAt })
    .where('partnershipId', '=', partnershipId)
    .where('conferenceId', '=', conferenceId)
    .where('reportRequested', '=', true)
    .execute()
}

// ---- Plans and core groups --------------------------------------------------------------------

const PLAN_COLUMNS = [
  'childProtectionPlan.id',
  'childProtectionPlan.episodeId',
  'childProtectionPlan.startDate',
  'childProtectionPlan.endDate',
  'childProtectionPlan.initialCategory',
  'childProtectionPlan.latestCategory',
  'childProtectionPlan.numberOfPreviousPlans',
  // date[] arrives as Date objects from pg: as text, the dates stay 'YYYY-MM-DD' on both drivers.
  sql<string[]>`child_protection_plan.review_dates::text[]`.as('reviewDates'),
  'childProtectionPlan.initialConferenceId',
  'childProtectionPlan.endingConferenceId',
  'childProtectionPlan.endReason',
  'childProtectionPlan.endReasonNotes',
  'childProtectionPlan.preBirth',
  'childProtectionPlan.leadWorkerId',
  'cinEpisode.childId',
] as const

export function findPlan(trx: Trx, partnershipId: string, id: string, lock = false) {
  const query = trx
    .selectFrom('childProtectionPlan')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'childProtectionPlan.episodeId')
    .select(PLAN_COLUMNS)
    .where('childProtectionPlan.partnershipId', '=', partnershipId)
    .where('childProtectionPlan.id', '=', id)
  return (lock ? query.forUpdate(['childProtectionPlan']) : query).executeTakeFirst()
}

export function listPlansOfChild(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('childProtectionPlan')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'childProtectionPlan.episodeId')
    .select(PLAN_COLUMNS)
    .where('childProtectionPlan.partnershipId', '=', partnershipId)
    .where('cinEpisode.childId', '=', childId)
    .orderBy('childProtectionPlan.startDate')
    .execute()
}

export function insertPlan(
  trx: Trx,
  values: {
    partnershipId: string
    episodeId: string
    startDate: string
    initialCategory: string
    latestCategory: string
    numberOfPreviousPlans: number
    initialConferenceId: string
    preBirth: boolean
    leadWorkerId: string | null
    teamId: string | null
  },
) {
  return trx
    .insertInto('childProtectionPlan')
    .values({ ...values, endDate: null })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function updatePlan(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: {
    endDate?: string
    latestCategory?: string
    reviewDates?: string[]
    endingConferenceId?: string | null
    endReason?:
      'no-longer-at-risk' | 'moved-area' | 'looked-after' | 'reached-18' | 'died' | 'other'
    endReasonNotes?: string | null
  },
) {
  return trx
    .updateTable('childProtectionPlan')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

export function listCoreGroups(trx: Trx, partnershipId: string, planId: string) {
  return trx
    .selectFrom('coreGroupMeeting')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('planId', '=', planId)
    .orderBy('heldOn')
    .execute()
}

export function insertCoreGroup(
  trx: Trx,
  values: {
    partnershipId: string
    planId: string
    heldOn: string
    agenciesPresent: string[]
    notes: string | null
    recordedBy: string
  },
) {
  return trx
    .insertInto('coreGroupMeeting')
    .values(values)
    .onConflict(conflict => conflict.columns(['planId', 'heldOn']).doNothing())
    .returning('id')
    .executeTakeFirst()
}
