import { z } from 'zod'
import { RETENTION_TARGETS, unitOf } from './retention.js'

const contact = (message: string, label: string) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .max(500, `${label} must be 500 characters or fewer`)

export const ContactsForm = z.object({
  controllerContact: contact(
    'Enter how people contact the partnership about their data',
    'The contact',
  ),
  dpoContact: z
    .string()
    .trim()
    .max(500, 'The data protection officer’s contact must be 500 characters or fewer')
    .optional()
    .transform(value => (value ? value : null)),
})
export type ContactsInput = z.infer<typeof ContactsForm>

const years = (type: string) =>
  z
    .string({ error: 'Enter the number of years' })
    .trim()
    .regex(/^\d{1,3}$/, 'Enter the number of years as a whole number, like 6')
    .transform(Number)
    .refine(value => value >= 1 && value <= 100, 'The number of years must be between 1 and 100')
    .describe(type)

const days = (type: string) =>
  z
    .string({ error: 'Enter the number of days' })
    .trim()
    .regex(/^\d{1,4}$/, 'Enter the number of days as a whole number, like 30')
    .transform(Number)
    .refine(value => value >= 1 && value <= 3650, 'The number of days must be between 1 and 3650')
    .describe(type)

export const RetentionForm = z.object(
  Object.fromEntries(
    Object.entries(RETENTION_TARGETS).map(([type, target]) => [
      type,
      unitOf(target) === 'days' ? days(type) : years(type),
    ]),
  ),
)
export type RetentionInput = Record<string, number>
