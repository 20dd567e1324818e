import type { Insertable, Updateable } from 'kysely'
import type { Trx } from '../../../db/database.js'
import type {
  GovPlanActionTable,
  GovPlanEvidenceTable,
  GovPlanStepTable,
  GovPlanTable,
  GovPlanVersionTable,
  GovPriorityTable,
} from '../table.js'

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

export function insertPlan(trx: Trx, values: Insertable<GovPlanTable>) {
  return trx.insertInto('govPlan').values(values).returningAll().executeTakeFirstOrThrow()
}

export function insertPriority(trx: Trx, values: Insertable<GovPriorityTable>) {
  return trx.insertInto('govPriority').values(values).returningAll().executeTakeFirstOrThrow()
}

export async function insertPlanAction(
  trx: Trx,
  values: Insertable<GovPlanActionTable>,
): Promise<string> {
  const { id } = await trx
    .insertInto('govPlanAction')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function updatePlanAction(
  trx: Trx,
  id: string,
  values: Updateable<GovPlanActionTable>,
) {
  await trx.updateTable('govPlanAction').set(values).where('id', '=', id).execute()
}

export function listPlanActionsById(trx: Trx, partnershipId: string | null, ids: string[]) {
  let query = trx.selectFrom('govPlanAction').selectAll().where('id', 'in', ids)
  if (partnershipId) query = query.where('partnershipId', '=', partnershipId)
  return query.execute()
}

export async function insertPlanStep(
  trx: Trx,
  values: Insertable<GovPlanStepTable>,
): Promise<string> {
  const { id } = await trx
    .insertInto('govPlanStep')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function updatePlanStep(trx: Trx, id: string, values: Updateable<GovPlanStepTable>) {
  await trx.updateTable('govPlanStep').set(values).where('id', '=', id).execute()
}

export async function insertPlanVersion(
  trx: Trx,
  values: Insertable<GovPlanVersionTable>,
): Promise<string> {
  const { id } = await trx
    .insertInto('govPlanVersion')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function insertEvidence(
  trx: Trx,
  values: Insertable<GovPlanEvidenceTable>,
): Promise<string> {
  const { id } = await trx
    .insertInto('govPlanEvidence')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

/** Which of these actions has evidence: one row per entry, without its contents. */
export function listEvidenceActionIds(trx: Trx, actionIds: string[]) {
  return trx
    .selectFrom('govPlanEvidence')
    .select(['actionId'])
    .where('actionId', 'in', actionIds)
    .execute()
}
