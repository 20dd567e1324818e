/**
 * Child protection's counts for the multi-agency dataset (ADR 0005: offered through queries.ts):
 * initial and review conferences, census-only plans' reviews, invitations by agency, and the
 * timescale settings. Aggregates only: no child.
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import { count, countWhere, type PeriodBounds as Bounds } from '../../platform/period-counts.js'
import type { IsoDate } from '../../platform/working-days.js'

/** A timestamp's calendar date in London, where the partnership works. */
const londonDate = (column: string) =>
  sql<IsoDate | null>`(${sql.ref(column)} at time zone 'Europe/London')::date`

/**
 * Initial conferences held in the period (the enquiry's date of initial conference), grouped by
 * the date their clock started: the linked strategy discussion, else the enquiry's start date.
 */
export function countInitialConferences(trx: Trx, bounds: Bounds) {
  const clockStart = sql<IsoDate>`coalesce(strategy_discussion.held_on, section47.start_date)`
  return trx
    .selectFrom('section47')
    .leftJoin('strategyDiscussion', 'strategyDiscussion.id', 'section47.strategyDiscussionId')
    .select([
      clockStart.as('clockStart'),
      sql<IsoDate>`section47.date_of_initial_cpc`.as('heldOn'),
      count.as('count'),
    ])
    .where('section47.partnershipId', '=', bounds.partnershipId)
    .where('section47.dateOfInitialCpc', '>=', bounds.from)
    .where('section47.dateOfInitialCpc', '<=', bounds.to)
    .groupBy([clockStart, 'section47.dateOfInitialCpc'])
    .execute()
}

export function countReviewConferences(trx: Trx, bounds: Bounds) {
  return trx
    .selectFrom('conference')
    .select([count.as('held'), countWhere(sql`held_on <= target_date`).as('onTime')])
    .where('partnershipId', '=', bounds.partnershipId)
    .where('kind', '=', 'review')
    .where('status', '=', 'held')
    .where('heldOn', '>=', bounds.from)
    .where('heldOn', '<=', bounds.to)
    .executeTakeFirstOrThrow()
}

/**
 * Plans known only from a census (no conference in Keepsafe made or reviews them) with a review
 * in the period: their start and review dates, grouped.
 */
export function countCensusOnlyPlanReviews(trx: Trx, bounds: Bounds) {
  const reviewDates = sql<IsoDate[]>`plan.review_dates::text[]`
  return (
    trx
      .selectFrom('childProtectionPlan as plan')
      // The drivers would turn date[] into Date objects; text keeps 'YYYY-MM-DD'.
      .select(['plan.startDate', reviewDates.as('reviewDates'), count.as('count')])
      .where('plan.partnershipId', '=', bounds.partnershipId)
      .where('plan.initialConferenceId', 'is', null)
      // NOT IN over the reviewed plans (a hashed subplan), not a correlated NOT EXISTS, which the
      // planner runs as a nested loop when its row estimates are stale.
      .where('plan.id', 'not in', eb =>
        eb
          .selectFrom('conference')
          .select('conference.planId')
          .where('conference.planId', 'is not', null),
      )
      .where(
        sql<boolean>`exists (select 1 from unnest(plan.review_dates) as review(day)
        where review.day between ${bounds.from} and ${bounds.to})`,
      )
      .groupBy(['plan.startDate', reviewDates])
      .execute()
  )
}

/**
 * Invitations to conferences held in the period, per agency, grouped by the conference day, the
 * London day the invitation was sent, whether a report was asked for and how it came, and
 * attendance.
 */
export function countInvitations(trx: Trx, bounds: Bounds) {
  const sentOn = londonDate('conference_invitation.sent_at')
  const report = sql<'not-requested' | 'missing' | 'on-time' | 'late'>`case
    when not conference_invitation.report_requested then 'not-requested'
    when conference_invitation.report_received_at is null then 'missing'
    when conference_invitation.report_due_at is null
      or conference_invitation.report_received_at <= conference_invitation.report_due_at
      then 'on-time'
    else 'late' end`
  return trx
    .selectFrom('conferenceInvitation')
    .innerJoin('conference', 'conference.id', 'conferenceInvitation.conferenceId')
    .innerJoin('agency', 'agency.id', 'conferenceInvitation.agencyId')
    .select([
      'agency.id as agencyId',
      'agency.name as agencyName',
      sql<IsoDate>`conference.held_on`.as('heldOn'),
      sentOn.as('sentOn'),
      report.as('report'),
      'conferenceInvitation.attendance',
      count.as('count'),
    ])
    .where('conferenceInvitation.partnershipId', '=', bounds.partnershipId)
    .where('conference.status', '=', 'held')
    .where('conference.heldOn', '>=', bounds.from)
    .where('conference.heldOn', '<=', bounds.to)
    .groupBy([
      'agency.id',
      'agency.name',
      'conference.heldOn',
      sentOn,
      report,
      'conferenceInvitation.attendance',
    ])
    .execute()
}

export function findProtectionSettings(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('protectionSetting')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .executeTakeFirst()
}
