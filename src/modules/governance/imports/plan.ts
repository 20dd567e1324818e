import * as repo from '../repo.js'
import { dueDateOf, stepStatusOf } from '../schema.js'
import { formatDay } from '../service/shared.js'
import { type Importer, type RowError, lookups, splitList, unknownAgency } from './shared.js'

// The business plan: priorities, actions and their steps, one row per step

export const importPlan: Importer = async (trx, ctx, rows, errors) => {
  const find = lookups(trx, ctx)
  const plans = await repo.listPlans(trx, ctx.actor.partnershipId)
  const actionIds = new Map<string, string>()
  const stepPositions = new Map<string, number>()
  let count = 0
  for (const [index, cells] of rows.entries()) {
    const row = index + 2
    const rowErrors: RowError[] = []
    const fail = (column: string, message: string) => rowErrors.push({ row, column, message })
    const plan = plans.find(p => p.title.toLowerCase() === (cells.plan ?? '').toLowerCase())
    if (!plan) {
      errors.push({
        row,
        column: 'plan',
        message: `There is no plan called ${cells.plan ?? ''}: add it first`,
      })
      continue
    }
    const number = Number(cells.priority_number)
    if (!/^\d{1,3}$/.test(cells.priority_number ?? '') || number < 1) {
      fail('priority_number', 'Enter the priority’s number, like 6')
    }
    const reference = cells.action_reference ?? ''
    if (!/^\d+(\.\d+)*$/.test(reference))
      fail('action_reference', 'Enter the action’s reference, like 6.2.4')
    const rag = (cells.rag ?? '').toLowerCase()
    if (rag && !['red', 'amber', 'green'].includes(rag))
      fail('rag', 'Enter red, amber or green, or leave it blank')
    const leadAgencyId = await find.agencyId(cells.lead_agency ?? '')
    if (leadAgencyId === undefined)
      rowErrors.push(unknownAgency(row, cells.lead_agency ?? '', 'lead_agency'))
    const stepText = cells.step_text ?? ''
    const dueLabel = cells.step_due ?? ''
    const status = stepStatusOf(cells.step_status ?? '')
    if (stepText) {
      if (!dueLabel) fail('step_due', 'Enter when the step is due, like 2016-01')
      const dueOn = dueDateOf(dueLabel)
      if (dueOn && dueOn < plan.startsOn) {
        fail('step_due', `The step is due before the plan starts on ${formatDay(plan.startsOn)}`)
      }
      if (status === 'invalid') {
        fail(
          'step_status',
          'Enter not started, in progress, complete, delayed or ongoing, or leave it blank',
        )
      }
    }
    const key = `${plan.id}|${reference}`
    let actionId = actionIds.get(key)
    if (!actionId && !rowErrors.length) {
      if (!cells.specific_action) fail('specific_action', 'Enter the specific action')
      const exists = (await repo.listPlanActions(trx, plan.id)).some(a => a.reference === reference)
      if (exists) fail('action_reference', `Action ${reference} is already in the plan`)
      let priority = (await repo.listPriorities(trx, plan.id)).find(p => p.number === number)
      if (!priority && !cells.priority_title)
        fail('priority_title', `Enter the title of priority ${number}`)
      if (!rowErrors.length) {
        priority ??= await repo.insertPriority(trx, {
          partnershipId: ctx.actor.partnershipId,
          planId: plan.id,
          number,
          title: cells.priority_title ?? '',
        })
        actionId = await repo.insertPlanAction(trx, {
          partnershipId: ctx.actor.partnershipId,
          planId: plan.id,
          priorityId: priority.id,
          reference,
          specificAction: cells.specific_action ?? '',
          leads: JSON.stringify(splitList(cells.leads ?? '')),
          leadAgencyId: leadAgencyId ?? null,
          successIndicators: JSON.stringify(splitList(cells.success_indicators ?? '')),
          sourceTags: JSON.stringify(splitList(cells.source_tags ?? '')),
          rag: rag || null,
          impactAndEvidence: cells.impact_and_evidence || null,
        })
        actionIds.set(key, actionId)
        count += 1
      }
    }
    if (rowErrors.length) {
      errors.push(...rowErrors)
      continue
    }
    if (stepText && actionId) {
      const position = (stepPositions.get(actionId) ?? 0) + 1
      stepPositions.set(actionId, position)
      const revised = cells.step_revised_due ?? ''
      await repo.insertPlanStep(trx, {
        partnershipId: ctx.actor.partnershipId,
        actionId,
        position,
        text: stepText,
        dueLabel,
        dueOn: dueDateOf(dueLabel),
        revisedDueLabel: revised || null,
        revisedDueOn: revised ? dueDateOf(revised) : null,
        status: status === 'invalid' ? null : status,
      })
    }
  }
  return count
}
