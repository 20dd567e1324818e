/** The early help register's forms and query strings, with GOV.UK-worded messages. */
import { z } from 'zod'
import { readDateInput, type DateInput } from '../../platform/date-input.js'
import { toGovukErrors, type GovukErrors } from '../../platform/forms.js'
import { queryObject } from '../../platform/query.js'
import type { EarlyHelpEndReason } from './table.js'

export type FormResult<T> = { success: true; data: T } | { success: false; errors: GovukErrors }
type Body = Record<string, unknown>

export const END_REASON_NAMES: Record<EarlyHelpEndReason, string> = {
  'needs-met': 'Needs met: the family plan’s outcomes were achieved',
  'stepped-up': 'Stepped up to children’s social care',
  'family-declined': 'The family withdrew their consent',
  'moved-away': 'The family moved away',
  other: 'Other',
}

export const EpisodeParams = z.object({ id: z.uuid() })

export const RegisterQuery = queryObject({
  show: z.enum(['open', 'closed', 'all']).catch('open'),
  agency: z.uuid().optional().catch(undefined),
})

export const ExportParams = z.object({ format: z.enum(['csv', 'xlsx']) })

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function text(body: Body, name: string): string {
  const value = body[name]
  return typeof value === 'string' ? value.trim() : ''
}

/** The date boxes of `name` read as a date; the message goes on the day box, as GOV.UK asks. */
function dateOf(
  read: DateInput,
  what: string,
  options: { required: boolean; today: string; future?: boolean },
): { date: string | null; error?: string } {
  if (read.kind === 'empty')
    return options.required ? { date: null, error: `Enter the ${what}` } : { date: null }
  if (read.kind === 'invalid') return { date: null, error: `The ${what} must be a real date` }
  if (!options.future && read.date > options.today) {
    return { date: null, error: `The ${what} must be today or in the past` }
  }
  return { date: read.date }
}

function result<T>(errors: Record<string, { text: string }>, data: () => T): FormResult<T> {
  return Object.keys(errors).length
    ? { success: false, errors: toGovukErrors(errors) }
    : { success: true, data: data() }
}

export interface LeadInput {
  leadAgencyId: string
  leadProfessional: string
  familyPlan: string | null
  familyPlanAgreedOn: string | null
}

export function parseLead(body: Body, today: string): FormResult<LeadInput> {
  const errors: Record<string, { text: string }> = {}
  const leadAgencyId = text(body, 'leadAgencyId')
  const leadProfessional = text(body, 'leadProfessional')
  const familyPlan = text(body, 'familyPlan')
  if (!UUID.test(leadAgencyId))
    errors.leadAgencyId = { text: 'Select the lead professional’s agency' }
  if (leadProfessional === '')
    errors.leadProfessional = { text: 'Enter the lead professional’s name' }
  else if (leadProfessional.length > 200) {
    errors.leadProfessional = {
      text: 'The lead professional’s name must be 200 characters or fewer',
    }
  }
  if (familyPlan.length > 10_000)
    errors.familyPlan = { text: 'The family plan must be 10,000 characters or fewer' }
  const agreed = dateOf(readDateInput(body, 'agreedOn'), 'date the family plan was agreed', {
    required: false,
    today,
  })
  if (agreed.error) errors['agreedOn-day'] = { text: agreed.error }
  else if (agreed.date && familyPlan === '')
    errors.familyPlan = { text: 'Enter the family plan, or leave its date blank' }
  return result(errors, () => ({
    leadAgencyId,
    leadProfessional,
    familyPlan: familyPlan || null,
    familyPlanAgreedOn: agreed.date,
  }))
}

export interface ReviewInput {
  heldOn: string
  notes: string
  nextReviewOn: string | null
}

export function parseReview(body: Body, today: string): FormResult<ReviewInput> {
  const errors: Record<string, { text: string }> = {}
  const held = dateOf(readDateInput(body, 'heldOn'), 'date of the review', {
    required: true,
    today,
  })
  if (held.error) errors['heldOn-day'] = { text: held.error }
  const notes = text(body, 'reviewNotes')
  if (notes === '') errors.reviewNotes = { text: 'Enter what the review found' }
  else if (notes.length > 10_000)
    errors.reviewNotes = { text: 'The review notes must be 10,000 characters or fewer' }
  const next = dateOf(readDateInput(body, 'nextReviewOn'), 'date of the next review', {
    required: false,
    today,
    future: true,
  })
  if (next.error) errors['nextReviewOn-day'] = { text: next.error }
  else if (next.date && held.date && next.date <= held.date) {
    errors['nextReviewOn-day'] = {
      text: 'The date of the next review must be after the date of this review',
    }
  }
  return result(errors, () => ({ heldOn: held.date ?? '', notes, nextReviewOn: next.date }))
}

export interface CloseInput {
  endedOn: string
  reason: EarlyHelpEndReason
  notes: string | null
}

export function parseClose(body: Body, today: string): FormResult<CloseInput> {
  const errors: Record<string, { text: string }> = {}
  const ended = dateOf(readDateInput(body, 'endedOn'), 'date the episode ended', {
    required: true,
    today,
  })
  if (ended.error) errors['endedOn-day'] = { text: ended.error }
  const reason = text(body, 'endReason')
  if (!Object.hasOwn(END_REASON_NAMES, reason))
    errors.endReason = { text: 'Select the outcome of the early help' }
  const notes = text(body, 'endNotes')
  if (notes.length > 2000) errors.endNotes = { text: 'The notes must be 2,000 characters or fewer' }
  else if (reason === 'other' && notes === '')
    errors.endNotes = { text: 'Enter why the early help ended' }
  return result(errors, () => ({
    endedOn: ended.date ?? '',
    reason: reason as EarlyHelpEndReason,
    notes: notes || null,
  }))
}

export interface OpenInput {
  laChildId: string
  startedOn: string
  reason: string
  leadProfessional: string
  leadAgencyId: string
}

/** Opening an episode by hand: the child by LA child ID, the lead professional, why (EARL005A). */
export function parseOpen(body: Body, today: string): FormResult<OpenInput> {
  const errors: Record<string, { text: string }> = {}
  const laChildId = text(body, 'laChildId')
  if (laChildId === '') errors.laChildId = { text: 'Enter the child’s LA child ID' }
  else if (!/^[A-Za-z0-9]{1,20}$/.test(laChildId)) {
    errors.laChildId = { text: 'The LA child ID must be letters and numbers only, up to 20' }
  }
  const started = dateOf(readDateInput(body, 'startedOn'), 'date the early help started', {
    required: true,
    today,
  })
  if (started.error) errors['startedOn-day'] = { text: started.error }
  const reason = text(body, 'reason')
  if (reason === '') errors.reason = { text: 'Enter why the family needs early help' }
  else if (reason.length > 5000)
    errors.reason = { text: 'The reason must be 5,000 characters or fewer' }
  const lead = parseLead(body, today)
  if (!lead.success) {
    for (const name of ['leadProfessional', 'leadAgencyId']) {
      const message = lead.errors.fields[name]
      if (message) errors[name] = message
    }
  }
  return result(errors, () => ({
    laChildId,
    startedOn: started.date ?? '',
    reason,
    leadProfessional: text(body, 'leadProfessional'),
    leadAgencyId: text(body, 'leadAgencyId'),
  }))
}
