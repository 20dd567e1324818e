import { z } from 'zod'
import {
  ACTION_STATUSES,
  ATTENDANCE_STATUSES,
  BODY_KINDS,
  MEETING_STATUSES,
  MEMBER_ROLES,
  keys,
  optionalDate,
  optionalReport,
  optionalText,
  optionalUuid,
  requiredDate,
  requiredText,
  withDateInputs,
} from './shared.js'

// Bodies, memberships, meetings, attendance, agendas, decisions, actions and papers

const BodyFormFields = z
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
export const BodyForm = withDateInputs(['termsReviewOn', 'activeFrom', 'activeTo'], BodyFormFields)
export type BodyInput = z.infer<typeof BodyForm>

export const MembershipForm = withDateInputs(
  ['startsOn', 'endsOn'],
  z
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
    }),
)
export type MembershipInput = z.infer<typeof MembershipForm>

const MeetingFormFields = z.object({
  heldOn: requiredDate('the date of the meeting'),
  title: requiredText('Enter a title for the meeting, like Board meeting', 200, 'Title'),
  status: z.enum(keys(MEETING_STATUSES), { error: 'Select the status of the meeting' }),
})
export const MeetingForm = withDateInputs(['heldOn'], MeetingFormFields)

export const REPEATS = {
  '0': 'Does not repeat',
  '1': 'Every month',
  '2': 'Every 2 months',
  '3': 'Every 3 months',
  '6': 'Every 6 months',
} as const

/** A meeting and, optionally, the series it starts: up to 12 meetings at a fixed interval. */
export const ScheduleForm = withDateInputs(
  ['heldOn'],
  MeetingFormFields.extend({
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
  }),
)
export type ScheduleInput = z.infer<typeof ScheduleForm>

export const MinutesForm = z.object({
  minutes: z.string().trim().max(100000, 'Minutes must be 100,000 characters or fewer'),
})

export const EndMembershipForm = withDateInputs(
  ['endsOn'],
  z.object({ endsOn: requiredDate('the date the membership ended') }),
)
export type MeetingInput = z.infer<typeof MeetingForm>

export const AttendanceStatusField = z.enum(keys(ATTENDANCE_STATUSES), {
  error: 'Select whether they were present, sent apologies or were absent',
})

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

export const MeetingActionForm = withDateInputs(
  ['dueOn'],
  z.object({
    text: requiredText('Enter the action', 5000, 'Action'),
    ownerName: requiredText('Enter who owns the action', 200, 'Owner'),
    dueOn: requiredDate('the date the action is due'),
  }),
)
export type MeetingActionInput = z.infer<typeof MeetingActionForm>

export const ActionStatusForm = z.object({
  status: z.enum(keys(ACTION_STATUSES), { error: 'Select the action’s status' }),
})

export const PaperTitle = requiredText('Enter the paper’s title', 200, 'Title')

export const MeetingStatusForm = z.object({
  status: z.enum(keys(MEETING_STATUSES), { error: 'Select the status of the meeting' }),
})
