import * as repo from '../repo.js'
import { BudgetLineForm, ChallengeForm, ChallengeResponseForm, RiskForm } from '../schema.js'
import { insertBudgetLine } from '../service/budget.js'
import { insertRisk } from '../service/records.js'
import { type Importer, lookups, refusedRow, unknownAgency, zodErrors } from './shared.js'

// Budget lines, the risk register and the challenge log

export const importBudget: Importer = async (trx, ctx, rows, errors) => {
  const find = lookups(trx, ctx)
  const years = await repo.listYears(trx, ctx.actor.partnershipId)
  let count = 0
  for (const [index, cells] of rows.entries()) {
    const row = index + 2
    const year = years.find(y => y.label === cells.year)
    if (!year) {
      errors.push({
        row,
        column: 'year',
        message: `There is no financial year ${cells.year ?? ''}: add it on the budget page first`,
      })
      continue
    }
    const agencyId = await find.agencyId(cells.agency ?? '')
    if (agencyId === undefined) {
      errors.push(unknownAgency(row, cells.agency ?? ''))
      continue
    }
    const form = BudgetLineForm.safeParse({
      kind: cells.kind,
      description: cells.description,
      contributionType: cells.contribution_type,
      budget: cells.budget,
      actual: cells.actual,
    })
    if (!form.success) {
      errors.push(...zodErrors(row, form.error))
      continue
    }
    const outcome = await insertBudgetLine(trx, ctx, year.id, { ...form.data, agencyId })
    if (outcome.kind === 'saved') count += 1
  }
  return count
}

export const importRisks: Importer = async (trx, ctx, rows, errors) => {
  let count = 0
  for (const [index, cells] of rows.entries()) {
    const row = index + 2
    const form = RiskForm.safeParse({
      reference: cells.reference,
      title: cells.risk,
      description: cells.description,
      ownerName: cells.owner,
      likelihood: cells.likelihood,
      impact: cells.impact,
      controls: cells.controls,
      reviewOn: cells.review_on,
    })
    const status = (cells.status ?? '').toLowerCase() || 'open'
    if (status !== 'open' && status !== 'closed') {
      errors.push({ row, column: 'status', message: 'Enter open or closed' })
      continue
    }
    if (!form.success) {
      errors.push(...zodErrors(row, form.error, { title: 'risk' }))
      continue
    }
    const outcome = await insertRisk(trx, ctx, { ...form.data, status })
    if (outcome.kind === 'invalid') errors.push(refusedRow(row, outcome))
    else count += 1
  }
  return count
}

export const importChallenges: Importer = async (trx, ctx, rows, errors) => {
  let count = 0
  for (const [index, cells] of rows.entries()) {
    const row = index + 2
    const challenge = ChallengeForm.safeParse({
      raisedOn: cells.raised_on,
      raisedBy: cells.raised_by,
      challenged: cells.challenged,
      subject: cells.challenge,
    })
    const response = ChallengeResponseForm.safeParse({
      response: cells.response,
      impact: cells.impact,
      status: (cells.status ?? '').toLowerCase() || 'open',
      closedOn: cells.closed_on,
    })
    if (!challenge.success || !response.success) {
      if (!challenge.success) {
        errors.push(...zodErrors(row, challenge.error, { subject: 'challenge' }))
      }
      if (!response.success) errors.push(...zodErrors(row, response.error))
      continue
    }
    await repo.insertChallenge(trx, {
      ...challenge.data,
      ...response.data,
      partnershipId: ctx.actor.partnershipId,
    })
    count += 1
  }
  return count
}
