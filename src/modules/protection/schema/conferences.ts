import type { AbuseCategory, Attendance, PlanEndReason } from '../table.js'
import { z } from 'zod'
import { ATTENDANCE_NAMES, CATEGORY_NAMES, END_REASON_NAMES, INVITATION_ROWS } from './names.js'
import {
  EMAIL,
  TIME,
  UUID,
  checked,
  choice,
  dateField,
  idField,
  list,
  pastDate,
  readDate,
  seconds,
  text,
  textField,
  type Body,
  type FormResult,
} from './forms.js'

// ---- Conferences ------------------------------------------------------------------------------

export interface ScheduleConferenceInput {
  date: string
  /** Seconds after London midnight. */
  seconds: number
  venue: string
  chairId: string
}

const ScheduleConferenceForm = z.object({
  'date-day': dateField('date of the conference', { required: true }).transform(date => date ?? ''),
  time: z
    .string()
    .regex(TIME, 'Enter the time of the conference, like 10:30 or 14:00')
    .transform(time => seconds(TIME.exec(time) as RegExpExecArray)),
  venue: textField(500, 'The venue', 'Enter where the conference is held (or how to join it)'),
  chairId: idField('Select the chair of the conference'),
})

export function parseScheduleConference(body: Body): FormResult<ScheduleConferenceInput> {
  return checked(
    ScheduleConferenceForm,
    {
      'date-day': readDate(body, 'date'),
      time: text(body, 'time'),
      venue: text(body, 'venue'),
      chairId: text(body, 'chairId'),
    },
    data => ({
      date: data['date-day'],
      seconds: data.time,
      venue: data.venue,
      chairId: data.chairId,
    }),
  )
}

const CancelConferenceForm = z.object({
  cancelledReason: textField(2000, 'The reason', 'Enter why the conference is cancelled'),
})

export function parseCancelConference(body: Body): FormResult<{ reason: string }> {
  return checked(
    CancelConferenceForm,
    { cancelledReason: text(body, 'cancelledReason') },
    data => ({ reason: data.cancelledReason }),
  )
}

export interface InvitationInput {
  agencyId: string
  inviteeName: string
  inviteeEmail: string | null
}

const InvitationRow = z.object({
  agency: idField('Select the agency invited'),
  name: textField(200, 'The name', 'Enter the name of the person invited'),
  email: z
    .string()
    .refine(
      email => !email || (EMAIL.test(email) && email.length <= 254),
      'Enter an email address in the correct format, like name@example.com',
    ),
})

const InvitationsForm = z.object({
  invitation: z.array(InvitationRow.nullable()).refine(all => all.some(Boolean), {
    message: 'Enter at least one invitation: the agency and the person',
    path: [0, 'agency'],
  }),
})

export function parseInvitations(body: Body): FormResult<InvitationInput[]> {
  const rows = Array.from({ length: INVITATION_ROWS }, (_, row) => {
    const [agency, name, email] = ['agency', 'name', 'email'].map(part =>
      text(body, `invitation-${String(row)}-${part}`),
    )
    return agency || name || email ? { agency, name, email } : null
  })
  return checked(InvitationsForm, { invitation: rows }, data =>
    data.invitation.flatMap(row =>
      row ? [{ agencyId: row.agency, inviteeName: row.name, inviteeEmail: row.email || null }] : [],
    ),
  )
}

export interface MarkSentInput {
  invitationIds: string[]
  /** null: now. */
  sentOn: string | null
}

export function parseMarkSent(body: Body, today: string): FormResult<MarkSentInput> {
  const schema = z.object({
    invitationIds: z.array(z.string()).min(1, 'Select the invitations sent'),
    'sentOn-day': dateField('date sent', { required: false, today }),
  })
  return checked(
    schema,
    {
      invitationIds: list(body, 'invitationIds').filter(id => UUID.test(id)),
      'sentOn-day': readDate(body, 'sentOn'),
    },
    data => ({ invitationIds: data.invitationIds, sentOn: data['sentOn-day'] }),
  )
}

export interface ReportReceivedInput {
  /** null: now. */
  receivedOn: string | null
  seconds: number
  reportText: string | null
}

