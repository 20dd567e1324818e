import type { Db, Trx } from '../../../db/database.js'
import { changedFields } from '../../../platform/audit.js'
import * as repo from '../repo.js'
import type {
  ChallengeInput,
  ChallengeResponseInput,
  InspectionInput,
  RecommendationInput,
  RiskInput,
  RiskReviewInput,
} from '../schema.js'
import { ragFor, riskMatrixIn } from './risk-matrix.js'
import { type Ctx, type SimpleOutcome, audit, scoped, command, invalid } from './shared.js'

// Risk register and challenge log

export async function insertRisk(
  trx: Trx,
  ctx: Ctx,
  input: RiskInput & { status?: 'open' | 'closed' },
): Promise<SimpleOutcome> {
  const risks = await repo.listRisks(trx, ctx.actor.partnershipId)
  if (risks.some(r => r.reference.toLowerCase() === input.reference.toLowerCase())) {
    return {
      kind: 'invalid',
      field: 'reference',
      message: 'There is already a risk with this reference',
    }
  }
  const status = input.status ?? 'open'
  const rag = ragFor(
    await riskMatrixIn(trx, ctx.actor.partnershipId),
    input.likelihood,
    input.impact,
  )
  const id = await repo.insertRisk(trx, {
    ...input,
    rag,
    status,
    partnershipId: ctx.actor.partnershipId,
  })
  await repo.insertRiskHistory(trx, {
    partnershipId: ctx.actor.partnershipId,
    riskId: id,
    recordedBy: ctx.actor.userId,
    likelihood: input.likelihood,
    impact: input.impact,
    rag,
    controls: input.controls,
    reviewOn: input.reviewOn,
    status,
    note: 'Risk added to the register',
  })
  return { kind: 'saved', id }
}

export function createRisk(db: Db, ctx: Ctx, input: RiskInput): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const outcome = await insertRisk(trx, ctx, input)
    if (outcome.kind === 'saved') {
      await audit(trx, ctx, {
        action: 'governance.risk.created',
        resourceType: 'gov-risk',
        resourceId: outcome.id,
        fields: input,
      })
    }
    return outcome
  })
}

export function reviewRisk(
  db: Db,
  ctx: Ctx,
  riskId: string,
  input: RiskReviewInput,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const risk = await repo.findRisk(trx, ctx.actor.partnershipId, riskId)
    if (!risk) return { kind: 'not-found' }
    const { note, ...scores } = input
    const matrix = await riskMatrixIn(trx, ctx.actor.partnershipId)
    const values = { ...scores, rag: ragFor(matrix, scores.likelihood, scores.impact) }
    await repo.updateRisk(trx, riskId, values)
    await repo.insertRiskHistory(trx, {
      ...values,
      note,
      partnershipId: ctx.actor.partnershipId,
      riskId,
      recordedBy: ctx.actor.userId,
    })
    await audit(trx, ctx, {
      action: 'governance.risk.reviewed',
      resourceType: 'gov-risk',
      resourceId: riskId,
      fields: changedFields(risk, values),
    })
    return { kind: 'saved', id: riskId }
  })
}

export function createChallenge(db: Db, ctx: Ctx, input: ChallengeInput): Promise<SimpleOutcome> {
  return command(db, ctx.actor, async trx => {
    if (
      input.meetingId &&
      !(await repo.findMeeting(trx, ctx.actor.partnershipId, input.meetingId))
    ) {
      return invalid('meetingId', 'Select a meeting from the list')
    }
    const id = await repo.insertChallenge(trx, {
      ...input,
      partnershipId: ctx.actor.partnershipId,
    })
    await audit(trx, ctx, {
      action: 'governance.challenge.created',
      resourceType: 'gov-challenge',
      resourceId: id,
      fields: input,
    })
    return { kind: 'saved', id }
  })
}

export function respondToChallenge(
  db: Db,
  ctx: Ctx,
  id: string,
  input: ChallengeResponseInput,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const challenge = await repo.findChallenge(trx, ctx.actor.partnershipId, id)
    if (!challenge) return { kind: 'not-found' }
    const values = { ...input, closedOn: input.status === 'closed' ? input.closedOn : null }
    await repo.updateChallenge(trx, id, values)
    await audit(trx, ctx, {
      action: 'governance.challenge.updated',
      resourceType: 'gov-challenge',
      resourceId: id,
      fields: changedFields(challenge, values),
    })
    return { kind: 'saved', id }
  })
}

// Inspections and recommendations

export function createInspection(db: Db, ctx: Ctx, input: InspectionInput): Promise<SimpleOutcome> {
  return command(db, ctx.actor, async trx => {
    if (input.agencyId && !(await repo.findAgency(trx, ctx.actor.partnershipId, input.agencyId))) {
      return invalid('agencyId', 'Select an agency from the list')
    }
    const id = await repo.insertInspection(trx, {
      ...input,
      partnershipId: ctx.actor.partnershipId,
    })
    await audit(trx, ctx, {
      action: 'governance.inspection.created',
      resourceType: 'gov-inspection',
      resourceId: id,
      fields: input,
    })
    return { kind: 'saved', id }
  })
}

export function addRecommendation(
  db: Db,
  ctx: Ctx,
  inspectionId: string,
  input: RecommendationInput,
): Promise<SimpleOutcome> {
  return command(db, ctx.actor, async trx => {
    const inspection = await repo.findInspection(trx, ctx.actor.partnershipId, inspectionId)
    if (!inspection) return { kind: 'not-found' }
    const existing = await repo.listRecommendations(trx, inspectionId)
    if (existing.some(r => r.number === input.number)) {
      return invalid('number', `Recommendation ${input.number} is already recorded`)
    }
    // A reference names an action in the partnership's most recent plan that has it.
    const actions = await repo.listActionsByReference(
      trx,
      ctx.actor.partnershipId,
      input.actionReferences,
    )
    const actionIds: string[] = []
    for (const reference of input.actionReferences) {
      const action = actions.find(a => a.reference === reference)
      if (!action) {
        return invalid('actionReferences', `There is no business plan action ${reference}`)
      }
      if (!actionIds.includes(action.id)) actionIds.push(action.id)
    }
    const id = await repo.insertRecommendation(trx, {
      inspectionId,
      number: input.number,
      text: input.text,
      partnershipId: ctx.actor.partnershipId,
    })
    await repo.insertRecommendationActions(
      trx,
      actionIds.map(actionId => ({
        partnershipId: ctx.actor.partnershipId,
        recommendationId: id,
        actionId,
      })),
    )
    await audit(trx, ctx, {
      action: 'governance.recommendation.created',
      resourceType: 'gov-inspection',
      resourceId: inspectionId,
      fields: { ...input, actionIds },
    })
    return { kind: 'saved', id }
  })
}

export function setRecommendationStatus(
  db: Db,
  ctx: Ctx,
  id: string,
  status: string,
): Promise<{ kind: 'saved'; inspectionId: string } | { kind: 'not-found' }> {
  return scoped(db, ctx.actor, async trx => {
    const recommendation = await repo.findRecommendation(trx, ctx.actor.partnershipId, id)
    if (!recommendation) return { kind: 'not-found' }
    await repo.setRecommendationStatus(trx, id, status)
    await audit(trx, ctx, {
      action: 'governance.recommendation.updated',
      resourceType: 'gov-recommendation',
      resourceId: id,
      fields: changedFields(recommendation, { status }),
    })
    return { kind: 'saved', inspectionId: recommendation.inspectionId }
  })
}
