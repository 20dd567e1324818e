import type { Db, Trx } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import * as repo from '../repo.js'
import type { BudgetLineInput, YearInput } from '../schema.js'
import { type Ctx, type SimpleOutcome, audit, scoped, command, invalid } from './shared.js'

// Budget: financial years, their lines, and the statement reconciled with the printed figures

export function createYear(db: Db, ctx: Ctx, input: YearInput): Promise<SimpleOutcome> {
  return command(db, ctx.actor, async trx => {
    const years = await repo.listYears(trx, ctx.actor.partnershipId)
    if (years.some(y => y.label === input.label)) {
      return invalid('label', 'There is already a budget for this financial year')
    }
    const values = {
      label: input.label,
      printedIncomePence: input.printedIncome,
      printedBudgetPence: input.printedBudget,
      printedSpendPence: input.printedSpend,
    }
    const id = await repo.insertYear(trx, { ...values, partnershipId: ctx.actor.partnershipId })
    await audit(trx, ctx, {
      action: 'governance.financial-year.created',
      resourceType: 'gov-financial-year',
      resourceId: id,
      fields: values,
    })
    return { kind: 'saved', id }
  })
}

export async function insertBudgetLine(
  trx: Trx,
  ctx: Ctx,
  yearId: string,
  input: BudgetLineInput,
): Promise<SimpleOutcome> {
  if (input.agencyId && !(await repo.findAgency(trx, ctx.actor.partnershipId, input.agencyId))) {
    return { kind: 'invalid', field: 'agencyId', message: 'Select an agency from the list' }
  }
  const id = await repo.insertBudgetLine(trx, {
    partnershipId: ctx.actor.partnershipId,
    yearId,
    position: await repo.nextBudgetPosition(trx, yearId),
    kind: input.kind,
    description: input.description,
    agencyId: input.agencyId,
    contributionType: input.kind === 'contribution' ? input.contributionType : null,
    budgetPence: input.budget,
    actualPence: input.actual,
  })
  return { kind: 'saved', id }
}

export function addBudgetLine(
  db: Db,
  ctx: Ctx,
  yearId: string,
  input: BudgetLineInput,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    if (!(await repo.findYear(trx, ctx.actor.partnershipId, yearId))) return { kind: 'not-found' }
    const outcome = await insertBudgetLine(trx, ctx, yearId, input)
    if (outcome.kind === 'saved') {
      await audit(trx, ctx, {
        action: 'governance.budget-line.created',
        resourceType: 'gov-budget-line',
        resourceId: outcome.id,
        fields: { yearId, ...input },
      })
    }
    return outcome
  })
}

const pence = (value: string | null): number | null => (value === null ? null : Number(value))
const sum = (values: (number | null)[]) => values.reduce<number>((total, v) => total + (v ?? 0), 0)

export type VarianceFlag = 'shortfall' | 'overspend' | null

/**
 * Actual minus budget, where a line has both. Income below its budget is a shortfall; spending
 * above its budget is an overspend.
 */
export function withVariance<
  L extends { kind: string; budget: number | null; actual: number | null },
>(line: L): L & { variance: number | null; flag: VarianceFlag } {
  const variance = line.budget === null || line.actual === null ? null : line.actual - line.budget
  let flag: VarianceFlag = null
  if (variance !== null && line.kind === 'expenditure' && variance > 0) flag = 'overspend'
  if (variance !== null && line.kind !== 'expenditure' && variance < 0) flag = 'shortfall'
  return { ...line, variance, flag }
}

export interface Reconciliation {
  what: string
  computed: number
  printed: number
  difference: number
}

export function budgetStatement(db: Db, actor: Actor, yearId: string) {
  return scoped(db, actor, trx => budgetStatementIn(trx, actor.partnershipId, yearId))
}

/** The statement in the caller's transaction (the annual report reads it through queries.ts). */
export async function budgetStatementIn(trx: Trx, partnershipId: string, yearId: string) {
  {
    const year = await repo.findYear(trx, partnershipId, yearId)
    if (!year) return null
    const lines = (await repo.listBudgetLines(trx, yearId)).map(line =>
      withVariance({
        ...line,
        budget: pence(line.budgetPence),
        actual: pence(line.actualPence),
      }),
    )
    const income = lines.filter(l => l.kind !== 'expenditure')
    const expenditure = lines.filter(l => l.kind === 'expenditure')
    const totals = {
      broughtForward: sum(income.filter(l => l.kind === 'brought-forward').map(l => l.actual)),
      contributionsCash: sum(
        income
          .filter(l => l.kind === 'contribution' && l.contributionType === 'cash')
          .map(l => l.actual),
      ),
      contributionsInKind: sum(
        income
          .filter(l => l.kind === 'contribution' && l.contributionType === 'in-kind')
          .map(l => l.actual),
      ),
      income: sum(income.map(l => l.actual)),
      incomeBudget: income.some(l => l.budget !== null) ? sum(income.map(l => l.budget)) : null,
      budget: sum(expenditure.map(l => l.budget)),
      spend: sum(expenditure.map(l => l.actual)),
      carryForward: 0,
    }
    // In-kind contributions are not money in the bank: they are shown but not carried forward.
    totals.carryForward = totals.income - totals.contributionsInKind - totals.spend
    const checks: Reconciliation[] = []
    const printed = [
      ['Income', totals.income, pence(year.printedIncomePence)],
      ['Budget', totals.budget, pence(year.printedBudgetPence)],
      ['Spend', totals.spend, pence(year.printedSpendPence)],
    ] as const
    for (const [what, computed, stated] of printed) {
      if (stated !== null)
        checks.push({ what, computed, printed: stated, difference: computed - stated })
    }
    return {
      year,
      income,
      expenditure,
      totals,
      variances: {
        income: totals.incomeBudget === null ? null : totals.income - totals.incomeBudget,
        spend: totals.spend - totals.budget,
      },
      shortfalls: income.filter(l => l.flag === 'shortfall'),
      overspends: expenditure.filter(l => l.flag === 'overspend'),
      checks,
      mismatches: checks.filter(c => c.difference !== 0),
    }
  }
}

export function removeBudgetLine(
  db: Db,
  ctx: Ctx,
  lineId: string,
): Promise<{ kind: 'removed'; yearId: string } | { kind: 'not-found' }> {
  return scoped(db, ctx.actor, async trx => {
    const line = await repo.findBudgetLine(trx, ctx.actor.partnershipId, lineId)
    if (!line) return { kind: 'not-found' }
    await repo.deleteBudgetLine(trx, lineId)
    await audit(trx, ctx, {
      action: 'governance.budget-line.deleted',
      resourceType: 'gov-budget-line',
      resourceId: lineId,
      fields: {
        yearId: line.yearId,
        kind: line.kind,
        description: line.description,
        budgetPence: line.budgetPence,
        actualPence: line.actualPence,
      },
    })
    return { kind: 'removed', yearId: line.yearId }
  })
}
