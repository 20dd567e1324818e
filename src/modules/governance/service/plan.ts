import type { Db, Trx } from '../../../db/database.js'
import { changedFields } from '../../../platform/audit.js'
import { londonToday } from '../../../platform/calendar.js'
import { AccessDenied } from '../../../platform/http/access.js'
import type { Actor } from '../../../platform/http/types.js'
import { scopeFor } from '../../../platform/permissions.js'
import * as repo from '../repo.js'
import {
  type ActionUpdateInput,
  type EvidenceInput,
  type PlanActionInput,
  type PlanInput,
  type PlanStepInput,
  type StepUpdateInput,
  type VersionInput,
  dueDateOf,
} from '../schema.js'
import {
  type Ctx,
  type SimpleOutcome,
  audit,
  formatDay,
  paperType,
  scoped,
  command,
  invalid,
} from './shared.js'

// Business plan: priorities, actions and their steps, evidence of impact, issued versions

export function createPlan(db: Db, ctx: Ctx, input: PlanInput): Promise<SimpleOutcome> {
  return command(db, ctx.actor, async trx => {
    const plans = await repo.listPlans(trx, ctx.actor.partnershipId)
    if (plans.some(p => p.title.toLowerCase() === input.title.toLowerCase())) {
      return invalid('title', 'There is already a plan with this title')
    }
    const { id } = await repo.insertPlan(trx, { ...input, partnershipId: ctx.actor.partnershipId })
    await audit(trx, ctx, {
      action: 'governance.plan.created',
      resourceType: 'gov-plan',
      resourceId: id,
      fields: input,
    })
    return { kind: 'saved', id }
  })
}

export interface PlanSnapshotAction {
  reference: string
  specificAction: string
  rag: string | null
  steps: { text: string; status: string | null; revisedDueLabel: string | null }[]
}

export async function planLayoutIn(trx: Trx, actor: Actor, planId: string) {
  const plan = await repo.findPlan(trx, actor.partnershipId, planId)
  if (!plan) return null
  const [priorities, actions, steps, versions] = await Promise.all([
    repo.listPriorities(trx, planId),
    repo.listPlanActions(trx, planId),
    repo.listPlanSteps(trx, planId),
    repo.listVersions(trx, planId),
  ])
  const evidence = await repo.listEvidence(
    trx,
    actions.map(a => a.id),
  )
  const byReference = (a: { reference: string }, b: { reference: string }) =>
    a.reference.localeCompare(b.reference, 'en', { numeric: true })
  const shaped = priorities.map(priority => {
    const own = actions
      .filter(a => a.priorityId === priority.id)
      .sort(byReference)
      .map(action => {
        const actionSteps = steps.filter(s => s.actionId === action.id)
        return {
          ...action,
          evidence: evidence.filter(e => e.actionId === action.id),
          steps: actionSteps,
          isComplete: actionSteps.length > 0 && actionSteps.every(s => s.status === 'complete'),
        }
      })
    const complete = own.filter(a => a.isComplete).length
    return {
      ...priority,
      actions: own,
      completion: {
        actions: own.length,
        complete,
        percent: own.length ? Math.round((complete * 100) / own.length) : null,
      },
    }
  })
  const all = shaped.flatMap(p => p.actions)
  const completeCount = all.filter(a => a.isComplete).length
  const snapshot: PlanSnapshotAction[] = all.map(a => ({
    reference: a.reference,
    specificAction: a.specificAction,
    rag: a.rag,
    steps: a.steps.map(s => ({
      text: s.text,
      status: s.status,
      revisedDueLabel: s.revisedDueLabel,
    })),
  }))
  return {
    plan,
    priorities: shaped,
    versions,
    snapshot,
    completion: {
      actions: all.length,
      complete: completeCount,
      percent: all.length ? Math.round((completeCount * 100) / all.length) : null,
    },
  }
}

