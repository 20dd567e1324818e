/**
 * Counts of the census-aligned records for the multi-agency dataset (ADR 0005: offered through
 * queries.ts): assessments, Section 47 enquiries and plans in a period. Aggregates only.
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import { count, countWhere, type PeriodBounds as Bounds } from '../../platform/period-counts.js'
import type { IsoDate } from '../../platform/working-days.js'

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
