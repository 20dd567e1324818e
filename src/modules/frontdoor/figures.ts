/**
 * The front door's counts for the multi-agency dataset (ADR 0005: offered through queries.ts):
 * contacts received, decisions and agency checks in a period, grouped so that the dataset applies
 * its working-day rules once per group. Aggregates only: no child.
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import { count, countWhere, type PeriodBounds as Bounds } from '../../platform/period-counts.js'
import type { IsoDate } from '../../platform/working-days.js'

/** Contacts received; one joined to the first contact about the child is not counted again. */
export function countReferralsReceived(trx: Trx, bounds: Bounds) {
  return trx
    .selectFrom('referral')
    .select(['source', 'ragRating', count.as('count')])
    .where('partnershipId', '=', bounds.partnershipId)
    .where('receivedAt', '>=', bounds.start)
    .where('receivedAt', '<', bounds.end)
    .where('duplicateOfId', 'is', null)
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
