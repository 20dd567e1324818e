/**
 * The dataset's queries. Each counts rows with SQL aggregation; where a figure needs the
 * partnership's working-day calendar (kept in the app, with its extra bank holidays), the query
 * groups rows by the dates the rule needs and counts each group, so the service applies the rule
 * once per distinct pair of dates. No query returns a child's name or id.
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import type { IsoDate } from '../../platform/working-days.js'

/** A period as the queries see it: calendar dates, and London midnights for timestamps. */
export interface Bounds {
  partnershipId: string
  from: IsoDate
  to: IsoDate
  /** London midnight at the start of `from`. */
  start: Date
  /** London midnight at the end of `to` (exclusive). */
  end: Date
}

const count = sql<number>`count(*)::int`
const countWhere = (condition: ReturnType<typeof sql>) =>
  sql<number>`(count(*) filter (where ${condition}))::int`

/** A timestamp's calendar date in London, where the partnership works. */
const londonDate = (column: string) =>
  sql<IsoDate | null>`(${sql.ref(column)} at time zone 'Europe/London')::date`

// ---- Front door ----------------------------------------------------------------------------

export function countReferralsReceived(trx: Trx, bounds: Bounds) {
  return trx
    .selectFrom('referral')
    .select(['source', 'ragRating', count.as('count')])
    .where('partnershipId', '=', bounds.partnershipId)
    .where('receivedAt', '>=', bounds.start)
    .where('receivedAt', '<', bounds.end)
    .groupBy(['source', 'ragRating'])
    .execute()
}

/**
 * Final decisions made in the period, grouped by the London dates of receipt and decision, by
 * whether the decision's London time of day was no later than the receipt's, and by outcome.
 */
export function countDecisionTimes(trx: Trx, bounds: Bounds) {
  const receivedOn = sql<IsoDate>`(referral.received_at at time zone 'Europe/London')::date`
  const decidedOn = sql<IsoDate>`(referral.decided_at at time zone 'Europe/London')::date`
  const isByTimeOfReceipt = sql<boolean>`(referral.decided_at at time zone 'Europe/London')::time
    <= (referral.received_at at time zone 'Europe/London')::time`
  return trx
    .selectFrom('referral')
    .select([
      receivedOn.as('receivedOn'),
      decidedOn.as('decidedOn'),
      isByTimeOfReceipt.as('isByTimeOfReceipt'),
      'decision',
      count.as('count'),
    ])
    .where('partnershipId', '=', bounds.partnershipId)
    .where('status', '=', 'decided')
    .where('decidedAt', '>=', bounds.start)
    .where('decidedAt', '<', bounds.end)
    .groupBy([receivedOn, decidedOn, isByTimeOfReceipt, 'decision'])
    .execute()
}

export function countReferredChildren(trx: Trx, bounds: Bounds) {
  return trx
    .selectFrom('referralChild')
    .innerJoin('referral', 'referral.id', 'referralChild.referralId')
    .select([
      count.as('referred'),
      countWhere(sql`referral_child.previous_referral_on is not null`).as('reReferred'),
    ])
    .where('referralChild.partnershipId', '=', bounds.partnershipId)
    .where('referral.receivedAt', '>=', bounds.start)
    .where('referral.receivedAt', '<', bounds.end)
    .executeTakeFirstOrThrow()
}

export function countChecksByAgency(trx: Trx, bounds: Bounds) {
  return trx
    .selectFrom('referralCheck')
    .innerJoin('agency', 'agency.id', 'referralCheck.agencyId')
    .select([
      'agency.id as agencyId',
      'agency.name as agencyName',
      count.as('due'),
      countWhere(sql`referral_check.answered_at <= referral_check.due_at`).as('onTime'),
      countWhere(sql`referral_check.answered_at > referral_check.due_at`).as('late'),
      countWhere(sql`referral_check.answered_at is null`).as('unanswered'),
    ])
    .where('referralCheck.partnershipId', '=', bounds.partnershipId)
    .where('referralCheck.dueAt', '>=', bounds.start)
    .where('referralCheck.dueAt', '<', bounds.end)
    .groupBy(['agency.id', 'agency.name'])
    .orderBy('agency.name')
    .execute()
}

// ---- Assessments ---------------------------------------------------------------------------

/** Assessments authorised in the period, grouped by their episode's referral date. */
export function countAuthorisedAssessments(trx: Trx, bounds: Bounds) {
  return trx
    .selectFrom('assessment')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'assessment.episodeId')
    .select([
      'cinEpisode.referralDate',
      sql<IsoDate>`assessment.authorisation_date`.as('authorisationDate'),
      count.as('count'),
    ])
    .where('assessment.partnershipId', '=', bounds.partnershipId)
    .where('assessment.authorisationDate', '>=', bounds.from)
    .where('assessment.authorisationDate', '<=', bounds.to)
    .groupBy(['cinEpisode.referralDate', 'assessment.authorisationDate'])
    .execute()
}

/**
 * Assessments open at the period's end (started by then, not authorised by then, in an episode
 * not closed by then), grouped by their episode's referral date.
 */
export function countOpenAssessments(trx: Trx, bounds: Bounds) {
  return trx
    .selectFrom('assessment')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'assessment.episodeId')
    .select(['cinEpisode.referralDate', count.as('count')])
    .where('assessment.partnershipId', '=', bounds.partnershipId)
    .where('assessment.startDate', '<=', bounds.to)
    .where(eb =>
      eb.or([
        eb('assessment.authorisationDate', 'is', null),
        eb('assessment.authorisationDate', '>', bounds.to),
      ]),
    )
    .where(eb =>
      eb.or([
        eb('cinEpisode.closureDate', 'is', null),
        eb('cinEpisode.closureDate', '>', bounds.to),
      ]),
    )
    .groupBy('cinEpisode.referralDate')
    .execute()
}

// ---- Section 47 enquiries and conferences -------------------------------------------------

export async function countSection47Started(trx: Trx, bounds: Bounds): Promise<number> {
  const row = await trx
    .selectFrom('section47')
    .select(count.as('count'))
    .where('partnershipId', '=', bounds.partnershipId)
    .where('startDate', '>=', bounds.from)
    .where('startDate', '<=', bounds.to)
    .executeTakeFirstOrThrow()
  return row.count
}

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

export function countProtectionPlans(trx: Trx, bounds: Bounds) {
  const { from, to } = bounds
  const started = sql`start_date between ${from} and ${to}`
  const ended = sql`end_date between ${from} and ${to}`
  return trx
    .selectFrom('childProtectionPlan')
    .select([
      'initialCategory',
      countWhere(started).as('started'),
      countWhere(sql`${started} and number_of_previous_plans > 0`).as('startedAgain'),
      countWhere(ended).as('ended'),
      countWhere(sql`${ended} and end_date - start_date >= 729`).as('endedAfterTwoYears'),
      countWhere(sql`start_date <= ${to} and (end_date is null or end_date > ${to})`).as(
        'openAtEnd',
      ),
    ])
    .where('partnershipId', '=', bounds.partnershipId)
    .groupBy('initialCategory')
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
