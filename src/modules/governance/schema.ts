import { z } from 'zod'
import { isValidIsoDate } from '../../platform/working-days.js'

export const BODY_KINDS = {
  board: 'Board',
  executive: 'Executive or business management group',
  subgroup: 'Subgroup',
  'task-and-finish': 'Task and finish group',
  panel: 'Panel',
  forum: 'Forum',
} as const
export type BodyKind = keyof typeof BODY_KINDS

export const MEMBER_ROLES = {
  member: 'Member',
  chair: 'Chair',
  'vice-chair': 'Vice chair',
  'lay-member': 'Lay member',
  adviser: 'Adviser',
  'participating-observer': 'Participating observer',
} as const
export type MemberRole = keyof typeof MEMBER_ROLES

export const MEETING_STATUSES = {
  scheduled: 'Scheduled',
  held: 'Held',
  cancelled: 'Cancelled',
} as const

export const ATTENDANCE_STATUSES = {
  present: 'Present',
  'apologies-deputy': 'Apologies, deputy attended',
  apologies: 'Apologies',
  absent: 'Absent',
} as const
export type AttendanceStatus = keyof typeof ATTENDANCE_STATUSES

export const BUDGET_KINDS = {
  'brought-forward': 'Brought forward from previous year',
  contribution: 'Contribution',
  expenditure: 'Expenditure',
} as const
export type BudgetKind = keyof typeof BUDGET_KINDS

export const CONTRIBUTION_TYPES = { cash: 'Cash', 'in-kind': 'In kind' } as const

export const STEP_STATUSES = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  complete: 'Complete',
  delayed: 'Delayed',
  ongoing: 'Ongoing',
} as const
export type StepStatus = keyof typeof STEP_STATUSES

export const RAG_RATINGS = { red: 'Red', amber: 'Amber', green: 'Green' } as const

type Keys<T extends object> = [keyof T & string, ...(keyof T & string)[]]
function keys<T extends object>(record: T): Keys<T> {
  return Object.keys(record) as Keys<T>
}

export const MONEY_MESSAGE = 'Enter an amount in pounds, like 1250.50'

/** '1,250.50', '£1250.5' or '1250' to pence; null for anything that is not an amount of money. */
export function parsePounds(value: string): number | null {
  const text = value.trim().replace(/^£/, '')
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/.test(text)) return null
  const [pounds = '0', pence = ''] = text.replace(/,/g, '').split('.')
  const total = Number(pounds) * 100 + Number(pence.padEnd(2, '0'))
  return Number.isSafeInteger(total) && total < 1e13 ? total : null
}

const requiredText = (message: string, max: number, label: string) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .max(max, `${label} must be ${max} characters or fewer`)

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform(value => value || null)

const dateMessage = (what: string) => `Enter ${what} as a real date, like 2016-04-20`

export const requiredDate = (what: string) =>
  z
    .string({ error: dateMessage(what) })
    .trim()
    .refine(isValidIsoDate, dateMessage(what))

export const optionalDate = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform(value => value || null)
    .refine(value => value === null || isValidIsoDate(value), dateMessage(what))

export const optionalMoney = z
  .string()
  .trim()
  .optional()
  .transform(value => value || null)
  .refine(value => value === null || parsePounds(value) !== null, MONEY_MESSAGE)
  .transform(value => (value === null ? null : parsePounds(value)))

const optionalUuid = (message: string) =>
  z
    .string()
    .optional()
    .transform(value => value || null)
    .refine(value => value === null || z.uuid().safeParse(value).success, message)

export const IdParams = z.object({ id: z.uuid() })

export const BodyForm = z
  .object({
    name: requiredText('Enter the name of the body', 200, 'Name'),
    kind: z.enum(keys(BODY_KINDS), { error: 'Select the type of body' }),
    parentId: optionalUuid('Select a parent body from the list'),
    chairName: optionalText(200, 'Chair'),
    termsOfReference: optionalText(20000, 'Terms of reference'),
    termsReviewOn: optionalDate('the terms of reference review date'),
    activeFrom: requiredDate('the date the body started'),
    activeTo: optionalDate('the date the body ended'),
    attendanceTarget: z
      .string()
      .trim()
      .optional()
      .transform(value => value || '80')
      .refine(value => /^\d{1,3}$/.test(value) && Number(value) <= 100, {
        message: 'Enter an attendance target between 0 and 100',
      })
      .transform(Number),
  })
  .refine(form => !form.activeTo || form.activeTo >= form.activeFrom, {
    message: 'The end date must be the same as or after the start date',
    path: ['activeTo'],
  })
