/**
 * What the work tray reads of the child's journey (ADR 0005): conferences to hold, plans without
 * a core group, agencies' reports owed, assessments to complete and CIN plan reviews. Plain rows;
 * the work tray decides whose they are, and uses `timescales.ts` for when they are due.
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import { CHILD_DISPLAY_NAME } from '../children/queries.js'
import { DEFAULT_PROTECTION_TIMESCALES, type ProtectionTimescales } from './timescales.js'

/** Conferences to schedule or coming up, with who chairs them and who leads the child's work. */
export function listConferencesToHold(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('conference')
    .innerJoin('child', 'child.id', 'conference.childId')
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
      'child.id as childId',
      'child.laChildId',
      CHILD_DISPLAY_NAME.as('childName'),
      'section47.leadWorkerId as enquiryLeadWorkerId',
      'strategyDiscussion.leadWorkerId as strategyLeadWorkerId',
      'strategyDiscussion.teamId as strategyTeamId',
      'childProtectionPlan.leadWorkerId as planLeadWorkerId',
      'childProtectionPlan.teamId as planTeamId',
    ])
    .where('conference.partnershipId', '=', partnershipId)
    .where('conference.status', 'in', ['to-schedule', 'scheduled'])
    .execute()
}

/** Current plans with no core group meeting yet, and the initial conference that made them. */
export function listPlansWithoutCoreGroup(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('childProtectionPlan')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'childProtectionPlan.episodeId')
    .innerJoin('child', 'child.id', 'cinEpisode.childId')
    .leftJoin('conference', 'conference.id', 'childProtectionPlan.initialConferenceId')
    .select([
      'childProtectionPlan.id',
      'childProtectionPlan.startDate',
      'childProtectionPlan.leadWorkerId',
      'childProtectionPlan.teamId',
      'conference.heldOn as icpcHeldOn',
      'child.id as childId',
      'child.laChildId',
      CHILD_DISPLAY_NAME.as('childName'),
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
}

/** Agencies' reports requested for conferences still to come, not yet received. */
export function listReportsOwed(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('conferenceInvitation')
    .innerJoin('conference', 'conference.id', 'conferenceInvitation.conferenceId')
    .innerJoin('child', 'child.id', 'conference.childId')
    .select([
      'conferenceInvitation.id',
      'conferenceInvitation.agencyId',
      'conferenceInvitation.reportDueAt',
      'conference.targetDate',
      'conference.scheduledAt',
      'child.id as childId',
      'child.laChildId',
      CHILD_DISPLAY_NAME.as('childName'),
    ])
    .where('conferenceInvitation.partnershipId', '=', partnershipId)
    .where('conferenceInvitation.reportRequested', '=', true)
    .where('conferenceInvitation.reportReceivedAt', 'is', null)
    .where('conference.status', 'in', ['to-schedule', 'scheduled'])
    .execute()
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
export function listAssessmentsInProgress(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('assessment')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'assessment.episodeId')
    .innerJoin('child', 'child.id', 'cinEpisode.childId')
    .select([
      'assessment.id',
      'assessment.startDate',
      'assessment.leadWorkerId',
      'assessment.submittedAt',
      'child.id as childId',
      'child.laChildId',
      CHILD_DISPLAY_NAME.as('childName'),
    ])
    .where('assessment.partnershipId', '=', partnershipId)
    .where('assessment.authorisationDate', 'is', null)
    .where('cinEpisode.closureDate', 'is', null)
    .where('child.mergedIntoId', 'is', null)
    .execute()
}

/** Open CIN plans, with the date of their last review (or start) and their lead worker. */
export function listOpenCinPlans(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('cinPlan')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'cinPlan.episodeId')
    .innerJoin('child', 'child.id', 'cinEpisode.childId')
    .select([
      'cinPlan.id',
      sql<string>`coalesce(cin_plan.review_dates[array_upper(cin_plan.review_dates, 1)], cin_plan.start_date)::text`.as(
        'lastReviewedOn',
      ),
      'cinPlan.leadWorkerId',
      'child.id as childId',
      'child.laChildId',
      CHILD_DISPLAY_NAME.as('childName'),
    ])
    .where('cinPlan.partnershipId', '=', partnershipId)
    .where('cinPlan.endDate', 'is', null)
    .where('child.mergedIntoId', 'is', null)
    .execute()
}
