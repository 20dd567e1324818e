import { z } from 'zod'
import { withDateInputs } from '../../../platform/date-input.js'
import { ChildFields, optionalText, requiredDate, requiredText } from '../shared.js'

export const ASSESSMENT_OUTCOMES = {
  suitable: 'Suitable',
  'suitable-with-support': 'Suitable with support',
  unsuitable: 'Unsuitable',
  'not-private-fostering': 'Not a private fostering arrangement',
} as const
export const END_REASONS = {
  'returned-home': 'Returned to a parent',
  'moved-area': 'Moved out of the area',
  'turned-16-or-18': 'Reached 16 (18 if disabled)',
  'became-looked-after': 'Became looked after',
  other: 'Other',
} as const

const yesNo = (message: string) =>
  z.enum(['yes', 'no'], { error: message }).transform(value => value === 'yes')

const NotificationFormFields = z.object({
  ...ChildFields,
  notifiedOn: requiredDate('the date of the notification'),
  arrangementStart: requiredDate('the date the arrangement started or will start'),
  childDisabled: yesNo('Select whether the child is disabled'),
  twentyEightDays: yesNo('Select whether the arrangement is for 28 days or more'),
  carerName: requiredText(200, 'Enter the name of the private foster carer', 'Carer’s name'),
})
export const NotificationForm = withDateInputs(
  ['notifiedOn', 'arrangementStart', 'birthDate'],
  NotificationFormFields,
)
export type NotificationInput = z.infer<typeof NotificationForm>

const VisitFormFields = z.object({
  visitedOn: requiredDate('the date of the visit'),
  seenAlone: yesNo('Select whether the child was seen alone'),
  notes: optionalText(5000, 'Notes'),
})
export const VisitForm = withDateInputs(['visitedOn'], VisitFormFields)
export type VisitInput = z.infer<typeof VisitForm>

const AssessmentFormFields = z.object({
  completedOn: requiredDate('the date the assessment was completed'),
  outcome: z.enum(Object.keys(ASSESSMENT_OUTCOMES) as [keyof typeof ASSESSMENT_OUTCOMES], {
    error: 'Select the outcome of the assessment',
  }),
})
export const AssessmentForm = withDateInputs(['completedOn'], AssessmentFormFields)
export type AssessmentInput = z.infer<typeof AssessmentForm>

const EndFormFields = z.object({
  endedOn: requiredDate('the date the arrangement ended'),
  reason: z.enum(Object.keys(END_REASONS) as [keyof typeof END_REASONS], {
    error: 'Select why the arrangement ended',
  }),
})
export const EndForm = withDateInputs(['endedOn'], EndFormFields)
export type EndInput = z.infer<typeof EndForm>

export const FiguresQuery = z
  .object({ from: z.iso.date().optional(), to: z.iso.date().optional() })
  .strict()
