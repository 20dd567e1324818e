import { z } from 'zod'
import { isValidIsoDate } from '../../../platform/working-days.js'
import {
  RAG_RATINGS,
  STEP_STATUSES,
  type StepStatus,
  keys,
  optionalText,
  optionalUuid,
  requiredDate,
  requiredText,
  withDateInputs,
} from './shared.js'

// Business plans, their versions, actions, steps and evidence

const PlanFormFields = z
  .object({
    title: requiredText('Enter the plan’s title, like Business Plan 2014-17', 200, 'Title'),
    startsOn: requiredDate('the date the plan starts'),
    endsOn: requiredDate('the date the plan ends'),
  })
  .refine(form => form.endsOn >= form.startsOn, {
    message: 'The end date must be after the start date',
    path: ['endsOn'],
  })
export const PlanForm = withDateInputs(['startsOn', 'endsOn'], PlanFormFields)
export type PlanInput = z.infer<typeof PlanForm>

export const VersionForm = withDateInputs(
  ['issuedOn'],
  z.object({
    number: z
      .string({ error: 'Enter the version number, like 8' })
      .trim()
      .refine(
        value => /^\d{1,4}$/.test(value) && Number(value) > 0,
        'Enter the version number, like 8',
      )
      .transform(Number),
    label: requiredText('Enter the version’s name, like Version 8, April 2016', 200, 'Name'),
    issuedOn: requiredDate('the date of the version'),
    changes: optionalText(20000, 'What changed'),
  }),
)
export type VersionInput = z.infer<typeof VersionForm>

export const StepUpdateForm = z.object({
  status: z
    .enum(['', ...keys(STEP_STATUSES)], { error: 'Select the step’s status' })
    .optional()
    .transform(value => (value ? value : null)),
  revisedDue: optionalText(100, 'Revised due date'),
})
export type StepUpdateInput = z.infer<typeof StepUpdateForm>

export const ActionUpdateForm = z.object({
  rag: z
    .enum(['', ...keys(RAG_RATINGS)], { error: 'Select a RAG rating' })
    .optional()
    .transform(value => (value ? value : null)),
  impactAndEvidence: optionalText(20000, 'Impact and evidence'),
})
export type ActionUpdateInput = z.infer<typeof ActionUpdateForm>

/** A step's due date as printed ('2015-02', '2015-05-29', 'Quarterly throughout 2015-17'). */
export function dueDateOf(label: string): string | null {
  const match = /(?<!\d)(\d{4})-(0[1-9]|1[0-2])(?:-(\d{2}))?(?!\d)/.exec(label)
  if (!match) return null
  const [, year = '', month = '', day] = match
  if (day) return isValidIsoDate(`${year}-${month}-${day}`) ? `${year}-${month}-${day}` : null
  // A month means by the end of that month.
  const last = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate()
  return `${year}-${month}-${String(last).padStart(2, '0')}`
}

/** '2015-02' as 'February 2015', '2015-05-29' as '29 May 2015'; other text as printed. */
export function formatDueLabel(label: string): string {
  return label.replace(/(?<!\d)(\d{4})-(0[1-9]|1[0-2])(?:-(\d{2}))?(?!\d)/g, (text, y, m, d) => {
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, d ? Number(d) : 1))
    if (Number.isNaN(date.getTime())) return text
    const options: Intl.DateTimeFormatOptions = { month: 'long', year: 'numeric', timeZone: 'UTC' }
    return date.toLocaleDateString('en-GB', d ? { ...options, day: 'numeric' } : options)
  })
}

export function stepStatusOf(text: string): StepStatus | null | 'invalid' {
  const value = text.trim().toLowerCase().replace(/\s+/g, '-')
  if (value === '') return null
  return value in STEP_STATUSES ? (value as StepStatus) : 'invalid'
}

export const EvidenceForm = withDateInputs(
  ['recordedOn'],
  z.object({
    recordedOn: requiredDate('the date of the evidence'),
    text: requiredText('Describe the impact or evidence', 5000, 'Evidence'),
  }),
)
export type EvidenceInput = z.infer<typeof EvidenceForm>

const lines = z
  .string()
  .optional()
  .transform(value =>
    (value ?? '')
      .split(/\r?\n/)
      .map(line => line.trim())
      .filter(Boolean),
  )

export const PlanActionForm = z.object({
  priorityNumber: z
    .string({ error: 'Enter the priority’s number, like 6' })
    .trim()
    .refine(value => /^\d{1,3}$/.test(value) && Number(value) > 0, {
      message: 'Enter the priority’s number, like 6',
    })
    .transform(Number),
  priorityTitle: optionalText(500, 'Priority'),
  reference: z
    .string({ error: 'Enter the action’s reference, like 6.2.4' })
    .trim()
    .refine(value => /^\d+(\.\d+)*$/.test(value), 'Enter the action’s reference, like 6.2.4'),
  specificAction: requiredText('Enter the specific action', 2000, 'Specific action'),
  leads: lines,
  leadAgencyId: optionalUuid('Select an agency from the list'),
  successIndicators: lines,
  sourceTags: lines,
})
export type PlanActionInput = z.infer<typeof PlanActionForm>

export const PlanStepForm = z.object({
  text: requiredText('Enter the step', 2000, 'Step'),
  due: requiredText('Enter when the step is due, like January 2016 or Quarterly', 100, 'Due'),
  status: z
    .enum(['', ...keys(STEP_STATUSES)], { error: 'Select the step’s status' })
    .optional()
    .transform(value => (value ? value : null)),
})
export type PlanStepInput = z.infer<typeof PlanStepForm>
