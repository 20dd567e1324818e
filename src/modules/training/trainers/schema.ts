import { z } from 'zod'
import { requiredDate, requiredText } from '../../../platform/form-fields.js'
import { withDateInputs } from '../../../platform/date-input.js'

const date = requiredDate

const text = requiredText

export const GRADES = {
  outstanding: 'Outstanding',
  good: 'Good',
  'requires-improvement': 'Requires improvement',
  inadequate: 'Inadequate',
} as const

const TrainerFormFields = z.object({
  name: text('Enter the trainer’s name', 200, 'Name'),
  agencyId: z.uuid({ error: 'Select the trainer’s agency' }),
  accreditedOn: date('the date the trainer was accredited'),
})
export const TrainerForm = withDateInputs(['accreditedOn'], TrainerFormFields)
export type TrainerInput = z.infer<typeof TrainerForm>

const DeliveryFormFields = z.object({
  courseId: z.uuid({ error: 'Select the course delivered' }),
  trainerId: z.uuid({ error: 'Select the trainer' }),
  deliveredOn: date('the date of the delivery'),
  delegates: z
    .string({ error: 'Enter the number of delegates' })
    .trim()
    .refine(value => /^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= 500, {
      message: 'Enter the number of delegates, between 1 and 500',
    })
    .transform(Number),
})
export const DeliveryForm = withDateInputs(['deliveredOn'], DeliveryFormFields)
export type DeliveryInput = z.infer<typeof DeliveryForm>

const ObservationFormFields = z.object({
  observedOn: date('the date of the observation'),
  observer: text('Enter the observer’s name', 200, 'Observer'),
  grade: z.enum(Object.keys(GRADES) as [keyof typeof GRADES], { error: 'Select the grade' }),
  notes: z
    .string()
    .trim()
    .max(5000, 'Notes must be 5000 characters or fewer')
    .optional()
    .transform(value => value || null),
})
export const ObservationForm = withDateInputs(['observedOn'], ObservationFormFields)
export type ObservationInput = z.infer<typeof ObservationForm>
