import { z } from 'zod'

// ---- Checks with partner agencies ----------------------------------------------------------

export const CHECK_DUE_NAMES = {
  'today-5pm': 'Today by 5pm',
  'next-working-day-noon': 'Next working day by 12:00',
} as const
export type CheckDue = keyof typeof CHECK_DUE_NAMES

export const CHECK_STATUS_NAMES = {
  requested: 'Requested',
  answered: 'Answered',
  overdue: 'Overdue',
} as const

/** Checkboxes arrive as one string or an array of strings. */
const checkedValues = z.preprocess(
  (value: unknown): unknown[] =>
    value === undefined ? [] : Array.isArray(value) ? (value as unknown[]) : [value],
  z
    .array(z.uuid({ error: 'Select the agencies to ask' }), { error: 'Select the agencies to ask' })
    .min(1, 'Select at least one agency to ask')
    .max(20, 'Select 20 agencies or fewer'),
)

export const RequestChecksForm = z.object({
  agencyIds: checkedValues,
  question: z
    .string()
    .trim()
    .max(2000, 'The question must be 2,000 characters or fewer')
    .optional()
    .transform(value => value || null),
  due: z.enum(Object.keys(CHECK_DUE_NAMES) as [CheckDue], {
    error: 'Select when the answer is due',
  }),
})
export type RequestChecksInput = z.infer<typeof RequestChecksForm>

export const AnswerCheckForm = z.object({
  answer: z
    .string({ error: 'Enter the agency’s answer' })
    .trim()
    .min(1, 'Enter the agency’s answer')
    .max(5000, 'The answer must be 5,000 characters or fewer'),
})

export const CheckParams = z.object({ checkId: z.uuid() })
