import type { PlanEndReason } from '../table.js'
import { z } from 'zod'
import { toGovukErrors } from '../../../platform/forms.js'
import { END_REASON_NAMES } from './names.js'
import {
  readActionUpdates,
  readAttendees,
  type ActionUpdate,
  type AttendeeInput,
} from './plan-contents.js'
import {
  UUID,
  checked,
  choice,
  list,
  pastDate,
  readDate,
  text,
  textField,
  type Body,
  type FormResult,
} from './forms.js'

// ---- Plans and core groups --------------------------------------------------------------------

export interface CoreGroupInput {
  heldOn: string
  agencyIds: string[]
  notes: string | null
  attendees: AttendeeInput[]
  actionUpdates: ActionUpdate[]
}

export function parseCoreGroup(body: Body, today: string): FormResult<CoreGroupInput> {
  const errors: Record<string, { text: string }> = {}
  const attendees = readAttendees(body, errors)
  const actionUpdates = readActionUpdates(body, today, errors)
  const someoneAttended = attendees.some(person => person.attendance === 'attended')
  const schema = z.object({
    'heldOn-day': pastDate('date of the core group meeting', today),
    agencyIds: z
      .array(z.string())
      .refine(ids => ids.length > 0 || someoneAttended, 'Select the agencies present')
      .refine(ids => ids.every(id => UUID.test(id)), 'Select agencies listed'),
    notes: textField(10_000, 'The notes'),
  })
  const form = checked(
    schema,
    {
      'heldOn-day': readDate(body, 'heldOn'),
      agencyIds: list(body, 'agencyIds'),
      notes: text(body, 'notes'),
    },
    data => ({
      heldOn: data['heldOn-day'],
      agencyIds: [...new Set(data.agencyIds)],
      notes: data.notes || null,
      attendees,
      actionUpdates,
    }),
  )
  if (Object.keys(errors).length === 0) return form
  const earlier = form.success ? {} : form.errors.fields
  return { success: false, errors: toGovukErrors({ ...earlier, ...errors }) }
}

export interface EndPlanInput {
  endedOn: string
  reason: PlanEndReason
  notes: string | null
}

export function parseEndPlan(body: Body, today: string): FormResult<EndPlanInput> {
  const reason = text(body, 'reason')
  const schema = z.object({
    'endedOn-day': pastDate('date the plan ended', today),
    reason: choice(END_REASON_NAMES, 'Select why the plan ended'),
    endNotes:
      reason === 'other'
        ? textField(2000, 'The notes', 'Enter why the plan ended')
        : textField(2000, 'The notes'),
  })
  return checked(
    schema,
    { 'endedOn-day': readDate(body, 'endedOn'), reason, endNotes: text(body, 'endNotes') },
    data => ({ endedOn: data['endedOn-day'], reason: data.reason, notes: data.endNotes || null }),
  )
}
