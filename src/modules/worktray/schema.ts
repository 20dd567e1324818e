import { z } from 'zod'
import { queryObject } from '../../platform/query.js'

export const IdParams = z.object({ id: z.uuid() })
export const TeamParams = z.object({ teamId: z.uuid() })
export const AgencyParams = z.object({ agencyId: z.uuid() })
export const MemberParams = z.object({ id: z.uuid(), userId: z.uuid() })

/** An optional select: '' (the "none" choice) is null, anything else must be an id. */
function optionalId(message: string) {
  return z.preprocess(
    value => (value === '' || value === undefined ? null : value),
    z.uuid({ error: message }).nullable(),
  )
}

export const TeamForm = z.object({
  name: z
    .string({ error: 'Enter the team’s name' })
    .trim()
    .min(1, 'Enter the team’s name')
    .max(120, 'The team’s name must be 120 characters or fewer'),
  agencyId: optionalId('Select the team’s agency from the list'),
})
export type TeamInput = z.infer<typeof TeamForm>

export const AddMemberForm = z.object({
  userId: z.uuid({ error: 'Select the person to add to the team' }),
})

export const AllocationForm = z
  .object({
    allocatedTo: optionalId('Select a worker from the list'),
    teamId: optionalId('Select a team from the list'),
  })
  .refine(form => form.allocatedTo !== null || form.teamId !== null, {
    message: 'Select a worker, a team or both',
    path: ['allocatedTo'],
  })
export type AllocationInput = z.infer<typeof AllocationForm>

export const REPORT_MAX = 20_000

export const ReportForm = z.object({
  reportText: z
    .string({ error: 'Enter your agency’s report' })
    .trim()
    .min(1, 'Enter your agency’s report')
    .max(
      REPORT_MAX,
      `The report must be ${REPORT_MAX.toLocaleString('en-GB')} characters or fewer`,
    ),
})

export const TRAY_STATUSES = ['overdue', 'due-today', 'due-soon', 'later'] as const
export type TrayStatus = (typeof TRAY_STATUSES)[number]

export const TRAY_STATUS_NAMES: Record<TrayStatus, string> = {
  overdue: 'Overdue',
  'due-today': 'Due today',
  'due-soon': 'Due in the next 5 working days',
  later: 'Later',
}

export const TRAY_KIND_NAMES = {
  'referral-decision': 'Front door decision due',
  'referral-authorisation': 'Decision awaiting authorisation',
  'agency-check': 'Agency check to answer',
  'referral-feedback': 'Feedback owed to the referrer',
  'conference-to-schedule': 'Initial conference to schedule',
  'conference-scheduled': 'Initial conference coming up',
  'review-conference': 'Review conference due',
  'core-group': 'First core group due',
  'conference-report': 'Agency report to conference due',
  'assessment-due': 'Assessment due',
  'assessment-authorisation': 'Assessment awaiting authorisation',
  'cin-plan-review': 'Child in need plan review due',
  'allocation-due': 'Referral to allocate to a worker',
  'visit-due': 'Child protection visit due',
  'transfer-in-conference': 'Transfer-in conference due',
} as const
export type TrayItemKind = keyof typeof TRAY_KIND_NAMES

/** The tray's sort and filter, from the query string; anything not understood falls back. */
export const TrayQuery = queryObject({
  sort: z.enum(['due', 'kind', 'status']).catch('due'),
  order: z.enum(['asc', 'desc']).catch('asc'),
  status: z.enum(['all', ...TRAY_STATUSES]).catch('all'),
})
export type TrayQueryInput = z.infer<typeof TrayQuery>
