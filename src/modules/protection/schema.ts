/**
 * The child protection journey's forms: their shape and their words. Rules that need data (an
 * open episode, dates against the child's birth or the enquiry's start) live in service.ts.
 */
import { dateInputValues, readDateInput, type DateInput } from '../../platform/date-input.js'
import { z } from 'zod'
import { queryObject } from '../../platform/query.js'
import { toGovukErrors, type GovukErrors } from '../../platform/forms.js'
import type {
  AbuseCategory,
  Attendance,
  PlanEndReason,
  Section47Outcome,
  StrategyOutcome,
} from './table.js'
import type { ProtectionTimescales } from './timescales.js'

export const STRATEGY_OUTCOME_NAMES: Record<StrategyOutcome, string> = {
  'section-47': 'Start (or continue) a Section 47 enquiry',
  assessment: 'Continue with a child and family assessment (section 17)',
  'no-further-action': 'No further action',
}

export const SECTION47_OUTCOME_NAMES: Record<Section47Outcome, string> = {
  conference: 'Concerns substantiated: hold an initial child protection conference',
  'no-conference-cin-plan': 'No conference: support under a child in need plan',
  'no-conference-no-further-action': 'No conference: no further action',
}

export const CATEGORY_NAMES: Record<AbuseCategory, string> = {
  NEG: 'Neglect',
  PHY: 'Physical abuse',
  EMO: 'Emotional abuse',
  SAB: 'Sexual abuse',
  MUL: 'Multiple categories',
}

export const END_REASON_NAMES: Record<PlanEndReason, string> = {
  'no-longer-at-risk': 'No longer at risk of significant harm',
  'moved-area': 'Moved to another local authority area',
  'looked-after': 'Became looked after',
  'reached-18': 'Reached 18',
  died: 'Died',
  other: 'Other',
}

export const ATTENDANCE_NAMES: Record<Attendance, string> = {
  attended: 'Attended',
  apologies: 'Sent apologies',
  absent: 'Did not attend',
}

export const CONFERENCE_STATUS_NAMES = {
  'to-schedule': 'To schedule',
  scheduled: 'Scheduled',
  held: 'Held',
  cancelled: 'Cancelled',
} as const

export const CONFERENCE_OUTCOME_NAMES = {
  plan: 'Child protection plan',
  'no-plan': 'No child protection plan',
  'continue-plan': 'Plan continues',
  'end-plan': 'Plan ended',
} as const

/** Rows offered on the strategy discussion and invitation forms; empty rows are ignored. */
export const PARTICIPANT_ROWS = 6
export const INVITATION_ROWS = 4

export type FormResult<T> = { success: true; data: T } | { success: false; errors: GovukErrors }

type Body = Record<string, unknown>

export const IdParams = z.object({ id: z.uuid() })
export const ChildIdParams = z.object({ childId: z.uuid() })
export const InvitationParams = z.object({ id: z.uuid(), invitationId: z.uuid() })
export const ReferralQuery = queryObject({ referralId: z.uuid().optional().catch(undefined) })

export const CONFERENCE_FILTERS = ['all', 'to-schedule', 'upcoming', 'overdue', 'held'] as const
export type ConferenceFilter = (typeof CONFERENCE_FILTERS)[number]
export const ConferenceListQuery = queryObject({
  show: z.enum(CONFERENCE_FILTERS).catch('all'),
})

/** A form field as trimmed text; anything that is not a string counts as empty. */
export function text(body: Body, name: string): string {
  const value = body[name]
  return typeof value === 'string' ? value.trim() : ''
}

/** Checkbox values: one string or several. */
export function list(body: Body, name: string): string[] {
  const value = body[name]
  if (typeof value === 'string') return [value]
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : []
}

class Problems {
  readonly fields: Record<string, { text: string }> = {}
  add(field: string, message: string) {
    this.fields[field] ??= { text: message }
  }
  get any() {
    return Object.keys(this.fields).length > 0
  }
  errors(): GovukErrors {
    return toGovukErrors(this.fields)
  }
}