export function planLayout(db: Db, actor: Actor, planId: string) {
  return scoped(db, actor, trx => planLayoutIn(trx, actor, planId))
}

/** What changed between two versions' snapshots, in words a board member reads. */
export function versionDifferences(
  before: PlanSnapshotAction[],
  after: PlanSnapshotAction[],
): string[] {
  const changes: string[] = []
  const old = new Map(before.map(a => [a.reference, a]))
  for (const action of after) {
    const previous = old.get(action.reference)
    if (!previous) {
      changes.push(`Action ${action.reference} added`)
      continue
    }
    if (previous.rag !== action.rag) {
      changes.push(
        `Action ${action.reference}: RAG ${previous.rag ?? 'blank'} to ${action.rag ?? 'blank'}`,
      )
    }
    action.steps.forEach((step, index) => {
      const was = previous.steps[index]
      if (!was || was.text !== step.text) {
        changes.push(`Action ${action.reference}: step added: ${step.text}`)
        return
      }
      if (was.status !== step.status) {
        changes.push(
          `Action ${action.reference}: “${step.text}” ${was.status ?? 'no status'} to ${step.status ?? 'no status'}`,
        )
      }
      if (was.revisedDueLabel !== step.revisedDueLabel && step.revisedDueLabel) {
        changes.push(`Action ${action.reference}: “${step.text}” now due ${step.revisedDueLabel}`)
      }
    })
  }
  for (const reference of old.keys()) {
    if (!after.some(a => a.reference === reference)) changes.push(`Action ${reference} removed`)
  }
  return changes
}

export function issueVersion(
  db: Db,
  ctx: Ctx,
  planId: string,
  input: VersionInput,
): Promise<SimpleOutcome> {
  return command(db, ctx.actor, async trx => {
    const layout = await planLayoutIn(trx, ctx.actor, planId)
    if (!layout) return { kind: 'not-found' }
    const last = layout.versions.at(-1)
    if (last && input.number <= last.number) {
      return invalid('number', `Enter a version number after ${last.number}, the latest version`)
    }
    const id = await repo.insertPlanVersion(trx, {
      ...input,
      planId,
      partnershipId: ctx.actor.partnershipId,
      snapshot: JSON.stringify(layout.snapshot),
    })
    await audit(trx, ctx, {
      action: 'governance.plan-version.created',
      resourceType: 'gov-plan',
      resourceId: planId,
      fields: input,
    })
    return { kind: 'saved', id }
  })
}

/** Agency leads may change only the actions their agency leads; the business unit, any. */
function mayUpdateAction(actor: Actor, leadAgencyId: string | null): boolean {
  const scope = scopeFor(actor.roles, 'business-plan', 'update')
  if (scope === 'partnership') return true
  return scope === 'agency' && leadAgencyId !== null && actor.agencyIds.includes(leadAgencyId)
}

export type StepOutcome =
  | { kind: 'saved'; planId: string }
  | { kind: 'not-found' }
  | { kind: 'invalid'; field: string; message: string }

export function updateStep(
  db: Db,
  ctx: Ctx,
  stepId: string,
  input: StepUpdateInput,
): Promise<StepOutcome> {
  return command(db, ctx.actor, async trx => {
    const step = await repo.findStep(trx, ctx.actor.partnershipId, stepId)
    if (!step) return { kind: 'not-found' }
    if (!mayUpdateAction(ctx.actor, step.leadAgencyId)) {
      throw new AccessDenied('Only the business unit or the lead agency may update this action')
    }
    const values = {
      status: input.status,
      revisedDueLabel: input.revisedDue,
      revisedDueOn: input.revisedDue ? dueDateOf(input.revisedDue) : null,
    }
    const plan = await repo.findPlan(trx, ctx.actor.partnershipId, step.planId)
    if (plan && values.revisedDueOn && values.revisedDueOn < plan.startsOn) {
      return invalid(
        'revisedDue',
        `The step cannot be due before the plan starts on ${formatDay(plan.startsOn)}`,
      )
    }
    await repo.updatePlanStep(trx, stepId, values)
    await audit(trx, ctx, {
      action: 'governance.plan-step.updated',
      resourceType: 'gov-plan-step',
      resourceId: stepId,
      fields: changedFields(step, values),
    })
    return { kind: 'saved', planId: step.planId }
  })
}

