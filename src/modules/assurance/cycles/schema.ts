import { z } from 'zod'
import { withDateInputs } from '../../../platform/date-input.js'
import { date, manyIds, text, uuid } from '../schema.js'
import { ORGANISATION_KINDS } from './service.js'

export const OrganisationForm = z
  .object({
    _csrf: z.string().optional(),
    kind: z.enum(Object.keys(ORGANISATION_KINDS) as ['agency', 'school', 'setting'], {
      error: 'Select the type of organisation',
    }),
    agencyId: z
      .string()
      .optional()
      .transform(v => v || null),
    urn: z
      .string()
      .trim()
      .optional()
      .transform(v => v || null)
      .refine(v => v === null || /^[0-9]{6,7}$/.test(v), 'Enter a URN of 6 or 7 digits'),
    name: text(200, 'Enter the organisation’s name', 'The name'),
    phase: z
      .string()
      .trim()
      .max(60, 'The phase must be 60 characters or fewer')
      .optional()
      .transform(v => v || null),
    leadEmail: text(320, 'Enter the lead’s email address', 'The email address').refine(
      v => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
      'Enter an email address in the correct format, like name@example.org',
    ),
  })
  .strict()
  .refine(v => v.kind !== 'agency' || v.agencyId !== null, {
    path: ['agencyId'],
    message: 'Select the agency',
  })

const CycleFormFields = z
  .object({
    _csrf: z.string().optional(),
    templateId: uuid('Select a template'),
    title: text(200, 'Enter the title of the cycle', 'The title'),
    opensOn: date('the opening date'),
    dueOn: date('the due date'),
    organisationIds: manyIds('Select the organisations that must return'),
  })
  .strict()
export const CycleForm = withDateInputs(['opensOn', 'dueOn'], CycleFormFields)

export const CycleQuery = z
  .object({
    status: z.enum(['', 'invited', 'in-progress', 'submitted', 'returned', 'moderated']).optional(),
    kind: z.enum(['', 'agency', 'school', 'setting']).optional(),
    format: z.enum(['csv', 'xlsx']).optional(),
  })
  .strict()
