import { z } from 'zod'
import { optionalText, requiredText } from '../shared.js'

export const ABOUT = {
  place: 'A place (a house, a shop, a park)',
  adult: 'An adult',
  vehicle: 'A vehicle',
  online: 'Something online',
  other: 'Something else',
} as const

export const IntelligenceForm = z.object({
  partnership: z.string({ error: 'Select the area' }).trim().min(1, 'Select the area').max(60),
  about: z.enum(Object.keys(ABOUT) as [keyof typeof ABOUT], {
    error: 'Select what the information is about',
  }),
  location: optionalText(500, 'Where'),
  description: requiredText(
    5000,
    'Enter what you have seen or heard',
    'What you have seen or heard',
  ),
  contact: optionalText(500, 'Contact details'),
})
export type IntelligenceInput = z.infer<typeof IntelligenceForm>

export const QueueQuery = z
  .object({
    show: z.enum(['new', 'reviewed', 'all']).optional().default('new'),
    format: z.enum(['csv']).optional(),
  })
  .strict()
