import type { Trx } from '../../db/database.js'
export { listAgencies } from '../../platform/directory.js'

/**
 * Every query for governance. Each runs inside a transaction bound to a partnership, so row-level
 * security scopes it; the explicit partnership filters say so to the reader too.
 */

export function listBodies(
  trx: Trx,
  partnershipId: string,
  filter: { kind?: string | undefined; q?: string | undefined } = {},
) {
  let query = trx
    .selectFrom('govBody')
    .leftJoin('govBody as parent', 'parent.id', 'govBody.parentId')
    .selectAll('govBody')
    .select('parent.name as parentName')
    .where('govBody.partnershipId', '=', partnershipId)
    .orderBy('govBody.name')
  if (filter.kind) query = query.where('govBody.kind', '=', filter.kind)
  if (filter.q)
    query = query.where('govBody.name', 'ilike', `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`)
  return query.execute()
}

export function findBody(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govBody')
    .leftJoin('govBody as parent', 'parent.id', 'govBody.parentId')
    .selectAll('govBody')
    .select('parent.name as parentName')
    .where('govBody.partnershipId', '=', partnershipId)
    .where('govBody.id', '=', id)
    .executeTakeFirst()
}

export function findBodyByName(trx: Trx, partnershipId: string, name: string) {
  return trx
    .selectFrom('govBody')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where(eb => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst()
}

export function listMemberships(trx: Trx, bodyId: string) {
  return trx
    .selectFrom('govMembership')
    .leftJoin('agency', 'agency.id', 'govMembership.agencyId')
    .selectAll('govMembership')
    .select('agency.name as agencyName')
    .where('govMembership.bodyId', '=', bodyId)
    .orderBy('govMembership.memberName')
    .orderBy('govMembership.startsOn')
    .execute()
}

export function findAgencyById(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('agency')
    .select(['id', 'name'])
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listMeetings(trx: Trx, bodyId: string) {
  return trx
    .selectFrom('govMeeting')
    .selectAll()
    .where('bodyId', '=', bodyId)
    .orderBy('heldOn')
    .orderBy('title')
    .execute()
}

export function findMeeting(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govMeeting')
    .innerJoin('govBody', 'govBody.id', 'govMeeting.bodyId')
    .selectAll('govMeeting')
    .select(['govBody.name as bodyName', 'govBody.attendanceTarget'])
    .where('govMeeting.partnershipId', '=', partnershipId)
    .where('govMeeting.id', '=', id)
    .executeTakeFirst()
}

export function listAttendanceForBody(trx: Trx, bodyId: string) {
  return trx
    .selectFrom('govAttendance')
    .innerJoin('govMeeting', 'govMeeting.id', 'govAttendance.meetingId')
    .selectAll('govAttendance')
    .where('govMeeting.bodyId', '=', bodyId)
    .execute()
}

export function listYears(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('govFinancialYear')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .orderBy('label', 'desc')
    .execute()
}

export function findYear(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govFinancialYear')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listBudgetLines(trx: Trx, yearId: string) {
  return trx
    .selectFrom('govBudgetLine')
    .leftJoin('agency', 'agency.id', 'govBudgetLine.agencyId')
    .selectAll('govBudgetLine')
    .select('agency.name as agencyName')
    .where('govBudgetLine.yearId', '=', yearId)
    .orderBy('govBudgetLine.position')
    .execute()
}

export async function nextBudgetPosition(trx: Trx, yearId: string): Promise<number> {
  const row = await trx
    .selectFrom('govBudgetLine')
    .select(eb => eb.fn.max('position').as('last'))
    .where('yearId', '=', yearId)
    .executeTakeFirst()
  return (row?.last ?? 0) + 1
}

export function listPlans(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('govPlan')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .orderBy('startsOn', 'desc')
    .execute()
}

export function findPlan(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govPlan')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listPriorities(trx: Trx, planId: string) {
  return trx
    .selectFrom('govPriority')
    .selectAll()
    .where('planId', '=', planId)
    .orderBy('number')
    .execute()
}

export function listPlanActions(trx: Trx, planId: string) {
  return trx
    .selectFrom('govPlanAction')
    .leftJoin('agency', 'agency.id', 'govPlanAction.leadAgencyId')
    .selectAll('govPlanAction')
    .select('agency.name as leadAgencyName')
    .where('govPlanAction.planId', '=', planId)
    .execute()
}

export function listPlanSteps(trx: Trx, planId: string) {
  return trx
    .selectFrom('govPlanStep')
    .innerJoin('govPlanAction', 'govPlanAction.id', 'govPlanStep.actionId')
    .selectAll('govPlanStep')
    .where('govPlanAction.planId', '=', planId)
    .orderBy('govPlanStep.position')
    .execute()
}

export function listVersions(trx: Trx, planId: string) {
  return trx
    .selectFrom('govPlanVersion')
    .selectAll()
    .where('planId', '=', planId)
    .orderBy('number')
    .execute()
}

export function findStep(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govPlanStep')
    .innerJoin('govPlanAction', 'govPlanAction.id', 'govPlanStep.actionId')
    .selectAll('govPlanStep')
    .select(['govPlanAction.planId', 'govPlanAction.leadAgencyId', 'govPlanAction.reference'])
    .where('govPlanStep.partnershipId', '=', partnershipId)
    .where('govPlanStep.id', '=', id)
    .executeTakeFirst()
}

export function findPlanAction(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govPlanAction')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

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

export function listAllMeetings(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('govMeeting')
    .innerJoin('govBody', 'govBody.id', 'govMeeting.bodyId')
    .select(['govMeeting.id', 'govMeeting.heldOn', 'govMeeting.title', 'govBody.name as bodyName'])
    .where('govMeeting.partnershipId', '=', partnershipId)
    .orderBy('govMeeting.heldOn', 'desc')
    .execute()
}

export function listStandingItems(trx: Trx, bodyId: string) {
  return trx
    .selectFrom('govStandingItem')
    .selectAll()
    .where('bodyId', '=', bodyId)
    .orderBy('position')
    .execute()
}

export function listAgendaItems(trx: Trx, meetingId: string) {
  return trx
    .selectFrom('govAgendaItem')
    .selectAll()
    .where('meetingId', '=', meetingId)
    .orderBy('position')
    .execute()
}

export function listDecisions(trx: Trx, meetingId: string) {
  return trx
    .selectFrom('govDecision')
    .selectAll()
    .where('meetingId', '=', meetingId)
    .orderBy('createdAt')
    .execute()
}

export function listActions(trx: Trx, bodyId: string) {
  return trx
    .selectFrom('govAction')
    .innerJoin('govMeeting', 'govMeeting.id', 'govAction.meetingId')
    .selectAll('govAction')
    .select('govMeeting.heldOn as raisedOn')
    .where('govAction.bodyId', '=', bodyId)
    .orderBy('govAction.dueOn')
    .execute()
}

export function findAction(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govAction')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Papers' details without their contents; row-level security shows members and the business unit only. */
export function listPapers(trx: Trx, meetingId: string) {
  return trx
    .selectFrom('govPaper')
    .select(['id', 'title', 'version', 'filename', 'contentType', 'sizeBytes', 'uploadedAt'])
    .where('meetingId', '=', meetingId)
    .orderBy('title')
    .orderBy('version', 'desc')
    .execute()
}

export function findPaper(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govPaper')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listInspections(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('govInspection')
    .leftJoin('agency', 'agency.id', 'govInspection.agencyId')
    .selectAll('govInspection')
    .select('agency.name as agencyName')
    .where('govInspection.partnershipId', '=', partnershipId)
    .orderBy('govInspection.startedOn', 'desc')
    .execute()
}

export function findInspection(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govInspection')
    .leftJoin('agency', 'agency.id', 'govInspection.agencyId')
    .selectAll('govInspection')
    .select('agency.name as agencyName')
    .where('govInspection.partnershipId', '=', partnershipId)
    .where('govInspection.id', '=', id)
    .executeTakeFirst()
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

/** Plan actions with these references, the most recent plan's first. */
export async function listActionsByReference(
  trx: Trx,
  partnershipId: string,
  references: string[],
) {
  if (!references.length) return []
  return trx
    .selectFrom('govPlanAction')
    .innerJoin('govPlan', 'govPlan.id', 'govPlanAction.planId')
    .select(['govPlanAction.id', 'govPlanAction.reference', 'govPlanAction.planId'])
    .where('govPlanAction.partnershipId', '=', partnershipId)
    .where('govPlanAction.reference', 'in', references)
    .orderBy('govPlan.startsOn', 'desc')
    .execute()
}

export function listPlanStepsForActions(trx: Trx, actionIds: string[]) {
  if (!actionIds.length) return Promise.resolve([])
  return trx.selectFrom('govPlanStep').selectAll().where('actionId', 'in', actionIds).execute()
}

export function listPartnershipPeople(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('roleGrant')
    .innerJoin('appUser', 'appUser.id', 'roleGrant.userId')
    .select(['appUser.id', 'appUser.displayName', 'appUser.email'])
    .where('roleGrant.partnershipId', '=', partnershipId)
    .distinct()
    .orderBy('appUser.displayName')
    .execute()
}

export function findMembership(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govMembership')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Evidence entries without their attachments' contents. */
export function listEvidence(trx: Trx, actionIds: string[]) {
  if (!actionIds.length) return Promise.resolve([])
  return trx
    .selectFrom('govPlanEvidence')
    .select(['id', 'actionId', 'recordedOn', 'text', 'filename', 'sizeBytes'])
    .where('actionId', 'in', actionIds)
    .orderBy('recordedOn')
    .execute()
}

export function findEvidence(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('govPlanEvidence')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}