export function updateAction(
  db: Db,
  ctx: Ctx,
  actionId: string,
  input: ActionUpdateInput,
): Promise<StepOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const action = await repo.findPlanAction(trx, ctx.actor.partnershipId, actionId)
    if (!action) return { kind: 'not-found' }
    if (!mayUpdateAction(ctx.actor, action.leadAgencyId)) {
      throw new AccessDenied('Only the business unit or the lead agency may update this action')
    }
    await repo.updatePlanAction(trx, actionId, input)
    await audit(trx, ctx, {
      action: 'governance.plan-action.updated',
      resourceType: 'gov-plan-action',
      resourceId: actionId,
      fields: changedFields(action, input),
    })
    return { kind: 'saved', planId: action.planId }
  })
}

/** Impact and evidence for a plan action, with an optional attachment; lead agencies may add it. */
export function addEvidence(
  db: Db,
  ctx: Ctx,
  actionId: string,
  input: EvidenceInput & { attachment: Buffer | null },
): Promise<SimpleOutcome & { planId?: string }> {
  return command(db, ctx.actor, async trx => {
    const action = await repo.findPlanAction(trx, ctx.actor.partnershipId, actionId)
    if (!action) return { kind: 'not-found' }
    if (!mayUpdateAction(ctx.actor, action.leadAgencyId)) {
      throw new AccessDenied('Only the business unit or the lead agency may add evidence')
    }
    const type = input.attachment ? paperType(input.attachment) : null
    if (input.attachment && !type) {
      return invalid('file', 'The selected file must be a PDF, Word, Excel or PowerPoint file')
    }
    const id = await repo.insertEvidence(trx, {
      partnershipId: ctx.actor.partnershipId,
      actionId,
      recordedOn: input.recordedOn,
      text: input.text,
      recordedBy: ctx.actor.userId,
      ...(input.attachment && type
        ? {
            filename: `evidence-${action.reference}-${input.recordedOn}.${type.extension}`,
            contentType: type.contentType,
            sizeBytes: input.attachment.length,
            content: input.attachment,
          }
        : {}),
    })
    await audit(trx, ctx, {
      action: 'governance.plan-evidence.created',
      resourceType: 'gov-plan-action',
      resourceId: actionId,
      fields: {
        recordedOn: input.recordedOn,
        text: input.text,
        attachment: input.attachment?.length ?? 0,
      },
    })
    return { kind: 'saved', id, planId: action.planId }
  })
}

/**
 * Another module's record as evidence of a plan action, in words dated today (cut to the 5,000
 * characters evidence holds). No such action, or evidence governance refuses, is a refusal.
 */
export async function addLinkedEvidence(db: Db, ctx: Ctx, actionId: string, text: string) {
  const added = await addEvidence(db, ctx, actionId, {
    recordedOn: londonToday(),
    text: text.slice(0, 5000),
    attachment: null,
  })
  if (added.kind === 'not-found')
    return {
      kind: 'refused',
      field: 'actionId',
      message: 'Select the business plan action',
    } as const
  if (added.kind === 'invalid')
    return { kind: 'refused', field: added.field, message: added.message } as const
  return { kind: 'added', planId: added.planId } as const
}

export function readEvidence(db: Db, ctx: Ctx, id: string) {
  return scoped(db, ctx.actor, async trx => {
    const evidence = await repo.findEvidence(trx, ctx.actor.partnershipId, id)
    if (!evidence?.content) return null
    await audit(trx, ctx, {
      action: 'governance.plan-evidence.read',
      resourceType: 'gov-plan-evidence',
      resourceId: id,
    })
    return evidence
  })
}

