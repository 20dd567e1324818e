import { z } from 'zod'
import {
  INSPECTORATES,
  OPEN_CLOSED,
  RECOMMENDATION_STATUSES,
  keys,
  optionalDate,
  optionalText,
  optionalUuid,
  requiredDate,
  requiredText,
  scoreField,
  withDateInputs,
} from './shared.js'

// Risk register, challenge log, inspections and recommendations

const RiskFormFields = z.object({
  reference: z
    .string({ error: 'Enter a reference, like R4' })
    .trim()
    .min(1, 'Enter a reference, like R4')
    .max(20, 'Reference must be 20 characters or fewer'),
  title: requiredText('Enter the risk', 200, 'Risk'),
  description: optionalText(20000, 'Description'),
  ownerName: requiredText('Enter who owns the risk', 200, 'Owner'),
  likelihood: scoreField('likelihood'),
  impact: scoreField('impact'),
  controls: optionalText(20000, 'Controls'),
  reviewOn: requiredDate('the next review date'),
})
export const RiskForm = withDateInputs(['reviewOn'], RiskFormFields)
export type RiskInput = z.infer<typeof RiskForm>

const RiskReviewFormFields = z.object({
  likelihood: scoreField('likelihood'),
  impact: scoreField('impact'),
  controls: optionalText(20000, 'Controls'),
  reviewOn: requiredDate('the next review date'),
  status: z.enum(keys(OPEN_CLOSED), { error: 'Select whether the risk is open or closed' }),
  note: optionalText(20000, 'Note'),
})
export const RiskReviewForm = withDateInputs(['reviewOn'], RiskReviewFormFields)
export type RiskReviewInput = z.infer<typeof RiskReviewForm>

const ChallengeFormFields = z.object({
  raisedOn: requiredDate('the date of the challenge'),
  raisedBy: requiredText('Enter who made the challenge', 200, 'Who challenged'),
  challenged: requiredText('Enter who was challenged', 200, 'Who was challenged'),
  meetingId: optionalUuid('Select a meeting from the list'),
  subject: requiredText('Enter what the challenge was about', 2000, 'Challenge'),
})
export const ChallengeForm = withDateInputs(['raisedOn'], ChallengeFormFields)
export type ChallengeInput = z.infer<typeof ChallengeForm>

const ChallengeResponseFormFields = z
  .object({
    response: optionalText(20000, 'Response'),
    impact: optionalText(20000, 'Evidence of impact'),
    status: z.enum(keys(OPEN_CLOSED), { error: 'Select whether the challenge is open or closed' }),
    closedOn: optionalDate('the date the challenge was closed'),
  })
  .refine(form => form.status === 'open' || form.closedOn !== null, {
    message: 'Enter the date the challenge was closed',
    path: ['closedOn'],
  })
export const ChallengeResponseForm = withDateInputs(['closedOn'], ChallengeResponseFormFields)
export type ChallengeResponseInput = z.infer<typeof ChallengeResponseForm>

const InspectionFormFields = z
  .object({
    inspectorate: z.enum(keys(INSPECTORATES), { error: 'Select the inspectorate' }),
    subject: requiredText(
      'Enter what was inspected, like the partnership or an agency',
      200,
      'What was inspected',
    ),
    agencyId: optionalUuid('Select an agency from the list'),
    startedOn: requiredDate('the date the inspection started'),
    endedOn: optionalDate('the date the inspection ended'),
    publishedOn: optionalDate('the date the report was published'),
    judgement: optionalText(200, 'Judgement'),
  })
  .refine(form => !form.endedOn || form.endedOn >= form.startedOn, {
    message: 'The end date must be the same as or after the start date',
    path: ['endedOn'],
  })
export const InspectionForm = withDateInputs(
  ['startedOn', 'endedOn', 'publishedOn'],
  InspectionFormFields,
)
export type InspectionInput = z.infer<typeof InspectionForm>

export const RecommendationForm = z.object({
  number: z
    .string({ error: 'Enter the recommendation’s number, like 1' })
    .trim()
    .refine(value => /^\d{1,3}$/.test(value) && Number(value) > 0, {
      message: 'Enter the recommendation’s number, like 1',
    })
    .transform(Number),
  text: requiredText('Enter the recommendation', 5000, 'Recommendation'),
  actionReferences: z
    .string()
    .optional()
    .transform(value =>
      (value ?? '')
        .split(/[,\s]+/)
        .map(ref => ref.trim())
        .filter(Boolean),
    )
    .refine(refs => refs.every(ref => /^\d+(\.\d+)*$/.test(ref)), {
      message: 'Enter business plan action references separated by commas, like 6.2.4, 6.2.9',
    }),
})
export type RecommendationInput = z.infer<typeof RecommendationForm>

export const RecommendationStatusForm = z.object({
  status: z.enum(keys(RECOMMENDATION_STATUSES), { error: 'Select the recommendation’s status' }),
})
