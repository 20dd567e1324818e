/** Assessments, CIN plans, episode closure, journey steps and plans known from elsewhere. */
import { sql, type Insertable, type Updateable } from 'kysely'
import type { Database, Trx } from '../../../db/database.js'
import { withChildren } from '../../children/queries.js'
import type { JourneyStepTable, PreviousProtectionPlanTable } from '../table.js'

type AssessmentTable = Database['assessment']
type CinEpisodeTable = Database['cinEpisode']
type CinPlanTable = Database['cinPlan']

// ---- Episodes ----------------------------------------------------------------------------------

const EPISODE_COLUMNS = [
  'id',
  'childId',
  'referralDate',
  'referralNfa',
  'closureDate',
  'reasonForClosure',
  'dateOfInitialCpc',
] as const

export function listEpisodesOfChild(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('cinEpisode')
    .select(EPISODE_COLUMNS)
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', childId)
    .orderBy('referralDate', 'desc')
    .execute()
}

export function findEpisode(trx: Trx, partnershipId: string, id: string, lock = false) {
  const query = trx
    .selectFrom('cinEpisode')
    .select(EPISODE_COLUMNS)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
  return (lock ? query.forUpdate() : query).executeTakeFirst()
}

export function updateEpisode(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: Updateable<CinEpisodeTable>,
) {
  return trx
    .updateTable('cinEpisode')
    .set({ ...values, updatedAt: new Date() })
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

/** The latest date anything happened in the episode (census rule 8565: nothing after closure). */
export async function lastActivityDate(trx: Trx, episodeId: string): Promise<string | null> {
  const row = await sql<{ last: string | null }>`
    select greatest(
      (select max(greatest(start_date, authorisation_date)) from assessment where episode_id = ${episodeId}),
      (select max(greatest(start_date, end_date)) from cin_plan where episode_id = ${episodeId}),
      (select max(greatest(start_date, date_of_initial_cpc)) from section47 where episode_id = ${episodeId}),
      (select max(greatest(start_date, end_date)) from child_protection_plan where episode_id = ${episodeId})
    )::text as last`.execute(trx)
  return row.rows[0]?.last ?? null
}

// ---- Assessments -------------------------------------------------------------------------------

const ASSESSMENT_COLUMNS = [
  'assessment.id',
  'assessment.episodeId',
  'assessment.startDate',
  'assessment.authorisationDate',
  'assessment.factors',
  'assessment.outcome',
  'assessment.leadWorkerId',
  'assessment.submittedBy',
  'assessment.submittedAt',
  'assessment.authorisedBy',
  'cinEpisode.childId',
  'cinEpisode.referralDate',
  'cinEpisode.closureDate',
] as const

export function listAssessmentsOfChild(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('assessment')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'assessment.episodeId')
    .select(ASSESSMENT_COLUMNS)
    .where('assessment.partnershipId', '=', partnershipId)
    .where('cinEpisode.childId', '=', childId)
    .orderBy('assessment.startDate', 'desc')
    .execute()
}

export function findAssessment(trx: Trx, partnershipId: string, id: string, lock = false) {
  const query = trx
    .selectFrom('assessment')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'assessment.episodeId')
    .select(ASSESSMENT_COLUMNS)
    .where('assessment.partnershipId', '=', partnershipId)
    .where('assessment.id', '=', id)
  return (lock ? query.forUpdate('assessment') : query).executeTakeFirst()
}

export function listAssessmentsOfEpisode(trx: Trx, partnershipId: string, episodeId: string) {
  return trx
    .selectFrom('assessment')
    .select(['id', 'startDate', 'authorisationDate', 'factors'])
    .where('partnershipId', '=', partnershipId)
    .where('episodeId', '=', episodeId)
    .orderBy('startDate')
    .execute()
}

export function insertAssessment(trx: Trx, values: Insertable<AssessmentTable>) {
  return trx.insertInto('assessment').values(values).returning('id').executeTakeFirstOrThrow()
}