/** Every message goes on `field`: the form is one row of the invitations table. */
export function parseReportReceived(
  body: Body,
  field: string,
  today: string,
): FormResult<ReportReceivedInput> {
  const schema = z.object({
    receivedOn: dateField('date received', { required: false, today }),
    receivedTime: z
      .string()
      .refine(time => !time || TIME.test(time), 'Enter the time received, like 09:30')
      .transform(time => {
        const parsed = TIME.exec(time)
        return parsed ? seconds(parsed) : 12 * 3600
      }),
    reportText: textField(20_000, 'The report'),
  })
  return checked(
    schema,
    {
      receivedOn: readDate(body, 'receivedOn'),
      receivedTime: text(body, 'receivedTime'),
      reportText: text(body, 'reportText'),
    },
    data => ({
      receivedOn: data.receivedOn,
      seconds: data.receivedTime,
      reportText: data.reportText || null,
    }),
    () => field,
  )
}

export interface ConferenceOutcomeInput {
  heldOn: string
  outcome: 'plan' | 'no-plan' | 'continue-plan' | 'end-plan'
  category: AbuseCategory | null
  endReason: PlanEndReason | null
  outcomeNotes: string | null
  attendance: Record<string, Attendance>
}

const attendanceField = choice(ATTENDANCE_NAMES, 'Select whether the agency attended')

/** Each invitation's attendance, `attendance-<id>`; a blank one is left out. */
function attendanceFields(body: Body, invitationIds: string[]) {
  const values = Object.fromEntries(invitationIds.map(id => [id, text(body, `attendance-${id}`)]))
  const schema = Object.fromEntries(
    invitationIds.map(id => [`attendance-${id}`, z.literal('').or(attendanceField)]),
  )
  const fields = Object.fromEntries(invitationIds.map(id => [`attendance-${id}`, values[id]]))
  const chosen = (data: Record<string, string>) => {
    const attendance: Record<string, Attendance> = {}
    for (const id of invitationIds) {
      const value = data[`attendance-${id}`]
      if (value) attendance[id] = value as Attendance
    }
    return attendance
  }
  return { schema, fields, chosen }
}

export function parseConferenceOutcome(
  body: Body,
  kind: 'initial' | 'review' | 'transfer-in',
  invitationIds: string[],
  today: string,
): FormResult<ConferenceOutcomeInput> {
  const outcome = text(body, 'outcome')
  const needsCategory = outcome === 'plan' || outcome === 'continue-plan'
  const endsPlan = outcome === 'end-plan'
  const attendance = attendanceFields(body, invitationIds)
  const outcomes: string[] = kind === 'review' ? ['continue-plan', 'end-plan'] : ['plan', 'no-plan']
  const schema = z.object({
    'heldOn-day': pastDate('date the conference was held', today),
    outcome: z
      .string()
      .refine(
        (value): value is ConferenceOutcomeInput['outcome'] => outcomes.includes(value),
        'Select the outcome of the conference',
      ),
    category: needsCategory
      ? choice(CATEGORY_NAMES, 'Select the category of abuse or neglect')
      : z.string(),
    endReason: endsPlan ? choice(END_REASON_NAMES, 'Select why the plan ends') : z.string(),
    ...attendance.schema,
    outcomeNotes: textField(10_000, 'The notes'),
  })
  return checked(
    schema,
    {
      'heldOn-day': readDate(body, 'heldOn'),
      outcome,
      category: text(body, 'category'),
      endReason: text(body, 'endReason'),
      ...attendance.fields,
      outcomeNotes: text(body, 'outcomeNotes'),
    },
    data => ({
      heldOn: data['heldOn-day'],
      outcome: data.outcome,
      category: needsCategory ? (data.category as AbuseCategory) : null,
      endReason: endsPlan ? (data.endReason as PlanEndReason) : null,
      outcomeNotes: data.outcomeNotes || null,
      attendance: attendance.chosen(data as unknown as Record<string, string>),
    }),
  )
}

export function parseAttendance(
  body: Body,
  invitationIds: string[],
): FormResult<Record<string, Attendance>> {
  const attendance = attendanceFields(body, invitationIds)
  const schema = z.object(attendance.schema).refine(data => Object.values(data).some(Boolean), {
    message: 'Select whether each agency attended',
    path: [`attendance-${invitationIds[0] ?? ''}`],
  })
  return checked(schema, attendance.fields, data => attendance.chosen(data))
}