export type DateRead = DateInput
/** A GOV.UK date input (day, month, year boxes) as an ISO date, if it is a real one. */
export const readDate = (body: Body, name: string): DateRead => readDateInput(body, name)
export const dateValues = dateInputValues

/** A required date that is not after today; the error goes on the day box, as GOV.UK asks. */
function pastDate(
  problems: Problems,
  body: Body,
  name: string,
  what: string,
  today: string,
): string {
  const read = readDate(body, name)
  const field = `${name}-day`
  if (read.kind === 'empty') problems.add(field, `Enter the ${what}`)
  else if (read.kind === 'invalid') problems.add(field, `The ${what} must be a real date`)
  else if (read.date > today) problems.add(field, `The ${what} must be today or in the past`)
  else return read.date
  return ''
}

function oneOf<T extends string>(values: Record<T, string>, value: string): value is T {
  return Object.hasOwn(values, value)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function limited(problems: Problems, field: string, value: string, max: number, what: string) {
  if (value.length > max) problems.add(field, `${what} must be ${String(max)} characters or fewer`)
}

function done<T>(problems: Problems, data: T): FormResult<T> {
  return problems.any ? { success: false, errors: problems.errors() } : { success: true, data }
}

// ---- Strategy discussion ----------------------------------------------------------------------

export interface ParticipantInput {
  agencyId: string
  personName: string
  roleTitle: string | null
}

export interface StrategyDiscussionInput {
  heldOn: string
  reason: string
  participants: ParticipantInput[]
  outcome: StrategyOutcome
  outcomeNotes: string | null
  leadWorkerId: string | null
}

export function parseStrategyDiscussion(
  body: Body,
  today: string,
): FormResult<StrategyDiscussionInput> {
  const problems = new Problems()
  const heldOn = pastDate(problems, body, 'heldOn', 'date of the strategy discussion', today)
  const reason = text(body, 'reason')
  if (!reason) problems.add('reason', 'Enter why the strategy discussion was held')
  limited(problems, 'reason', reason, 5000, 'The reason')
  const participants: ParticipantInput[] = []
  for (let row = 0; row < PARTICIPANT_ROWS; row++) {
    const agencyId = text(body, `participant-${String(row)}-agency`)
    const personName = text(body, `participant-${String(row)}-name`)
    const roleTitle = text(body, `participant-${String(row)}-role`)
    if (!agencyId && !personName && !roleTitle) continue
    if (!UUID.test(agencyId)) {
      problems.add(`participant-${String(row)}-agency`, 'Select the participant’s agency')
    }
    if (!personName) problems.add(`participant-${String(row)}-name`, 'Enter the participant’s name')
    limited(problems, `participant-${String(row)}-name`, personName, 200, 'The name')
    limited(problems, `participant-${String(row)}-role`, roleTitle, 200, 'The role')
    participants.push({ agencyId, personName, roleTitle: roleTitle || null })
  }
  if (participants.length === 0) {
    problems.add('participant-0-agency', 'Enter at least one participant: their agency and name')
  }
  const outcome = text(body, 'outcome')
  if (!oneOf(STRATEGY_OUTCOME_NAMES, outcome)) {
    problems.add('outcome', 'Select the outcome of the strategy discussion')
  }
  const outcomeNotes = text(body, 'outcomeNotes')
  limited(problems, 'outcomeNotes', outcomeNotes, 5000, 'The notes')
  const leadWorkerId = text(body, 'leadWorkerId')
  if (leadWorkerId && !UUID.test(leadWorkerId)) problems.add('leadWorkerId', 'Select a lead worker')
  return done(problems, {
    heldOn,
    reason,
    participants,
    outcome: outcome as StrategyOutcome,
    outcomeNotes: outcomeNotes || null,
    leadWorkerId: leadWorkerId || null,
  })
}

// ---- Section 47 enquiry -----------------------------------------------------------------------

export interface CompleteSection47Input {
  completedOn: string
  outcome: Section47Outcome
}

export function parseCompleteSection47(
  body: Body,
  today: string,
): FormResult<CompleteSection47Input> {
  const problems = new Problems()
  const completedOn = pastDate(problems, body, 'completedOn', 'date the enquiry ended', today)
  const outcome = text(body, 'outcome')
  if (!oneOf(SECTION47_OUTCOME_NAMES, outcome)) {
    problems.add('outcome', 'Select the outcome of the enquiry')
  }
  return done(problems, { completedOn, outcome: outcome as Section47Outcome })
}

// ---- Conferences ------------------------------------------------------------------------------

export interface ScheduleConferenceInput {
  date: string
  /** Seconds after London midnight. */
  seconds: number
  venue: string
  chairId: string
}

export function parseScheduleConference(body: Body): FormResult<ScheduleConferenceInput> {
  const problems = new Problems()
  const read = readDate(body, 'date')
  if (read.kind === 'empty') problems.add('date-day', 'Enter the date of the conference')
  else if (read.kind === 'invalid') {
    problems.add('date-day', 'The date of the conference must be a real date')
  }
  const time = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(text(body, 'time'))
  if (!time) problems.add('time', 'Enter the time of the conference, like 10:30 or 14:00')
  const venue = text(body, 'venue')
  if (!venue) problems.add('venue', 'Enter where the conference is held (or how to join it)')
  limited(problems, 'venue', venue, 500, 'The venue')
  const chairId = text(body, 'chairId')
  if (!UUID.test(chairId)) problems.add('chairId', 'Select the chair of the conference')
  return done(problems, {
    date: read.kind === 'date' ? read.date : '',
    seconds: time ? Number(time[1]) * 3600 + Number(time[2]) * 60 : 0,
    venue,
    chairId,
  })
}

export function parseCancelConference(body: Body): FormResult<{ reason: string }> {
  const problems = new Problems()
  const reason = text(body, 'cancelledReason')
  if (!reason) problems.add('cancelledReason', 'Enter why the conference is cancelled')
  limited(problems, 'cancelledReason', reason, 2000, 'The reason')
  return done(problems, { reason })
}

export interface InvitationInput {
  agencyId: string
  inviteeName: string
  inviteeEmail: string | null
}

export function parseInvitations(body: Body): FormResult<InvitationInput[]> {
  const problems = new Problems()
  const invitations: InvitationInput[] = []
  for (let row = 0; row < INVITATION_ROWS; row++) {
    const prefix = `invitation-${String(row)}`
    const agencyId = text(body, `${prefix}-agency`)
    const inviteeName = text(body, `${prefix}-name`)
    const inviteeEmail = text(body, `${prefix}-email`)
    if (!agencyId && !inviteeName && !inviteeEmail) continue
    if (!UUID.test(agencyId)) problems.add(`${prefix}-agency`, 'Select the agency invited')
    if (!inviteeName) problems.add(`${prefix}-name`, 'Enter the name of the person invited')
    limited(problems, `${prefix}-name`, inviteeName, 200, 'The name')
    if (inviteeEmail && (!EMAIL.test(inviteeEmail) || inviteeEmail.length > 254)) {
      problems.add(
        `${prefix}-email`,
        'Enter an email address in the correct format, like name@example.com',
      )
    }
    invitations.push({ agencyId, inviteeName, inviteeEmail: inviteeEmail || null })
  }
  if (invitations.length === 0) {
    problems.add('invitation-0-agency', 'Enter at least one invitation: the agency and the person')
  }
  return done(problems, invitations)
}

export interface MarkSentInput {
  invitationIds: string[]
  /** null: now. */
  sentOn: string | null
}

export function parseMarkSent(body: Body, today: string): FormResult<MarkSentInput> {
  const problems = new Problems()
  const invitationIds = list(body, 'invitationIds').filter(id => UUID.test(id))
  if (invitationIds.length === 0) problems.add('invitationIds', 'Select the invitations sent')
  const read = readDate(body, 'sentOn')
  let sentOn: string | null = null
  if (read.kind === 'invalid') problems.add('sentOn-day', 'The date sent must be a real date')
  else if (read.kind === 'date' && read.date > today) {
    problems.add('sentOn-day', 'The date sent must be today or in the past')
  } else if (read.kind === 'date') sentOn = read.date
  return done(problems, { invitationIds, sentOn })
}

export interface ReportReceivedInput {
  /** null: now. */
  receivedOn: string | null
  seconds: number
  reportText: string | null
}

export function parseReportReceived(
  body: Body,
  field: string,
  today: string,
): FormResult<ReportReceivedInput> {
  const problems = new Problems()
  const read = readDate(body, 'receivedOn')
  let receivedOn: string | null = null
  if (read.kind === 'invalid') problems.add(field, 'The date received must be a real date')
  else if (read.kind === 'date' && read.date > today) {
    problems.add(field, 'The date received must be today or in the past')
  } else if (read.kind === 'date') receivedOn = read.date
  const rawTime = text(body, 'receivedTime')
  const time = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(rawTime)
  if (rawTime && !time) problems.add(field, 'Enter the time received, like 09:30')
  const reportText = text(body, 'reportText')
  limited(problems, field, reportText, 20_000, 'The report')
  return done(problems, {
    receivedOn,
    seconds: time ? Number(time[1]) * 3600 + Number(time[2]) * 60 : 12 * 3600,
    reportText: reportText || null,
  })
}

export interface ConferenceOutcomeInput {
  heldOn: string
  outcome: 'plan' | 'no-plan' | 'continue-plan' | 'end-plan'
  category: AbuseCategory | null
  endReason: PlanEndReason | null
  outcomeNotes: string | null
  attendance: Record<string, Attendance>
}

export function parseConferenceOutcome(
  body: Body,
  kind: 'initial' | 'review',
  invitationIds: string[],
  today: string,
): FormResult<ConferenceOutcomeInput> {
  const problems = new Problems()
  const heldOn = pastDate(problems, body, 'heldOn', 'date the conference was held', today)
  const outcome = text(body, 'outcome')
  const allowed = kind === 'initial' ? ['plan', 'no-plan'] : ['continue-plan', 'end-plan']
  if (!allowed.includes(outcome)) problems.add('outcome', 'Select the outcome of the conference')
  const category = text(body, 'category')
  const needsCategory = outcome === 'plan' || outcome === 'continue-plan'
  if (needsCategory && !oneOf(CATEGORY_NAMES, category)) {
    problems.add('category', 'Select the category of abuse or neglect')
  }
  const endReason = text(body, 'endReason')
  if (outcome === 'end-plan' && !oneOf(END_REASON_NAMES, endReason)) {
    problems.add('endReason', 'Select why the plan ends')
  }
  const attendance: Record<string, Attendance> = {}
  for (const id of invitationIds) {
    const value = text(body, `attendance-${id}`)
    if (!value) continue
    if (oneOf(ATTENDANCE_NAMES, value)) attendance[id] = value
    else problems.add(`attendance-${id}`, 'Select whether the agency attended')
  }
  const outcomeNotes = text(body, 'outcomeNotes')
  limited(problems, 'outcomeNotes', outcomeNotes, 10_000, 'The notes')
  return done(problems, {
    heldOn,
    outcome: outcome as ConferenceOutcomeInput['outcome'],
    category: needsCategory ? (category as AbuseCategory) : null,
    endReason: outcome === 'end-plan' ? (endReason as PlanEndReason) : null,
    outcomeNotes: outcomeNotes || null,
    attendance,
  })
}

export function parseAttendance(
  body: Body,
  invitationIds: string[],
): FormResult<Record<string, Attendance>> {
  const problems = new Problems()
  const attendance: Record<string, Attendance> = {}
  for (const id of invitationIds) {
    const value = text(body, `attendance-${id}`)
    if (!value) continue
    if (oneOf(ATTENDANCE_NAMES, value)) attendance[id] = value
    else problems.add(`attendance-${id}`, 'Select whether the agency attended')
  }
  if (Object.keys(attendance).length === 0 && !problems.any) {
    problems.add(`attendance-${invitationIds[0] ?? ''}`, 'Select whether each agency attended')
  }
  return done(problems, attendance)
}

// ---- Plans and core groups --------------------------------------------------------------------

export interface CoreGroupInput {
  heldOn: string
  agencyIds: string[]
  notes: string | null
}

export function parseCoreGroup(body: Body, today: string): FormResult<CoreGroupInput> {
  const problems = new Problems()
  const heldOn = pastDate(problems, body, 'heldOn', 'date of the core group meeting', today)
  const agencyIds = list(body, 'agencyIds')
  if (agencyIds.length === 0) problems.add('agencyIds', 'Select the agencies present')
  if (agencyIds.some(id => !UUID.test(id))) problems.add('agencyIds', 'Select agencies listed')
  const notes = text(body, 'notes')
  limited(problems, 'notes', notes, 10_000, 'The notes')
  return done(problems, { heldOn, agencyIds: [...new Set(agencyIds)], notes: notes || null })
}

export interface EndPlanInput {
  endedOn: string
  reason: PlanEndReason
  notes: string | null
}

export function parseEndPlan(body: Body, today: string): FormResult<EndPlanInput> {
  const problems = new Problems()
  const endedOn = pastDate(problems, body, 'endedOn', 'date the plan ended', today)
  const reason = text(body, 'reason')
  if (!oneOf(END_REASON_NAMES, reason)) problems.add('reason', 'Select why the plan ended')
  const notes = text(body, 'endNotes')
  limited(problems, 'endNotes', notes, 2000, 'The notes')
  if (reason === 'other' && !notes) problems.add('endNotes', 'Enter why the plan ended')
  return done(problems, { endedOn, reason: reason as PlanEndReason, notes: notes || null })
}

// ---- Settings ---------------------------------------------------------------------------------

/** The ranges of the protection_setting table's check constraints. */
export const SETTING_RANGES: Record<keyof ProtectionTimescales, [number, number]> = {
  icpcWorkingDays: [1, 60],
  coreGroupWorkingDays: [1, 60],
  firstReviewMonths: [1, 12],
  reviewIntervalMonths: [1, 12],
  reportDueWorkingDays: [0, 20],
  preBirthIcpcByWeek: [12, 40],
  preBirthReviewWorkingDays: [1, 60],
}

export const SETTING_LABELS: Record<keyof ProtectionTimescales, string> = {
  icpcWorkingDays: 'Initial conference: working days after the strategy discussion',
  coreGroupWorkingDays: 'First core group: working days after the initial conference',
  firstReviewMonths: 'First review: months after the initial conference',
  reviewIntervalMonths: 'Later reviews: months after the previous review',
  reportDueWorkingDays: 'Agencies’ reports: working days before the conference',
  preBirthIcpcByWeek: 'Pre-birth initial conference: by this week of pregnancy',
  preBirthReviewWorkingDays: 'Pre-birth first review: working days after the birth',
}

export function parseSettings(body: Body): FormResult<ProtectionTimescales> {
  const problems = new Problems()
  const data = {} as ProtectionTimescales
  for (const [key, [min, max]] of Object.entries(SETTING_RANGES) as [
    keyof ProtectionTimescales,
    [number, number],
  ][]) {
    const value = text(body, key)
    if (!/^\d{1,3}$/.test(value) || Number(value) < min || Number(value) > max) {
      problems.add(
        key,
        `${SETTING_LABELS[key]} must be a whole number from ${String(min)} to ${String(max)}`,
      )
    }
    data[key] = Number(value)
  }
  return done(problems, data)
}