export type BodyInput = z.infer<typeof BodyForm>

export const MembershipForm = z
  .object({
    memberName: requiredText(
      'Enter the member’s name or the seat they hold, like Lay Member',
      200,
      'Name',
    ),
    agencyId: optionalUuid('Select an agency from the list'),
    role: z.enum(keys(MEMBER_ROLES), { error: 'Select the member’s role' }),
    startsOn: requiredDate('the date the membership started'),
    endsOn: optionalDate('the date the membership ended'),
    deputyName: optionalText(200, 'Deputy'),
    userId: optionalUuid('Select a person from the list'),
  })
  .refine(form => !form.endsOn || form.endsOn >= form.startsOn, {
    message: 'The end date must be the same as or after the start date',
    path: ['endsOn'],
  })
export type MembershipInput = z.infer<typeof MembershipForm>

export const MeetingForm = z.object({
  heldOn: requiredDate('the date of the meeting'),
  title: requiredText('Enter a title for the meeting, like Board meeting', 200, 'Title'),
  status: z.enum(keys(MEETING_STATUSES), { error: 'Select the status of the meeting' }),
})

export const REPEATS = {
  '0': 'Does not repeat',
  '1': 'Every month',
  '2': 'Every 2 months',
  '3': 'Every 3 months',
  '6': 'Every 6 months',
} as const

/** A meeting and, optionally, the series it starts: up to 12 meetings at a fixed interval. */
export const ScheduleForm = MeetingForm.extend({
  repeatMonths: z
    .enum(['', ...keys(REPEATS)], { error: 'Select how often the meeting repeats' })
    .optional()
    .transform(value => Number(value ?? '0')),
  occurrences: z
    .string()
    .trim()
    .optional()
    .transform(value => value || '1')
    .refine(value => /^\d{1,2}$/.test(value) && Number(value) >= 1 && Number(value) <= 12, {
      message: 'Enter how many meetings to schedule, from 1 to 12',
    })
    .transform(Number),
})
export type ScheduleInput = z.infer<typeof ScheduleForm>

export const MinutesForm = z.object({
  minutes: z.string().trim().max(100000, 'Minutes must be 100,000 characters or fewer'),
})

export const EndMembershipForm = z.object({
  endsOn: requiredDate('the date the membership ended'),
})
export type MeetingInput = z.infer<typeof MeetingForm>

export const AttendanceStatusField = z.enum(keys(ATTENDANCE_STATUSES), {
  error: 'Select whether they were present, sent apologies or were absent',
})

export const YearForm = z.object({
  label: z
    .string({ error: 'Enter the financial year, like 2016/17' })
    .trim()
    .refine(
      value =>
        /^\d{4}\/\d{2}$/.test(value) &&
        (Number(value.slice(0, 4)) + 1) % 100 === Number(value.slice(5)),
      'Enter the financial year, like 2016/17',
    ),
  printedIncome: optionalMoney,
  printedBudget: optionalMoney,
  printedSpend: optionalMoney,
})
export type YearInput = z.infer<typeof YearForm>

export const BudgetLineForm = z
  .object({
    kind: z.enum(keys(BUDGET_KINDS), { error: 'Select the type of line' }),
    description: requiredText('Enter a description, like Training', 200, 'Description'),
    agencyId: optionalUuid('Select an agency from the list'),
    contributionType: z
      .enum(['', ...keys(CONTRIBUTION_TYPES)], { error: 'Select cash or in kind' })
      .optional()
      .transform(value => (value ? value : null)),
    budget: optionalMoney,
    actual: optionalMoney,
  })
  .refine(form => form.kind !== 'contribution' || form.contributionType !== null, {
    message: 'Select whether the contribution is cash or in kind',
    path: ['contributionType'],
  })
  .refine(form => form.budget !== null || form.actual !== null, {
    message: MONEY_MESSAGE,
    path: ['actual'],
  })
