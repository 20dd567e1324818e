import type { Trx } from '../../../db/database.js'
import * as repo from '../repo.js'
import { type Ctx, audit, formatDay } from './shared.js'

/**
 * Actions and challenges raised by the assurance module, written into the business plan and the
 * challenge log inside the caller's transaction, so that a refused assurance command writes
 * neither. The plan's usual pages then carry the owners, steps, evidence and sign-off.
 */

export interface AssuranceActionInput {
  /** The plan the actions are kept in, found by title or created for the period. */
  planTitle: string
  startsOn: string
  endsOn: string
  specificAction: string
  leads: string[]
  leadAgencyId: string | null
  dueOn: string
  source: string
}

export async function addAssuranceAction(
  trx: Trx,
  ctx: Ctx,
  input: AssuranceActionInput,
): Promise<{ actionId: string; planId: string }> {
  const partnershipId = ctx.actor.partnershipId
  const plans = await repo.listPlans(trx, partnershipId)
  const plan =
    plans.find(p => p.title === input.planTitle) ??
    (await repo.insertPlan(trx, {
      partnershipId,
      title: input.planTitle,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
    }))
  const priority =
    (await repo.listPriorities(trx, plan.id)).find(p => p.number === 1) ??
    (await repo.insertPriority(trx, {
      partnershipId,
      planId: plan.id,
      number: 1,
      title: 'Assurance actions',
    }))
  // Numbered on after the priority's other actions: 1.1, 1.2, ...
  const numbers = (await repo.listPlanActions(trx, plan.id))
    .filter(a => a.priorityId === priority.id)
    .map(a => Number(a.reference.split('.')[1] ?? 0))
  const reference = `${priority.number}.${Math.max(0, ...numbers) + 1}`
  const id = await repo.insertPlanAction(trx, {
    partnershipId,
    planId: plan.id,
    priorityId: priority.id,
    reference,
    specificAction: input.specificAction,
    leads: JSON.stringify(input.leads),
    leadAgencyId: input.leadAgencyId,
    successIndicators: JSON.stringify([]),
    sourceTags: JSON.stringify([input.source]),
  })
  await repo.insertPlanStep(trx, {
    partnershipId,
    actionId: id,
    position: 1,
    text: input.specificAction,
    dueLabel: formatDay(input.dueOn),
    dueOn: input.dueOn,
    status: 'not-started',
  })
  await audit(trx, ctx, {
    action: 'governance.plan-action.created',
    resourceType: 'gov-plan-action',
    resourceId: id,
    fields: { planId: plan.id, reference, source: input.source },
  })
  return { actionId: id, planId: plan.id }
}

export interface AssuranceActionState {
  actionId: string
  planId: string
  reference: string
  specificAction: string
  rag: string | null
  dueOn: string | null
  steps: number
  stepsComplete: number
  /** Signed off: every step complete. */
  signedOff: boolean
  evidence: number
}

export async function assuranceActionStates(
  trx: Trx,
  partnershipId: string,
  actionIds: string[],
): Promise<AssuranceActionState[]> {
  if (!actionIds.length) return []
  const actions = await repo.listPlanActionsById(trx, partnershipId, actionIds)
  const steps = await repo.listPlanStepsForActions(trx, actionIds)
  const evidence = await repo.listEvidenceActionIds(trx, actionIds)
  return actions.map(action => {
    const own = steps.filter(s => s.actionId === action.id)
    const complete = own.filter(s => s.status === 'complete').length
    return {
      actionId: action.id,
      planId: action.planId,
      reference: action.reference,
      specificAction: action.specificAction,
      rag: action.rag,
      dueOn: own.map(s => s.revisedDueOn ?? s.dueOn).find(Boolean) ?? null,
      steps: own.length,
      stepsComplete: complete,
      signedOff: own.length > 0 && complete === own.length,
      evidence: evidence.filter(e => e.actionId === action.id).length,
    }
  })
}

export interface AssuranceChallengeInput {
  raisedOn: string
  raisedBy: string
  challenged: string
  subject: string
}

export async function addAssuranceChallenge(
  trx: Trx,
  ctx: Ctx,
  input: AssuranceChallengeInput,
): Promise<string> {
  const id = await repo.insertChallenge(trx, {
    ...input,
    meetingId: null,
    partnershipId: ctx.actor.partnershipId,
  })
  await audit(trx, ctx, {
    action: 'governance.challenge.created',
    resourceType: 'gov-challenge',
    resourceId: id,
    fields: { ...input },
  })
  return id
}
