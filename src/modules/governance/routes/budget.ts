import type { FastifyInstance } from 'fastify'
import type { Db } from '../../../db/database.js'
import { can, permission } from '../../../platform/permissions.js'
import * as repo from '../repo.js'
import {
  BUDGET_KINDS,
  BudgetLineForm,
  CONTRIBUTION_TYPES,
  YearForm,
  penceToPounds,
} from '../schema.js'
import {
  agencyItems,
  ctxOf,
  idOf,
  items,
  registerAddForm,
  registerListPage,
  recordPage,
  registerPageForm,
  sendExport,
} from './shared.js'
import { addBudgetLine, budgetStatement, createYear, removeBudgetLine } from '../service/budget.js'
import { scoped } from '../service/shared.js'
import { afterChange } from './notices.js'

/** Budget: financial years, their income and expenditure lines, and the year's statement. */
export function registerBudgetRoutes(app: FastifyInstance, db: Db): void {
  // Money columns in pounds, a blank where the year's printed figure is not known.
  const pounds = (pence: number | string | null) => (pence === null ? '' : Number(pence) / 100)
  registerListPage(app, {
    path: '/budget',
    resource: 'governance-budget',
    filter: () => ({}),
    load: actor => scoped(db, actor, trx => repo.listYears(trx, actor.partnershipId)),
    exportName: 'financial-years',
    columns: {
      year: y => y.label,
      printed_income: y => pounds(y.printedIncomePence),
      printed_budget: y => pounds(y.printedBudgetPence),
      printed_spend: y => pounds(y.printedSpendPence),
    },
    view: 'budget',
    model: years => ({ title: 'Budget', years }),
  })

  registerAddForm(app, {
    path: '/budget',
    resource: 'governance-budget',
    view: 'year-form',
    title: 'Add a financial year',
    schema: YearForm,
    add: (ctx, input) => createYear(db, ctx, input),
  })

  const money = (value: number | null) => penceToPounds(value)
  // A variance with its sign: "+£1,200" more than budgeted, "−£1,200" less.
  const signed = (value: number | null) =>
    value === null ? '' : `${value > 0 ? '+' : value < 0 ? '−' : ''}${money(Math.abs(value))}`

  const statementPage = recordPage({
    load: (actor, id) => budgetStatement(db, actor, id),
    exportAs: (reply, statement, format, actor) => {
      const header = [
        'kind',
        'description',
        'agency',
        'contribution_type',
        'budget',
        'actual',
        'variance',
        'flag',
      ]
      const rows = [...statement.income, ...statement.expenditure].map(l => [
        l.kind,
        l.description,
        l.agencyName,
        l.contributionType,
        l.budget === null ? '' : l.budget / 100,
        l.actual === null ? '' : l.actual / 100,
        pounds(l.variance),
        l.flag ?? '',
      ])
      const { totals, variances } = statement
      rows.push([
        'total',
        'Income',
        '',
        '',
        pounds(totals.incomeBudget),
        totals.income / 100,
        pounds(variances.income),
        variances.income !== null && variances.income < 0 ? 'shortfall' : '',
      ])
      rows.push([
        'total',
        'Expenditure',
        '',
        '',
        totals.budget / 100,
        totals.spend / 100,
        variances.spend / 100,
        variances.spend > 0 ? 'overspend' : '',
      ])
      rows.push(['total', 'Carry forward', '', '', '', statement.totals.carryForward / 100])
      const name = `budget-${statement.year.label.replace('/', '-')}`
      return sendExport(reply, actor, 'governance-budget', format, name, header, rows)
    },
    show: async (_request, statement, form = {}, actor) => ({
      view: 'budget-year',
      model: {
        title: `Budget ${statement.year.label}`,
        ...statement,
        money,
        signed,
        form,
        kindItems: items(BUDGET_KINDS, form.kind, 'Select the type of line'),
        typeItems: items(CONTRIBUTION_TYPES, form.contributionType, 'Not a contribution'),
        agencyItems: await agencyItems(db, actor, 'No agency', form.agencyId),
        canEdit: can(actor.roles, 'governance-budget', 'create'),
      },
    }),
  })

  app.get(
    '/budget/:id',
    { config: { access: permission('governance-budget', 'read') } },
    (request, reply) => statementPage(request, reply),
  )

  registerPageForm(app, '/budget/:id/lines', permission('governance-budget', 'create'), {
    schema: BudgetLineForm,
    page: statementPage,
    save: (ctx, yearId, line) => addBudgetLine(db, ctx, yearId, line),
    savedUrl: yearId => afterChange(`/governance/budget/${yearId}`, 'budget-line-added'),
  })

  app.post(
    '/budget/lines/:id/delete',
    { config: { access: permission('governance-budget', 'update') } },
    async (request, reply) => {
      const id = idOf(request)
      const outcome = id ? await removeBudgetLine(db, ctxOf(request), id) : null
      if (!outcome || outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(
        afterChange(`/governance/budget/${outcome.yearId}`, 'budget-line-removed'),
        303,
      )
    },
  )
}
