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
    const { id } = await trx
      .insertInto('govFinancialYear')
      .values({ ...values, partnershipId: ctx.actor.partnershipId })
      .returning('id')
      .executeTakeFirstOrThrow()
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
  if (
    input.agencyId &&
    !(await repo.findAgencyById(trx, ctx.actor.partnershipId, input.agencyId))
  ) {
    return { kind: 'invalid', field: 'agencyId', message: 'Select an agency from the list' }
  }
  const { id } = await trx
    .insertInto('govBudgetLine')
    .values({
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
    .returning('id')
    .executeTakeFirstOrThrow()
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

export interface Reconciliation {
  what: string
  computed: number
  printed: number
  difference: number
}

export function budgetStatement(db: Db, actor: Actor, yearId: string) {
  return scoped(db, actor, async trx => {
    const year = await repo.findYear(trx, actor.partnershipId, yearId)
    if (!year) return null
    const lines = (await repo.listBudgetLines(trx, yearId)).map(line => ({
      ...line,
      budget: pence(line.budgetPence),
      actual: pence(line.actualPence),
    }))
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
      checks,
      mismatches: checks.filter(c => c.difference !== 0),
    }
  })
}

export function removeBudgetLine(
  db: Db,
  ctx: Ctx,
  lineId: string,
): Promise<{ kind: 'removed'; yearId: string } | { kind: 'not-found' }> {
  return scoped(db, ctx.actor, async trx => {
    const line = await trx
      .selectFrom('govBudgetLine')
      .selectAll()
      .where('partnershipId', '=', ctx.actor.partnershipId)
      .where('id', '=', lineId)
      .executeTakeFirst()
    if (!line) return { kind: 'not-found' }
    await trx.deleteFrom('govBudgetLine').where('id', '=', lineId).execute()
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
