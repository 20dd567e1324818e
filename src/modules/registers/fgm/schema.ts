import { z } from 'zod'
import { ChildFields, optionalText, requiredDate, requiredText } from '../shared.js'

export const SCREENING_OUTCOMES = {
  'no-risk': 'No risk identified',
  low: 'Low risk',
  medium: 'Medium risk',
  high: 'High risk',
  'known-case': 'FGM has taken place (known case)',
} as const

export const ReferralForm = z.object({
  ...ChildFields,
  referredOn: requiredDate('the date of the referral'),
  screeningOutcome: z.enum(Object.keys(SCREENING_OUTCOMES) as [keyof typeof SCREENING_OUTCOMES], {
    error: 'Select the outcome of the screening tool',
  }),
  community: optionalText(100, 'Community'),
})
export type ReferralInput = z.infer<typeof ReferralForm>

export const DecisionForm = z.object({
  decidedOn: requiredDate('the date of the panel’s decision'),
  decision: requiredText(2000, 'Enter the panel’s decision', 'Decision'),
})
export type DecisionInput = z.infer<typeof DecisionForm>

export const MandatoryReportForm = z.object({
  reportedOn: requiredDate('the date the case was reported to the police'),
  reportedBy: requiredText(200, 'Enter who reported the case to the police', 'Reported by'),
})
export type MandatoryReportInput = z.infer<typeof MandatoryReportForm>

export const FgmListQuery = z
  .object({
    outcome: z.enum(['', ...Object.keys(SCREENING_OUTCOMES)] as [string, ...string[]]).optional(),
    format: z.enum(['csv']).optional(),
  })
  .strict()
