import { z } from 'zod'
import { withDateInputs } from '../../../platform/date-input.js'
import { ChildFields, optionalText, requiredDate, requiredText } from '../shared.js'

export const SCREENING_OUTCOMES = {
  'no-risk': 'No risk identified',
  low: 'Low risk',
  medium: 'Medium risk',
  high: 'High risk',
  'known-case': 'FGM has taken place (known case)',
} as const

const ReferralFormFields = z.object({
  ...ChildFields,
  referredOn: requiredDate('the date of the referral'),
  screeningOutcome: z.enum(Object.keys(SCREENING_OUTCOMES) as [keyof typeof SCREENING_OUTCOMES], {
    error: 'Select the outcome of the screening tool',
  }),
  community: optionalText(100, 'Community'),
})
export const ReferralForm = withDateInputs(['referredOn', 'birthDate'], ReferralFormFields)
export type ReferralInput = z.infer<typeof ReferralForm>

const DecisionFormFields = z.object({
  decidedOn: requiredDate('the date of the panel’s decision'),
  decision: requiredText(2000, 'Enter the panel’s decision', 'Decision'),
})
export const DecisionForm = withDateInputs(['decidedOn'], DecisionFormFields)
export type DecisionInput = z.infer<typeof DecisionForm>

const MandatoryReportFormFields = z.object({
  reportedOn: requiredDate('the date the case was reported to the police'),
  reportedBy: requiredText(200, 'Enter who reported the case to the police', 'Reported by'),
})
export const MandatoryReportForm = withDateInputs(['reportedOn'], MandatoryReportFormFields)
export type MandatoryReportInput = z.infer<typeof MandatoryReportForm>

export const FgmListQuery = z
  .object({
    outcome: z.enum(['', ...Object.keys(SCREENING_OUTCOMES)] as [string, ...string[]]).optional(),
    format: z.enum(['csv']).optional(),
  })
  .strict()