export type BudgetLineInput = z.infer<typeof BudgetLineForm>

export const PlanForm = z
  .object({
    title: requiredText('Enter the plan’s title, like Business Plan 2014-17', 200, 'Title'),
    startsOn: requiredDate('the date the plan starts'),
    endsOn: requiredDate('the date the plan ends'),
  })
  .refine(form => form.endsOn >= form.startsOn, {
    message: 'The end date must be after the start date',
    path: ['endsOn'],
  })
export type PlanInput = z.infer<typeof PlanForm>

export const VersionForm = z.object({
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
})
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

export function penceToPounds(pence: number | null): string {
  if (pence === null) return ''
  const pounds = Math.trunc(pence / 100)
  const rest = pence % 100
  return `£${pounds.toLocaleString('en-GB')}${rest ? `.${String(rest).padStart(2, '0')}` : ''}`
}

// Risk register, challenge log, agendas, actions, papers, inspections

export const STANDING_REPORTS = {
  'risk-register': 'Risk register',
  'challenge-log': 'Challenge log',
  'action-log': 'Action log',
  attendance: 'Attendance',
  'business-plan': 'Business plan progress',
} as const
export type StandingReport = keyof typeof STANDING_REPORTS

export const ACTION_STATUSES = { open: 'Open', 'in-progress': 'In progress', done: 'Done' } as const
export const OPEN_CLOSED = { open: 'Open', closed: 'Closed' } as const
export const RECOMMENDATION_STATUSES = {
  open: 'Open',
  'in-progress': 'In progress',
  complete: 'Complete',
} as const

export const INSPECTORATES = {
  ofsted: 'Ofsted',
  cqc: 'Care Quality Commission (CQC)',
  hmicfrs: 'HM Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)',
  hmip: 'HM Inspectorate of Probation (HMIP)',
  joint: 'Joint targeted area inspection',
  'peer-review': 'Peer review',
  other: 'Other',
} as const

const scoreField = (what: string) =>
  z
    .string({ error: `Select the ${what}, from 1 (lowest) to 5 (highest)` })
    .trim()
    .refine(value => /^[1-5]$/.test(value), `Select the ${what}, from 1 (lowest) to 5 (highest)`)
    .transform(Number)

const optionalReport = z
  .enum(['', ...keys(STANDING_REPORTS)], { error: 'Select a report from the list' })
  .optional()
  .transform(value => (value ? value : null))

export const RiskForm = z.object({
  reference: z
    .string({ error: 'Enter a reference, like R4' })
    .trim()
    .min(1, 'Enter a reference, like R4')
    .max(20, 'Reference must be 20 characters or fewer'),
  title: requiredText('Enter the risk', 200, 'Risk'),
  description: optionalText(20000, 'Description'),
  ownerName: requiredText('Enter who owns the risk', 200, 'Owner'),
  likelihood: scoreField('likelihood'),
  impact: scoreField('impact'),
  controls: optionalText(20000, 'Controls'),
  rag: z.enum(keys(RAG_RATINGS), { error: 'Select a RAG rating' }),
  reviewOn: requiredDate('the next review date'),
})
export type RiskInput = z.infer<typeof RiskForm>

export const RiskReviewForm = z.object({
  likelihood: scoreField('likelihood'),
  impact: scoreField('impact'),
  rag: z.enum(keys(RAG_RATINGS), { error: 'Select a RAG rating' }),
  controls: optionalText(20000, 'Controls'),
  reviewOn: requiredDate('the next review date'),
  status: z.enum(keys(OPEN_CLOSED), { error: 'Select whether the risk is open or closed' }),
  note: optionalText(20000, 'Note'),
})
export type RiskReviewInput = z.infer<typeof RiskReviewForm>

export const ChallengeForm = z.object({
  raisedOn: requiredDate('the date of the challenge'),
  raisedBy: requiredText('Enter who made the challenge', 200, 'Who challenged'),
  challenged: requiredText('Enter who was challenged', 200, 'Who was challenged'),
  meetingId: optionalUuid('Select a meeting from the list'),
  subject: requiredText('Enter what the challenge was about', 2000, 'Challenge'),
})
export type ChallengeInput = z.infer<typeof ChallengeForm>

