import { z } from 'zod'
import { withDateInputs } from '../../../platform/date-input.js'
import { ChildFields, TIME_PATTERN, optionalDate, optionalText, requiredDate } from '../shared.js'

export const MISSING_FROM = { home: 'Home', care: 'Care' } as const
export const INTERVIEW_OUTCOMES = { completed: 'Completed', declined: 'Declined' } as const

const time = (what: string) =>
  z
    .string({ error: `Enter the time ${what}, like 14:30` })
    .trim()
    .refine(value => TIME_PATTERN.test(value), `Enter the time ${what}, like 14:30`)
const optionalTime = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform(value => value || null)
    .refine(
      value => value === null || TIME_PATTERN.test(value),
      `Enter the time ${what}, like 14:30`,
    )

const EpisodeFormFields = z
  .object({
    ...ChildFields,
    missingFrom: z.enum(['home', 'care'], {
      error: 'Select whether the child went missing from home or from care',
    }),
    reportedOn: requiredDate('the date the child was reported missing'),
    reportedTime: time('the child was reported missing'),
    foundOn: optionalDate('the date the child was found'),
    foundTime: optionalTime('the child was found'),
    policeReference: optionalText(40, 'Police reference'),
  })
  .refine(form => (form.foundOn === null) === (form.foundTime === null), {
    message: 'Enter both the date and the time the child was found, or neither',
    path: ['foundOn'],
  })
export const EpisodeForm = withDateInputs(['reportedOn', 'foundOn', 'birthDate'], EpisodeFormFields)
export type EpisodeInput = z.infer<typeof EpisodeForm>

const FoundFormFields = z.object({
  foundOn: requiredDate('the date the child was found'),
  foundTime: time('the child was found'),
})
export const FoundForm = withDateInputs(['foundOn'], FoundFormFields)

const InterviewFormFields = z
  .object({
    offeredOn: requiredDate('the date the interview was offered'),
    offeredTime: time('the interview was offered'),
    outcome: z
      .enum(['', 'completed', 'declined'], {
        error: 'Select whether the interview was completed or declined',
      })
      .optional()
      .transform(value => value || null),
    interviewOn: optionalDate('the date of the interview or when it was declined'),
  })
  .refine(form => (form.outcome === null) === (form.interviewOn === null), {
    message: 'Enter the date the interview was completed or declined',
    path: ['interviewOn'],
  })
export const InterviewForm = withDateInputs(['offeredOn', 'interviewOn'], InterviewFormFields)
export type InterviewInput = z.infer<typeof InterviewForm>

export const MissingListQuery = z
  .object({
    show: z.enum(['open', 'all', 'repeat']).optional().default('all'),
    format: z.enum(['csv']).optional(),
  })
  .strict()
