import { z } from 'zod'
import { financialYearField } from '../../../platform/form-fields.js'
import {
  BUDGET_KINDS,
  CONTRIBUTION_TYPES,
  MONEY_MESSAGE,
  keys,
  optionalMoney,
  optionalUuid,
  requiredText,
} from './shared.js'

// Financial years and budget lines

export const YearForm = z.object({
  // "2016/17" or "2016-17", kept as "2016/17" (issue 19 point 5).
  label: financialYearField('Enter the financial year, like 2016/17 or 2016-17'),
  printedIncome: optionalMoney,
  printedBudget: optionalMoney,
  printedSpend: optionalMoney,
})
export type YearInput = z.infer<typeof YearForm>

export const BudgetLineForm = z
  .object({
    kind: z.enum(keys(BUDGET_KINDS), { error: 'Select the type of line' }),
    description: requiredText('Enter a description, like Training', 200, 'Description'),
    agencyId: optionalUuid('Select an agency from the list'),
    contributionType: z
      .enum(['', ...keys(CONTRIBUTION_TYPES)], { error: 'Select cash or in kind' })
      .optional()
      .transform(value => (value ? value : null)),
    budget: optionalMoney,
    actual: optionalMoney,
  })
  .refine(form => form.kind !== 'contribution' || form.contributionType !== null, {
    message: 'Select whether the contribution is cash or in kind',
    path: ['contributionType'],
  })
  .refine(form => form.budget !== null || form.actual !== null, {
    message: MONEY_MESSAGE,
    path: ['actual'],
  })
export type BudgetLineInput = z.infer<typeof BudgetLineForm>

export function penceToPounds(pence: number | null): string {
  if (pence === null) return ''
  const pounds = Math.trunc(pence / 100)
  const rest = pence % 100
  return `£${pounds.toLocaleString('en-GB')}${rest ? `.${String(rest).padStart(2, '0')}` : ''}`
}