export function addPlanAction(
  db: Db,
  ctx: Ctx,
  planId: string,
  input: PlanActionInput,
): Promise<SimpleOutcome> {
  return command(db, ctx.actor, async trx => {
    const plan = await repo.findPlan(trx, ctx.actor.partnershipId, planId)
    if (!plan) return { kind: 'not-found' }
    const actions = await repo.listPlanActions(trx, planId)
    if (actions.some(a => a.reference === input.reference)) {
      return invalid('reference', `Action ${input.reference} is already in the plan`)
    }
    if (
      input.leadAgencyId &&
      !(await repo.findAgency(trx, ctx.actor.partnershipId, input.leadAgencyId))
    ) {
      return invalid('leadAgencyId', 'Select an agency from the list')
    }
    let priority = (await repo.listPriorities(trx, planId)).find(
      p => p.number === input.priorityNumber,
    )
    if (!priority) {
      if (!input.priorityTitle) {
        return invalid(
          'priorityTitle',
          `Enter the title of priority ${input.priorityNumber}, which is new`,
        )
      }
      priority = await repo.insertPriority(trx, {
        partnershipId: ctx.actor.partnershipId,
        planId,
        number: input.priorityNumber,
        title: input.priorityTitle,
      })
    }
    const id = await repo.insertPlanAction(trx, {
      partnershipId: ctx.actor.partnershipId,
      planId,
      priorityId: priority.id,
      reference: input.reference,
      specificAction: input.specificAction,
      leads: JSON.stringify(input.leads),
      leadAgencyId: input.leadAgencyId,
      successIndicators: JSON.stringify(input.successIndicators),
      sourceTags: JSON.stringify(input.sourceTags),
    })
    await audit(trx, ctx, {
      action: 'governance.plan-action.created',
      resourceType: 'gov-plan-action',
      resourceId: id,
      fields: { planId, ...input },
    })
    return { kind: 'saved', id }
  })
}

export function addPlanStep(
  db: Db,
  ctx: Ctx,
  actionId: string,
  input: PlanStepInput,
): Promise<StepOutcome> {
  return command(db, ctx.actor, async trx => {
    const action = await repo.findPlanAction(trx, ctx.actor.partnershipId, actionId)
    const plan = action && (await repo.findPlan(trx, ctx.actor.partnershipId, action.planId))
    if (!action || !plan) return { kind: 'not-found' }
    const dueOn = dueDateOf(input.due)
    if (dueOn && dueOn < plan.startsOn) {
      return invalid(
        'due',
        `The step cannot be due before the plan starts on ${formatDay(plan.startsOn)}`,
      )
    }
    const steps = await repo.listPlanStepsForActions(trx, [actionId])
    const id = await repo.insertPlanStep(trx, {
      partnershipId: ctx.actor.partnershipId,
      actionId,
      position: Math.max(0, ...steps.map(s => s.position)) + 1,
      text: input.text,
      dueLabel: input.due,
      dueOn,
      status: input.status,
    })
    await audit(trx, ctx, {
      action: 'governance.plan-step.created',
      resourceType: 'gov-plan-step',
      resourceId: id,
      fields: { actionId, ...input },
    })
    return { kind: 'saved', planId: plan.id }
  })
}

/** Every plan's actions as `{ id, label }`, newest plan first, for a select on another page. */
export function planActionChoices(db: Db, actor: Actor) {
  return scoped(db, actor, async trx => {
    const choices: { id: string; label: string }[] = []
    for (const plan of await repo.listPlans(trx, actor.partnershipId)) {
      for (const action of await repo.listPlanActions(trx, plan.id))
        choices.push({
          id: action.id,
          label: `${plan.title}: ${action.reference} ${action.specificAction}`,
        })
    }
    return choices
  })
}
