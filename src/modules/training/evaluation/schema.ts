import { z } from 'zod'

const rating = z
  .string({ error: 'Select how useful the course was' })
  .regex(/^[1-5]$/, 'Select how useful the course was, from 1 to 5')
  .transform(Number)

const comments = z
  .string()
  .trim()
  .max(5000, 'Comments must be 5000 characters or fewer')
  .optional()
  .transform(value => value || null)

export const EvaluationForm = z.object({ rating, comments })
export type EvaluationInput = z.infer<typeof EvaluationForm>

export const FollowUpForm = z
  .object({
    impact: z
      .enum(['yes', 'no'], { error: 'Select whether the course has changed your practice' })
      .transform(value => value === 'yes'),
    impactText: comments,
  })
  .refine(value => !value.impact || value.impactText, {
    path: ['impactText'],
    message: 'Describe how the course has changed your practice',
  })
export type FollowUpInput = z.infer<typeof FollowUpForm>

export const LinkForm = z.object({ actionId: z.uuid({ error: 'Select the business plan action' }) })
