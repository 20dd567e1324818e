import type { Trx } from '../../../db/database.js'
import { refuse } from '../../../platform/refusal.js'
import * as repo from '../repo.js'
import { type Ctx, audit } from './shared.js'

/**
 * Business plan actions that another module creates inside its own transaction: a case review's
 * recommendations become actions of the review's action plan (made here on first use), followed
 * up with steps, evidence and RAG ratings on the governance plan pages like any other action.
 */
export interface LinkedPlanAction {
  /** The plan to add to; null makes a plan with the title and dates given. */
  planId: string | null
  planTitle: string
  startsOn: string
  endsOn: string
  priorityNumber: number
  priorityTitle: string
  reference: string
  specificAction: string
  leadAgencyId: string | null
  dueOn: string
  /** Where the action comes from, kept in the action's source tags ("Case review CR-2026-001"). */
  sourceTag: string
}

export async function addLinkedPlanAction(
  trx: Trx,
  ctx: Ctx,
  input: LinkedPlanAction,
): Promise<{ planId: string; actionId: string }> {
  const partnershipId = ctx.actor.partnershipId
  let planId = input.planId
  if (planId && !(await repo.findPlan(trx, partnershipId, planId)))
    refuse('planId', 'There is no such plan')
  if (!planId) {
    const plans = await repo.listPlans(trx, partnershipId)
    if (plans.some(p => p.title.toLowerCase() === input.planTitle.toLowerCase()))
      refuse('planTitle', 'There is already a plan with this title')
    const plan = {
      partnershipId,
      title: input.planTitle,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
    }
    planId = (await repo.insertPlan(trx, plan)).id
    await audit(trx, ctx, {
      action: 'governance.plan.created',
      resourceType: 'gov-plan',
      resourceId: planId,
      fields: plan,
    })
  }
  if ((await repo.listPlanActions(trx, planId)).some(a => a.reference === input.reference))
    refuse('reference', `Action ${input.reference} is already in the plan`)
  const priorities = await repo.listPriorities(trx, planId)
  const priorityId =
    priorities.find(p => p.number === input.priorityNumber)?.id ??
    (
      await repo.insertPriority(trx, {
        partnershipId,
        planId,
        number: input.priorityNumber,
        title: input.priorityTitle,
      })
    ).id
  const actionId = await repo.insertPlanAction(trx, {
    partnershipId,
    planId,
    priorityId,
    reference: input.reference,
    specificAction: input.specificAction,
    leads: JSON.stringify([]),
    leadAgencyId: input.leadAgencyId,
    successIndicators: JSON.stringify([]),
    sourceTags: JSON.stringify([input.sourceTag]),
  })
  await repo.insertPlanStep(trx, {
    partnershipId,
    actionId,
    position: 1,
    text: input.specificAction,
    dueLabel: input.dueOn,
    dueOn: input.dueOn,
    status: 'not-started',
  })
  await audit(trx, ctx, {
    action: 'governance.plan-action.created',
    resourceType: 'gov-plan-action',
    resourceId: actionId,
    fields: { ...input, planId },
  })
  return { planId, actionId }
}

/** Progress of linked actions: the latest due date of their steps, and whether all are complete. */
export async function linkedPlanActions(trx: Trx, actionIds: string[]) {
  if (!actionIds.length) return []
  const [actions, steps] = await Promise.all([
    repo.listPlanActionsById(trx, null, actionIds),
    repo.listPlanStepsForActions(trx, actionIds),
  ])
  return actions.map(action => {
    const own = steps.filter(step => step.actionId === action.id)
    const dues = own.map(step => step.revisedDueOn ?? step.dueOn).filter((d): d is string => !!d)
    return {
      actionId: action.id,
      planId: action.planId,
      reference: action.reference,
      rag: action.rag,
      dueOn: dues.sort().at(-1) ?? null,
      complete: own.length > 0 && own.every(step => step.status === 'complete'),
    }
  })
}
