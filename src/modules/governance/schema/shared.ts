import { z } from 'zod'
export { optionalText, requiredText } from '../../../platform/form-fields.js'
import { withDateInputs } from '../../../platform/date-input.js'

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

export type Keys<T extends object> = [keyof T & string, ...(keyof T & string)[]]
export function keys<T extends object>(record: T): Keys<T> {
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

export { dateMessage, optionalDate, requiredDate } from '../../../platform/form-fields.js'

export { withDateInputs }

export const optionalMoney = z
  .string()
  .trim()
  .optional()
  .transform(value => value || null)
  .refine(value => value === null || parsePounds(value) !== null, MONEY_MESSAGE)
  .transform(value => (value === null ? null : parsePounds(value)))

export const optionalUuid = (message: string) =>
  z
    .string()
    .optional()
    .transform(value => value || null)
    .refine(value => value === null || z.uuid().safeParse(value).success, message)

export const IdParams = z.object({ id: z.uuid() })

// Risk register, challenge log, agendas, actions, papers, inspections

export const STANDING_REPORTS = {
  'risk-register': 'Risk register',
  'challenge-log': 'Challenge log',
  'action-log': 'Action log',
  attendance: 'Attendance',
  'business-plan': 'Business plan progress',
  // engagement (issue 14): the young people's panel reports to the board as a standing item
  'young-peoples-panel': 'The young people’s panel',
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

export const scoreField = (what: string) =>
  z
    .string({ error: `Select the ${what}, from 1 (lowest) to 5 (highest)` })
    .trim()
    .refine(value => /^[1-5]$/.test(value), `Select the ${what}, from 1 (lowest) to 5 (highest)`)
    .transform(Number)

export const optionalReport = z
  .enum(['', ...keys(STANDING_REPORTS)], { error: 'Select a report from the list' })
  .optional()
  .transform(value => (value ? value : null))
