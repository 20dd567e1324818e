import { z } from 'zod'
import { queryObject } from '../../platform/query.js'

export const CHILDREN_PER_PAGE = 50

export const ChildSearchQuery = queryObject({
  q: z
    .string()
    .optional()
    .transform(value => (value ?? '').trim().slice(0, 100)),
  page: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .catch(1)
    .transform(value => value ?? 1),
})
export type ChildSearchInput = z.infer<typeof ChildSearchQuery>

export const ChildParams = z.object({ id: z.uuid() })

/** The duplicate a kept record's page names in its banner after a merge. */
export const MergeNoticeQuery = queryObject({
  merged: z.uuid().optional().catch(undefined),
  'merged-from': z.uuid().optional().catch(undefined),
})

const nameField = (what: string) =>
  z
    .string({ error: `Enter the child’s ${what}` })
    .trim()
    .max(200, `The ${what} must be 200 characters or fewer`)
    .transform(value => value || null)

export const ChildNameForm = z
  .object({ givenName: nameField('given name'), familyName: nameField('family name') })
  .refine(form => form.givenName !== null || form.familyName !== null, {
    message: 'Enter a given name or a family name',
    path: ['givenName'],
  })
export type ChildNameInput = z.infer<typeof ChildNameForm>