export function updateAssessment(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: Updateable<AssessmentTable>,
) {
  return trx
    .updateTable('assessment')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

export async function selfAuthorisationAllowed(trx: Trx, partnershipId: string) {
  const row = await trx
    .selectFrom('protectionSetting')
    .select('assessmentSelfAuthorisation')
    .where('partnershipId', '=', partnershipId)
    .executeTakeFirst()
  return row?.assessmentSelfAuthorisation ?? false
}

export function saveSelfAuthorisation(trx: Trx, partnershipId: string, allowed: boolean) {
  return trx
    .insertInto('protectionSetting')
    .values({ partnershipId, assessmentSelfAuthorisation: allowed, updatedAt: new Date() })
    .onConflict(conflict =>
      conflict
        .column('partnershipId')
        .doUpdateSet({ assessmentSelfAuthorisation: allowed, updatedAt: new Date() }),
    )
    .execute()
}

// ---- CIN plans ---------------------------------------------------------------------------------

const CIN_PLAN_COLUMNS = [
  'cinPlan.id',
  'cinPlan.episodeId',
  'cinPlan.startDate',
  'cinPlan.endDate',
  // date[] as text, so the dates stay 'YYYY-MM-DD' on both drivers.
  sql<string[]>`cin_plan.review_dates::text[]`.as('reviewDates'),
  'cinPlan.leadWorkerId',
  'cinPlan.startedFromPlanId',
  'cinPlan.endReason',
  'cinEpisode.childId',
  'cinEpisode.referralNfa',
] as const

export function listCinPlansOfChild(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('cinPlan')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'cinPlan.episodeId')
    .select(CIN_PLAN_COLUMNS)
    .where('cinPlan.partnershipId', '=', partnershipId)
    .where('cinEpisode.childId', '=', childId)
    .orderBy('cinPlan.startDate', 'desc')
    .execute()
}

export function findCinPlan(trx: Trx, partnershipId: string, id: string, lock = false) {
  const query = trx
    .selectFrom('cinPlan')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'cinPlan.episodeId')
    .select(CIN_PLAN_COLUMNS)
    .where('cinPlan.partnershipId', '=', partnershipId)
    .where('cinPlan.id', '=', id)
  return (lock ? query.forUpdate('cinPlan') : query).executeTakeFirst()
}

export function insertCinPlan(trx: Trx, values: Insertable<CinPlanTable>) {
  return trx
    .insertInto('cinPlan')
    .values(values)
    .onConflict(conflict => conflict.columns(['episodeId', 'startDate']).doNothing())
    .returning('id')
    .executeTakeFirst()
}

export function updateCinPlan(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: Updateable<CinPlanTable>,
) {
  return trx
    .updateTable('cinPlan')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}

/** The plans of the episode, child protection and CIN, with their dates. */
export function listEpisodePlans(trx: Trx, partnershipId: string, episodeId: string) {
  return Promise.all([
    trx
      .selectFrom('childProtectionPlan')
      .select(['id', 'startDate', 'endDate'])
      .where('partnershipId', '=', partnershipId)
      .where('episodeId', '=', episodeId)
      .execute(),
    trx
      .selectFrom('cinPlan')
      .select(['id', 'startDate', 'endDate'])
      .where('partnershipId', '=', partnershipId)
      .where('episodeId', '=', episodeId)
      .execute(),
  ])
}

// ---- Steps and plans known from elsewhere --------------------------------------------------------

export function insertStep(trx: Trx, values: Insertable<JourneyStepTable>) {
  return trx.insertInto('journeyStep').values(values).returning('id').executeTakeFirstOrThrow()
}

export function listStepsOfChild(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('journeyStep')
    .select(['id', 'kind', 'steppedOn'])
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', childId)
    .orderBy('steppedOn', 'desc')
    .execute()
}

export function listPreviousPlans(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('previousProtectionPlan')
    .select(['id', 'authority', 'startDate', 'endDate'])
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', childId)
    .orderBy('startDate', 'desc')
    .execute()
}

export function insertPreviousPlan(trx: Trx, values: Insertable<PreviousProtectionPlanTable>) {
  return trx
    .insertInto('previousProtectionPlan')
    .values(values)
    .onConflict(conflict => conflict.columns(['childId', 'startDate']).doNothing())
    .returning('id')
    .executeTakeFirst()
}

/** The child's plans held here (imported or recorded) that started before `date`. */
export function listPlansBefore(trx: Trx, partnershipId: string, childId: string, date: string) {
  return trx
    .selectFrom('childProtectionPlan')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'childProtectionPlan.episodeId')
    .select(['childProtectionPlan.startDate', 'childProtectionPlan.numberOfPreviousPlans'])
    .where('childProtectionPlan.partnershipId', '=', partnershipId)
    .where('cinEpisode.childId', '=', childId)
    .where('childProtectionPlan.startDate', '<', date)
    .execute()
}

export async function listStepsBetween(trx: Trx, partnershipId: string, from: string, to: string) {
  const rows = await trx
    .selectFrom('journeyStep')
    .select(['kind', 'steppedOn', 'childId'])
    .where('partnershipId', '=', partnershipId)
    .where('steppedOn', '>=', from)
    .where('steppedOn', '<=', to)
    .orderBy('steppedOn')
    .execute()
  const joined = await withChildren(trx, rows, ['laChildId'])
  return joined.map(({ kind, steppedOn, laChildId }) => ({ kind, steppedOn, laChildId }))
}
