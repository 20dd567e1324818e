import { z } from 'zod'
import { optionalText, requiredText } from '../../../platform/form-fields.js'
import { withDateInputs } from '../../../platform/date-input.js'
import { isValidIsoDate } from '../../../platform/working-days.js'
import { LEVELS } from '../shared.js'

const text = requiredText

const whole = (message: string, min: number, max: number) =>
  z
    .string({ error: message })
    .trim()
    .refine(value => /^\d{1,7}$/.test(value) && Number(value) >= min && Number(value) <= max, {
      message,
    })
    .transform(Number)

const money = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .transform(value => value.replace(/^£/, ''))
    .refine(value => /^\d{1,6}(\.\d{1,2})?$/.test(value), { message })
    .transform(value => Math.round(Number(value) * 100))

const levels = Object.keys(LEVELS) as [keyof typeof LEVELS, ...(keyof typeof LEVELS)[]]

export const CourseForm = z.object({
  title: text('Enter the course title', 200, 'Course title'),
  level: z.enum(levels, { error: 'Select the level of the course' }),
  audience: text('Enter who the course is for', 500, 'Audience'),
  outcomes: text('Enter the learning outcomes', 5000, 'Learning outcomes'),
  competencies: optionalText(2000, 'Competencies'),
  durationMinutes: whole('Enter the duration in minutes, between 15 and 5000', 15, 5000),
  trainerRequirements: optionalText(2000, 'Trainer requirements'),
  needsApproval: z
    .enum(['yes', 'no'], { error: 'Select whether bookings need a manager’s approval' })
    .transform(value => value === 'yes'),
})
export type CourseInput = z.infer<typeof CourseForm>

const EventFormFields = z.object({
  courseId: z.uuid({ error: 'Select the course' }),
  startsOn: z
    .string({ error: 'Enter the date of the event' })
    .trim()
    .min(1, 'Enter the date of the event')
    .refine(isValidIsoDate, 'The date of the event must be a real date'),
  startTime: z
    .string({ error: 'Enter the start time, like 09:30' })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the start time in 24-hour format, like 09:30'),
  venue: text('Enter the venue, or the link for an online event', 300, 'Venue'),
  online: z
    .enum(['yes', 'no'], { error: 'Select whether the event is online' })
    .transform(value => value === 'yes'),
  capacity: whole('Enter the number of places, between 1 and 1000', 1, 1000),
  trainers: optionalText(500, 'Trainers'),
})
export const EventForm = withDateInputs(['startsOn'], EventFormFields)
export type EventInput = z.infer<typeof EventForm>

export const ReservationForm = z.object({
  agencyId: z.uuid({ error: 'Select the agency' }),
  places: whole('Enter the number of places to keep, between 1 and 1000', 1, 1000),
})

export const SettingsForm = z.object({
  cancelCutoffDays: whole('Enter the cut-off in working days, between 0 and 60', 0, 60),
  offerHours: whole('Enter how long an offer is kept, between 1 and 336 hours', 1, 336),
  noShowCharge: money('Enter the charge for not attending in pounds, like 50 or 50.00'),
  lateCancelCharge: money('Enter the charge for a late cancellation in pounds, like 25'),
})
export type SettingsInput = z.infer<typeof SettingsForm>

export const RequirementForm = z.object({
  agencyId: z.uuid({ error: 'Select the agency' }),
  delegatesPerYear: whole('Enter the number of staff to train each year, up to 100000', 0, 100000),
})
