import { z } from 'zod'
import { withDateInputs } from '../../../platform/date-input.js'
import { date, manyIds, optionalText, text } from '../schema.js'
import { GRADES, THEMES } from './service.js'

const gradeField = z.enum(
  Object.keys(GRADES) as ['outstanding', 'good', 'requires-improvement', 'inadequate'],
  { error: 'Select a grade' },
)
const age = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform(v => (v ? v : null))
    .refine(
      v => v === null || /^([0-9]|1[0-7])$/.test(v),
      `${label} must be a whole number from 0 to 17`,
    )
    .transform(v => (v === null ? null : Number(v)))

export const AuditForm = z
  .object({
    _csrf: z.string().optional(),
    title: text(200, 'Enter the title of the audit', 'The title'),
    theme: z.enum(Object.keys(THEMES) as [keyof typeof THEMES], { error: 'Select the theme' }),
    questions: text(5000, 'Enter at least one audit question', 'The questions').transform(v =>
      v
        .split(/\r?\n/)
        .map(q => q.trim())
        .filter(Boolean),
    ),
    agencyIds: manyIds('Select the agencies that audit the cases'),
  })
  .strict()

export const SampleForm = withDateInputs(
  ['from', 'to'],
  z
    .object({
      _csrf: z.string().optional(),
      category: z
        .enum(['', 'NEG', 'PHY', 'EMO', 'SAB', 'MUL'], { error: 'Select a plan category' })
        .transform(v => v || null),
      teamId: z
        .string()
        .trim()
        .optional()
        .transform(v => (v ? v : null))
        .refine(v => v === null || z.uuid().safeParse(v).success, 'Select a team from the list'),
      minAge: age('The youngest age'),
      maxAge: age('The oldest age'),
      from: date('the start of the period'),
      to: date('the end of the period'),
      size: z.coerce
        .number({ error: 'Enter how many cases to draw' })
        .int('Enter a whole number of cases')
        .min(1, 'Draw at least 1 case')
        .max(50, 'Draw 50 cases or fewer'),
      seed: z
        .string()
        .trim()
        .optional()
        .transform(v => (v ? v : null))
        .refine(
          v => v === null || /^[0-9]{1,9}$/.test(v),
          'The seed must be a whole number of up to 9 digits',
        )
        .transform(v => (v === null ? null : Number(v))),
    })
    .strict()
    .refine(v => v.minAge === null || v.maxAge === null || v.minAge <= v.maxAge, {
      path: ['maxAge'],
      message: 'The oldest age must be the same as or more than the youngest',
    }),
)

export const ReferenceForm = z
  .object({
    _csrf: z.string().optional(),
    reference: text(60, 'Enter the LA child ID or the agency’s reference', 'The reference'),
  })
  .strict()

export const GradeForm = z
  .object({ _csrf: z.string().optional(), grade: gradeField })
  .catchall(z.string().max(5000, 'The answer must be 5,000 characters or fewer'))

export const ModerationForm = z
  .object({
    _csrf: z.string().optional(),
    grade: gradeField,
    comment: optionalText(5000, 'The comment'),
  })
  .strict()

export const ReportForm = z
  .object({
    _csrf: z.string().optional(),
    findings: text(20000, 'Enter the findings', 'The findings'),
    learning: text(20000, 'Enter the learning', 'The learning'),
  })
  .strict()

export const CATEGORY_WORDS = {
  NEG: 'Neglect',
  PHY: 'Physical abuse',
  EMO: 'Emotional abuse',
  SAB: 'Sexual abuse',
  MUL: 'Multiple',
} as const