export const ChallengeResponseForm = z
  .object({
    response: optionalText(20000, 'Response'),
    impact: optionalText(20000, 'Evidence of impact'),
    status: z.enum(keys(OPEN_CLOSED), { error: 'Select whether the challenge is open or closed' }),
    closedOn: optionalDate('the date the challenge was closed'),
  })
  .refine(form => form.status === 'open' || form.closedOn !== null, {
    message: 'Enter the date the challenge was closed',
    path: ['closedOn'],
  })
export type ChallengeResponseInput = z.infer<typeof ChallengeResponseForm>

export const StandingItemForm = z.object({
  title: requiredText('Enter the standing item, like Risk register', 200, 'Item'),
  report: optionalReport,
})
export type StandingItemInput = z.infer<typeof StandingItemForm>

export const AgendaItemForm = z.object({
  title: requiredText('Enter the agenda item', 200, 'Item'),
  presenter: optionalText(200, 'Presenter'),
  report: optionalReport,
})
export type AgendaItemInput = z.infer<typeof AgendaItemForm>

export const DecisionForm = z.object({
  text: requiredText('Enter the decision', 5000, 'Decision'),
})

export const MeetingActionForm = z.object({
  text: requiredText('Enter the action', 5000, 'Action'),
  ownerName: requiredText('Enter who owns the action', 200, 'Owner'),
  dueOn: requiredDate('the date the action is due'),
})
export type MeetingActionInput = z.infer<typeof MeetingActionForm>

export const ActionStatusForm = z.object({
  status: z.enum(keys(ACTION_STATUSES), { error: 'Select the action’s status' }),
})

export const PaperTitle = requiredText('Enter the paper’s title', 200, 'Title')

export const InspectionForm = z
  .object({
    inspectorate: z.enum(keys(INSPECTORATES), { error: 'Select the inspectorate' }),
    subject: requiredText(
      'Enter what was inspected, like the partnership or an agency',
      200,
      'What was inspected',
    ),
    agencyId: optionalUuid('Select an agency from the list'),
    startedOn: requiredDate('the date the inspection started'),
    endedOn: optionalDate('the date the inspection ended'),
    publishedOn: optionalDate('the date the report was published'),
    judgement: optionalText(200, 'Judgement'),
  })
  .refine(form => !form.endedOn || form.endedOn >= form.startedOn, {
    message: 'The end date must be the same as or after the start date',
    path: ['endedOn'],
  })
export type InspectionInput = z.infer<typeof InspectionForm>

export const RecommendationForm = z.object({
  number: z
    .string({ error: 'Enter the recommendation’s number, like 1' })
    .trim()
    .refine(value => /^\d{1,3}$/.test(value) && Number(value) > 0, {
      message: 'Enter the recommendation’s number, like 1',
    })
    .transform(Number),
  text: requiredText('Enter the recommendation', 5000, 'Recommendation'),
  actionReferences: z
    .string()
    .optional()
    .transform(value =>
      (value ?? '')
        .split(/[,\s]+/)
        .map(ref => ref.trim())
        .filter(Boolean),
    )
    .refine(refs => refs.every(ref => /^\d+(\.\d+)*$/.test(ref)), {
      message: 'Enter business plan action references separated by commas, like 6.2.4, 6.2.9',
    }),
})
export type RecommendationInput = z.infer<typeof RecommendationForm>

export const RecommendationStatusForm = z.object({
  status: z.enum(keys(RECOMMENDATION_STATUSES), { error: 'Select the recommendation’s status' }),
})

export const EvidenceForm = z.object({
  recordedOn: requiredDate('the date of the evidence'),
  text: requiredText('Describe the impact or evidence', 5000, 'Evidence'),
})
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
  due: requiredText('Enter when the step is due, like 2016-01 or Quarterly', 100, 'Due'),
  status: z
    .enum(['', ...keys(STEP_STATUSES)], { error: 'Select the step’s status' })
    .optional()
    .transform(value => (value ? value : null)),
})
export type PlanStepInput = z.infer<typeof PlanStepForm>

export const MeetingStatusForm = z.object({
  status: z.enum(keys(MEETING_STATUSES), { error: 'Select the status of the meeting' }),
})
