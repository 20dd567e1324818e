/**
 * What the work tray reads of the child's journey (ADR 0005): conferences to hold, plans without
 * a core group, agencies' reports owed, assessments to complete and CIN plan reviews. Plain rows;
 * the work tray decides whose they are, and uses `timescales.ts` for when they are due.
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import { childDisplayName, withChildren } from '../children/queries.js'
import { DEFAULT_PROTECTION_TIMESCALES, type ProtectionTimescales } from './timescales.js'

/**
 * The rows with their child's LA child ID and name, read through the children module's
 * `queries.ts`; with `current`, rows of a duplicate merged into another record are left out.
 */
async function withChildNames<R extends { childId: string }>(
  trx: Trx,
  rows: R[],
  { current = false } = {},
) {
  const joined = await withChildren(trx, rows, [
    'laChildId',
    'givenName',
    'familyName',
    'mergedIntoId',
  ])
  return joined
    .filter(row => !current || row.mergedIntoId === null)
    .map(({ givenName, familyName, mergedIntoId: _merged, ...row }) => ({
      ...row,
      childName: childDisplayName({ givenName, familyName }),
    }))
}

/** Conferences to schedule or coming up, with who chairs them and who leads the child's work. */
export async function listConferencesToHold(trx: Trx, partnershipId: string) {
  const rows = await trx
    .selectFrom('conference')
    .leftJoin('section47', 'section47.id', 'conference.section47Id')
    .leftJoin('strategyDiscussion', 'strategyDiscussion.id', 'section47.strategyDiscussionId')
    .leftJoin('childProtectionPlan', 'childProtectionPlan.id', 'conference.planId')
    .select([
      'conference.id',
      'conference.kind',
      'conference.status',
      'conference.targetDate',
      'conference.scheduledAt',
      'conference.chairId',
      'conference.createdBy',
      'conference.childId',
      'section47.leadWorkerId as enquiryLeadWorkerId',
      'strategyDiscussion.leadWorkerId as strategyLeadWorkerId',
      'strategyDiscussion.teamId as strategyTeamId',
      'childProtectionPlan.leadWorkerId as planLeadWorkerId',
      'childProtectionPlan.teamId as planTeamId',
    ])
    .where('conference.partnershipId', '=', partnershipId)
    .where('conference.status', 'in', ['to-schedule', 'scheduled'])
    .execute()
  return withChildNames(trx, rows)
}

/** Current plans with no core group meeting yet, and the initial conference that made them. */
export async function listPlansWithoutCoreGroup(trx: Trx, partnershipId: string) {
  const rows = await trx
    .selectFrom('childProtectionPlan')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'childProtectionPlan.episodeId')
    .leftJoin('conference', 'conference.id', 'childProtectionPlan.initialConferenceId')
    .select([
      'childProtectionPlan.id',
      'childProtectionPlan.startDate',
      'childProtectionPlan.leadWorkerId',
      'childProtectionPlan.teamId',
      'conference.heldOn as icpcHeldOn',
      'cinEpisode.childId',
    ])
    .where('childProtectionPlan.partnershipId', '=', partnershipId)
    .where('childProtectionPlan.endDate', 'is', null)
    .where(eb =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('coreGroupMeeting')
            .select('coreGroupMeeting.id')
            .whereRef('coreGroupMeeting.planId', '=', 'childProtectionPlan.id'),
        ),
      ),
    )
    .execute()
  return withChildNames(trx, rows)
}

/** Agencies' reports requested for conferences still to come, not yet received. */
export async function listReportsOwed(trx: Trx, partnershipId: string) {
  const rows = await trx
    .selectFrom('conferenceInvitation')
    .innerJoin('conference', 'conference.id', 'conferenceInvitation.conferenceId')
    .select([
      'conferenceInvitation.id',
      'conferenceInvitation.agencyId',
      'conferenceInvitation.reportDueAt',
      'conference.targetDate',
      'conference.scheduledAt',
      'conference.childId',
    ])
    .where('conferenceInvitation.partnershipId', '=', partnershipId)
    .where('conferenceInvitation.reportRequested', '=', true)
    .where('conferenceInvitation.reportReceivedAt', 'is', null)
    .where('conference.status', 'in', ['to-schedule', 'scheduled'])
    .execute()
  return withChildNames(trx, rows)
}

/** The partnership's protection timescales, or the statutory defaults. */
export async function protectionTimescalesOf(
  trx: Trx,
  partnershipId: string,
): Promise<ProtectionTimescales> {
  const row = await trx
    .selectFrom('protectionSetting')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .executeTakeFirst()
  return row
    ? {
        icpcWorkingDays: row.icpcWorkingDays,
        coreGroupWorkingDays: row.coreGroupWorkingDays,
        firstReviewMonths: row.firstReviewMonths,
        reviewIntervalMonths: row.reviewIntervalMonths,
        reportDueWorkingDays: row.reportDueWorkingDays,
        preBirthIcpcByWeek: row.preBirthIcpcByWeek,
        preBirthReviewWorkingDays: row.preBirthReviewWorkingDays,
        visitWorkingDays: row.visitWorkingDays,
      }
    : DEFAULT_PROTECTION_TIMESCALES
}

/** Assessments not yet authorised, with the child and the worker who leads them. */
export async function listAssessmentsInProgress(trx: Trx, partnershipId: string) {
  const rows = await trx
    .selectFrom('assessment')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'assessment.episodeId')
    .select([
      'assessment.id',
      'assessment.startDate',
      'assessment.leadWorkerId',
      'assessment.submittedAt',
      'cinEpisode.childId',
    ])
    .where('assessment.partnershipId', '=', partnershipId)
    .where('assessment.authorisationDate', 'is', null)
    .where('cinEpisode.closureDate', 'is', null)
    .execute()
  return withChildNames(trx, rows, { current: true })
}

/** Open CIN plans, with the date of their last review (or start) and their lead worker. */
export async function listOpenCinPlans(trx: Trx, partnershipId: string) {
  const rows = await trx
    .selectFrom('cinPlan')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'cinPlan.episodeId')
    .select([
      'cinPlan.id',
      sql<string>`coalesce(cin_plan.review_dates[array_upper(cin_plan.review_dates, 1)], cin_plan.start_date)::text`.as(
        'lastReviewedOn',
      ),
      'cinPlan.leadWorkerId',
      'cinEpisode.childId',
    ])
    .where('cinPlan.partnershipId', '=', partnershipId)
    .where('cinPlan.endDate', 'is', null)
    .execute()
  return withChildNames(trx, rows, { current: true })
}
