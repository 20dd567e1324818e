import type { Insertable, Updateable } from 'kysely'
import type { Trx } from '../../../db/database.js'
import type {
  GovChallengeTable,
  GovInspectionTable,
  GovRecommendationActionTable,
  GovRecommendationTable,
  GovRiskHistoryTable,
  GovRiskTable,
} from '../table.js'

export function listRisks(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('govRisk')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .orderBy('reference')
    .execute()
}

export function findRisk(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govRisk')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listRiskHistory(trx: Trx, riskId: string) {
  return trx
    .selectFrom('govRiskHistory')
    .leftJoin('appUser', 'appUser.id', 'govRiskHistory.recordedBy')
    .selectAll('govRiskHistory')
    .select('appUser.displayName as recordedByName')
    .where('riskId', '=', riskId)
    .orderBy('recordedAt', 'desc')
    .execute()
}

export function listChallenges(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('govChallenge')
    .leftJoin('govMeeting', 'govMeeting.id', 'govChallenge.meetingId')
    .leftJoin('govBody', 'govBody.id', 'govMeeting.bodyId')
    .selectAll('govChallenge')
    .select(['govMeeting.heldOn as meetingOn', 'govBody.name as bodyName'])
    .where('govChallenge.partnershipId', '=', partnershipId)
    .orderBy('govChallenge.raisedOn', 'desc')
    .execute()
}

export function findChallenge(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govChallenge')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** The partnership's inspections, each with the name of the agency inspected. */
function inspections(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('govInspection')
    .leftJoin('agency', 'agency.id', 'govInspection.agencyId')
    .selectAll('govInspection')
    .select('agency.name as agencyName')
    .where('govInspection.partnershipId', '=', partnershipId)
}

export function listInspections(trx: Trx, partnershipId: string) {
  return inspections(trx, partnershipId).orderBy('govInspection.startedOn', 'desc').execute()
}

export function findInspection(trx: Trx, partnershipId: string, id: string) {
  return inspections(trx, partnershipId).where('govInspection.id', '=', id).executeTakeFirst()
}

export function listRecommendations(trx: Trx, inspectionId: string) {
  return trx
    .selectFrom('govRecommendation')
    .selectAll()
    .where('inspectionId', '=', inspectionId)
    .orderBy('number')
    .execute()
}

export function findRecommendation(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govRecommendation')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listRecommendationActions(trx: Trx, inspectionId: string) {
  return trx
    .selectFrom('govRecommendationAction')
    .innerJoin(
      'govRecommendation',
      'govRecommendation.id',
      'govRecommendationAction.recommendationId',
    )
    .innerJoin('govPlanAction', 'govPlanAction.id', 'govRecommendationAction.actionId')
    .select([
      'govRecommendationAction.recommendationId',
      'govPlanAction.id as actionId',
      'govPlanAction.planId',
      'govPlanAction.reference',
    ])
    .where('govRecommendation.inspectionId', '=', inspectionId)
    .execute()
}

export async function insertRisk(trx: Trx, values: Insertable<GovRiskTable>): Promise<string> {
  const { id } = await trx
    .insertInto('govRisk')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function updateRisk(trx: Trx, id: string, values: Updateable<GovRiskTable>) {
  await trx.updateTable('govRisk').set(values).where('id', '=', id).execute()
}

export async function insertRiskHistory(trx: Trx, values: Insertable<GovRiskHistoryTable>) {
  await trx.insertInto('govRiskHistory').values(values).execute()
}

export async function insertChallenge(
  trx: Trx,
  values: Insertable<GovChallengeTable>,
): Promise<string> {
  const { id } = await trx
    .insertInto('govChallenge')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function updateChallenge(trx: Trx, id: string, values: Updateable<GovChallengeTable>) {
  await trx.updateTable('govChallenge').set(values).where('id', '=', id).execute()
}

export async function insertInspection(
  trx: Trx,
  values: Insertable<GovInspectionTable>,
): Promise<string> {
  const { id } = await trx
    .insertInto('govInspection')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function insertRecommendation(
  trx: Trx,
  values: Insertable<GovRecommendationTable>,
): Promise<string> {
  const { id } = await trx
    .insertInto('govRecommendation')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function insertRecommendationActions(
  trx: Trx,
  rows: Insertable<GovRecommendationActionTable>[],
) {
  if (rows.length) await trx.insertInto('govRecommendationAction').values(rows).execute()
}

export async function setRecommendationStatus(trx: Trx, id: string, status: string) {
  await trx.updateTable('govRecommendation').set({ status }).where('id', '=', id).execute()
}

export function findRiskMatrix(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('govRiskMatrix')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .executeTakeFirst()
}

export async function saveRiskMatrix(
  trx: Trx,
  values: { partnershipId: string; cells: string[][]; updatedBy: string },
) {
  const row = { ...values, cells: JSON.stringify(values.cells), updatedAt: new Date() }
  await trx
    .insertInto('govRiskMatrix')
    .values(row)
    .onConflict(oc => oc.column('partnershipId').doUpdateSet(row))
    .execute()
}

export async function setRiskRag(trx: Trx, id: string, rag: string) {
  await trx.updateTable('govRisk').set({ rag }).where('id', '=', id).execute()
}
