import { z } from 'zod'
import { optionalText, optionalWholeNumber, text } from '../shared.js'

export const QUESTION_KINDS = {
  single: 'One answer from a list',
  multiple: 'Any number of answers from a list',
  scale: 'A scale from 1 to 5',
  'yes-no': 'Yes or no',
  text: 'Free text',
} as const
export type QuestionKind = keyof typeof QUESTION_KINDS

export const SCALE = ['1', '2', '3', '4', '5']
export const YES_NO = ['Yes', 'No']
export const MAX_ANSWER_LENGTH = 2000

export const SurveyForm = z.object({
  title: text('Enter the title of the survey', 200, 'Title'),
  intro: optionalText(5000, 'Introduction'),
  anonymous: z.enum(['yes', 'no'], { error: 'Select whether answers are anonymous' }),
  invitedCount: optionalWholeNumber(
    'Enter the number invited as a whole number, like 500',
    10_000_000,
    'The number invited',
  ),
})
export type SurveyInput = z.infer<typeof SurveyForm>

export const QuestionForm = z
  .object({
    kind: z.enum(Object.keys(QUESTION_KINDS) as [QuestionKind, ...QuestionKind[]], {
      error: 'Select the type of question',
    }),
    text: text('Enter the question', 500, 'Question'),
    options: z.string().optional(),
    required: z
      .literal('yes')
      .optional()
      .transform(value => value === 'yes'),
  })
  .transform((form, context) => {
    const options = (form.options ?? '')
      .split(/\r?\n/)
      .map(line => line.trim())
      .filter(Boolean)
    const listed = form.kind === 'single' || form.kind === 'multiple'
    if (listed && options.length < 2)
      context.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'Enter at least 2 answers, one on each line',
      })
    if (options.length > 30 || options.some(option => option.length > 200))
      context.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'Enter up to 30 answers of 200 characters or fewer',
      })
    if (new Set(options).size !== options.length)
      context.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'Each answer must be different',
      })
    return {
      kind: form.kind,
      text: form.text,
      required: form.required,
      options: listed ? options : [],
    }
  })
export type QuestionInput = z.infer<typeof QuestionForm>

export const StatusForm = z.object({
  status: z.enum(['open', 'closed'], { error: 'Select open or closed' }),
})

export const EvidenceForm = z.object({
  actionId: z.uuid({ error: 'Select the business plan action' }),
})

export const RespondentForm = z.object({
  respondentName: text('Enter your name', 200, 'Name'),
  respondentEmail: z
    .string()
    .trim()
    .max(320, 'Email address must be 320 characters or fewer')
    .optional()
    .transform(value => (value ? value : null))
    .pipe(
      z
        .email({ error: 'Enter an email address in the correct format, like name@example.org' })
        .nullable(),
    ),
})
