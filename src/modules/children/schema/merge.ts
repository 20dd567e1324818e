import { z } from 'zod'
import { queryObject } from '../../../platform/query.js'
import { MERGE_FIELDS, choiceMessage, type MergeChoice, type MergeField } from '../merge.js'

export const MergeParams = z.object({ id: z.uuid(), duplicateId: z.uuid() })

export const MergeSearchQuery = queryObject({
  q: z
    .string()
    .optional()
    .catch(undefined)
    .transform(value => (value ?? '').trim().slice(0, 100)),
})

const choice = (field: MergeField) =>
  z.enum(['kept', 'merged'], { error: choiceMessage(field) }).optional()

/**
 * The comparison form: why the two records are the same child, and for each conflicting field
 * which record's value to keep (`keep-givenName`: 'kept' or 'merged'). Which fields conflict
 * depends on the records, so the route checks that each has its choice.
 */
export const MergeForm = z.object({
  reason: z
    .string({ error: 'Enter why these records are the same child' })
    .trim()
    .min(1, 'Enter why these records are the same child')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
  ...(Object.fromEntries(MERGE_FIELDS.map(field => [`keep-${field}`, choice(field)])) as Record<
    `keep-${MergeField}`,
    ReturnType<typeof choice>
  >),
})
export type MergeFormInput = z.infer<typeof MergeForm>

export function choicesOf(form: MergeFormInput): Partial<Record<MergeField, MergeChoice>> {
  const choices: Partial<Record<MergeField, MergeChoice>> = {}
  for (const field of MERGE_FIELDS) {
    const value = form[`keep-${field}`]
    if (value) choices[field] = value
  }
  return choices
}
