/** Child protection plans and core groups. */
import { sql } from 'kysely'
import type { Trx } from '../../../db/database.js'
import type { PlanEndReason } from '../table.js'

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
    endReason?: PlanEndReason
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
