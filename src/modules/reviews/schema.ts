/**
 * Case review forms: their shape and their words. Rules that need data (a case already screened,
 * a date before the referral) live in the services.
 */
import { z } from 'zod'
import { toGovukErrors, type GovukErrors } from '../../platform/forms.js'
import { isValidIsoDate } from '../../platform/working-days.js'
import type { CaseDecision, CaseStatus, DocumentKind, Harm, ReviewType } from './table.js'

export const HARM_NAMES: Record<Harm, string> = {
  died: 'The child died',
  'seriously-harmed': 'The child was seriously harmed',
}
export const STATUS_NAMES: Record<CaseStatus, string> = {
  screening: 'Screening',
  'rapid-review': 'Notification and rapid review',
  decision: 'Awaiting the chair’s decision',
  decided: 'Decided',
}
export const DECISION_NAMES: Record<CaseDecision, string> = {
  'local-review': 'Hold a local review',
  'no-review': 'No local review',
}
export const REVIEW_TYPE_NAMES: Record<ReviewType, string> = {
  'practice-review': 'Child safeguarding practice review (serious case review)',
  learning: 'Learning review',
  thematic: 'Thematic review of several cases',
  'single-agency': 'Single-agency review',
  'domestic-homicide': 'Domestic homicide review (held elsewhere)',
  'other-area': 'Another area’s review (held elsewhere)',
}
export const LOCAL_REVIEW_TYPES = [
  'practice-review',
  'learning',
  'thematic',
  'single-agency',
] as const
export const ELSEWHERE_REVIEW_TYPES = ['domestic-homicide', 'other-area'] as const
export const DOCUMENT_KIND_NAMES: Record<DocumentKind, string> = {
  'scoping-request': 'Scoping request to an agency',
  'agency-report': 'Agency report',
  briefing: 'Learning briefing',
}

export type FormResult<T> = { success: true; data: T } | { success: false; errors: GovukErrors }
type Body = Record<string, unknown>

export const IdParams = z.object({ id: z.uuid() })
export const CASE_FILTERS = ['open', 'all', 'overdue', 'decided'] as const
export type CaseFilter = (typeof CASE_FILTERS)[number]
/** List filters: one value each; anything else is bad input. */
export const CaseListQuery = z.strictObject({ show: z.enum(CASE_FILTERS).optional() })
export const ExportQuery = z.strictObject({ format: z.enum(['csv', 'xlsx']).optional() })

/** A form field as trimmed text; repeated fields and anything that is not a string are refused. */
function text(body: Body, name: string, problems: Problems): string {
  const value = body[name]
  if (value === undefined) return ''
  if (typeof value !== 'string') {
    problems.add(name, 'Enter one answer only')
    return ''
  }
  return value.trim()
}

class Problems {
  readonly fields: Record<string, { text: string }> = {}
  add(field: string, message: string) {
    this.fields[field] ??= { text: message }
  }
  done<T>(data: T): FormResult<T> {
    return Object.keys(this.fields).length
      ? { success: false, errors: toGovukErrors(this.fields) }
      : { success: true, data }
  }
}

/** A GOV.UK date input (day, month, year boxes); the error sits on the day box. */
function date(
  body: Body,
  name: string,
  what: string,
  problems: Problems,
  options: { required: boolean; today?: string },
): string | null {
  const [day, month, year] = ['day', 'month', 'year'].map(part =>
    text(body, `${name}-${part}`, problems),
  ) as [string, string, string]
  const field = `${name}-day`
  if (!day && !month && !year) {
    if (options.required) problems.add(field, `Enter the ${what}`)
    return null
  }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  if (
    !/^\d{1,2}$/.test(day) ||
    !/^\d{1,2}$/.test(month) ||
    !/^\d{4}$/.test(year) ||
    !isValidIsoDate(iso) ||
    year < '1900'
  ) {
    problems.add(field, `The ${what} must be a real date`)
    return null
  }
  if (options.today && iso > options.today) {
    problems.add(field, `The ${what} must be today or in the past`)
    return null
  }
  return iso
}

export function dateValues(name: string, iso: string | null | undefined): Record<string, string> {
  const [year = '', month = '', day = ''] = iso ? iso.split('-') : []
  return {
    [`${name}-day`]: day ? String(Number(day)) : '',
    [`${name}-month`]: month ? String(Number(month)) : '',
    [`${name}-year`]: year,
  }
}

function required(
  body: Body,
  name: string,
  message: string,
  max: number,
  problems: Problems,
): string {
  const value = text(body, name, problems)
  if (!value) problems.add(name, message)
  else if (value.length > max) problems.add(name, `Must be ${String(max)} characters or fewer`)
  return value
}

function optional(body: Body, name: string, max: number, problems: Problems): string | null {
  const value = text(body, name, problems)
  if (value.length > max) problems.add(name, `Must be ${String(max)} characters or fewer`)
  return value || null
}

function choice<T extends string>(
  body: Body,
  name: string,
  names: Record<T, string>,
  message: string,
  problems: Problems,
): T {
  const value = text(body, name, problems)
  if (!Object.hasOwn(names, value)) problems.add(name, message)
  return value as T
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function agency(body: Body, name: string, problems: Problems, isRequired: boolean): string | null {
  const value = text(body, name, problems)
  if (!value) {
    if (isRequired) problems.add(name, 'Select an agency')
    return null
  }
  if (!UUID.test(value)) problems.add(name, 'Select an agency from the list')
  return value
}

function yesNo(body: Body, name: string, message: string, problems: Problems): boolean {
  const value = text(body, name, problems)
  if (value !== 'yes' && value !== 'no') problems.add(name, message)
  return value === 'yes'
}

// ---- Referral --------------------------------------------------------------------------------

export interface ReferralInput {
  childName: string
  dateOfBirth: string | null
  harm: Harm
  incidentOn: string | null
  awareOn: string
  agencyId: string | null
  summary: string
}

export function parseReferral(body: Body, today: string): FormResult<ReferralInput> {
  const p = new Problems()
  const data: ReferralInput = {
    childName: required(body, 'childName', 'Enter the child’s name', 200, p),
    dateOfBirth: date(body, 'dateOfBirth', 'date of birth', p, { required: false, today }),
    harm: choice(
      body,
      'harm',
      HARM_NAMES,
      'Select whether the child died or was seriously harmed',
      p,
    ),
    incidentOn: date(body, 'incidentOn', 'date of the incident', p, { required: false, today }),
    awareOn:
      date(body, 'awareOn', 'date the partnership became aware', p, { required: true, today }) ??
      '',
    agencyId: agency(body, 'agencyId', p, false),
    summary: required(
      body,
      'summary',
      'Enter what happened and why you are referring the case',
      10000,
      p,
    ),
  }
  if (data.incidentOn && data.awareOn && data.incidentOn > data.awareOn)
    p.add(
      'incidentOn-day',
      'The date of the incident must be on or before the date the partnership became aware',
    )
  return p.done(data)
}

// ---- Information requests --------------------------------------------------------------------

export interface InformationRequestInput {
  agencyId: string
  question: string
  workingDays: number
}

export function parseInformationRequest(body: Body): FormResult<InformationRequestInput> {
  const p = new Problems()
  const agencyId = agency(body, 'agencyId', p, true) ?? ''
  const question = required(body, 'question', 'Enter what you are asking the agency for', 5000, p)
  const days = text(body, 'workingDays', p)
  if (!/^\d{1,2}$/.test(days) || Number(days) < 1 || Number(days) > 30)
    p.add('workingDays', 'Enter a number of working days from 1 to 30')
  return p.done({ agencyId, question, workingDays: Number(days) })
}

export function parseAnswer(body: Body): FormResult<{ answer: string }> {
  const p = new Problems()
  return p.done({ answer: required(body, 'answer', 'Enter your agency’s answer', 20000, p) })
}

// ---- Screening, notification, rapid review, decision -------------------------------------------

export interface ScreeningInput {
  screenedOn: string
  abuseSuspected: boolean
  criteriaMet: boolean
  notes: string | null
}

export function parseScreening(body: Body, today: string): FormResult<ScreeningInput> {
  const p = new Problems()
  return p.done({
    screenedOn:
      date(body, 'screenedOn', 'date of the screening', p, { required: true, today }) ?? '',
    abuseSuspected: yesNo(
      body,
      'abuseSuspected',
      'Select whether abuse or neglect is known or suspected',
      p,
    ),
    criteriaMet: yesNo(
      body,
      'criteriaMet',
      'Select whether the case meets the criteria for a serious incident notification',
      p,
    ),
    notes: optional(body, 'notes', 10000, p),
  })
}

export function parseNotification(body: Body, today: string): FormResult<{ notifiedOn: string }> {
  const p = new Problems()
  return p.done({
    notifiedOn:
      date(body, 'notifiedOn', 'date the national panel was notified', p, {
        required: true,
        today,
      }) ?? '',
  })
}

export interface RapidReviewInput {
  heldOn: string
  sentOn: string | null
  findings: string
}

export function parseRapidReview(body: Body, today: string): FormResult<RapidReviewInput> {
  const p = new Problems()
  const data = {
    heldOn: date(body, 'heldOn', 'date of the rapid review', p, { required: true, today }) ?? '',
    sentOn: date(body, 'sentOn', 'date the rapid review was sent to the panel', p, {
      required: false,
      today,
    }),
    findings: required(
      body,
      'findings',
      'Enter the rapid review’s findings and recommendation',
      20000,
      p,
    ),
  }
  if (data.sentOn && data.heldOn && data.sentOn < data.heldOn)
    p.add('sentOn-day', 'The date sent must be on or after the date of the rapid review')
  return p.done(data)
}

export interface DecisionInput {
  decidedOn: string
  decision: CaseDecision
  rationale: string
  alternativeAction: string | null
  reviewType: (typeof LOCAL_REVIEW_TYPES)[number] | null
  reviewTitle: string | null
}

export function parseDecision(body: Body, today: string): FormResult<DecisionInput> {
  const p = new Problems()
  const decision = choice(body, 'decision', DECISION_NAMES, 'Select the chair’s decision', p)
  const data: DecisionInput = {
    decidedOn: date(body, 'decidedOn', 'date of the decision', p, { required: true, today }) ?? '',
    decision,
    rationale: required(body, 'rationale', 'Enter the reasons for the decision', 10000, p),
    alternativeAction: optional(body, 'alternativeAction', 2000, p),
    reviewType: null,
    reviewTitle: null,
  }
  if (decision === 'local-review') {
    const type = text(body, 'reviewType', p)
    if (!(LOCAL_REVIEW_TYPES as readonly string[]).includes(type))
      p.add('reviewType', 'Select the kind of review')
    data.reviewType = type as DecisionInput['reviewType']
    data.reviewTitle = required(
      body,
      'reviewTitle',
      'Enter a title for the review, like “Child D”',
      300,
      p,
    )
  }
  return p.done(data)
}

// ---- Reviews -----------------------------------------------------------------------------------

export interface ReviewDetailsInput {
  reviewerName: string | null
  termsOfReference: string | null
  publishedOn: string | null
}

export function parseReviewDetails(body: Body, today: string): FormResult<ReviewDetailsInput> {
  const p = new Problems()
  return p.done({
    reviewerName: optional(body, 'reviewerName', 200, p),
    termsOfReference: optional(body, 'termsOfReference', 20000, p),
    publishedOn: date(body, 'publishedOn', 'date of publication', p, { required: false, today }),
  })
}

export interface ElsewhereInput {
  title: string
  reviewType: (typeof ELSEWHERE_REVIEW_TYPES)[number]
  heldBy: string
  decidedOn: string
  publishedOn: string | null
}

export function parseElsewhere(body: Body, today: string): FormResult<ElsewhereInput> {
  const p = new Problems()
  const type = text(body, 'reviewType', p)
  if (!(ELSEWHERE_REVIEW_TYPES as readonly string[]).includes(type))
    p.add('reviewType', 'Select the kind of review')
  const data = {
    title: required(body, 'title', 'Enter the review’s title', 300, p),
    reviewType: type as ElsewhereInput['reviewType'],
    heldBy: required(
      body,
      'heldBy',
      'Enter who holds the review, like “Northshire Safeguarding Partnership”',
      300,
      p,
    ),
    decidedOn:
      date(body, 'decidedOn', 'date the review was commissioned', p, { required: true, today }) ??
      '',
    publishedOn: date(body, 'publishedOn', 'date of publication', p, { required: false, today }),
  }
  if (data.publishedOn && data.decidedOn && data.publishedOn < data.decidedOn)
    p.add(
      'publishedOn-day',
      'The date of publication must be on or after the date the review was commissioned',
    )
  return p.done(data)
}

export function parseMilestone(body: Body): FormResult<{ title: string; dueOn: string }> {
  const p = new Problems()
  return p.done({
    title: required(body, 'title', 'Enter the milestone, like “Practitioner event”', 300, p),
    dueOn: date(body, 'dueOn', 'date the milestone is due', p, { required: true }) ?? '',
  })
}

export interface DocumentInput {
  kind: DocumentKind
  title: string
  agencyId: string | null
  dueOn: string | null
}

export function parseDocument(body: Body): FormResult<DocumentInput> {
  const p = new Problems()
  return p.done({
    kind: choice(body, 'kind', DOCUMENT_KIND_NAMES, 'Select what the document is', p),
    title: required(body, 'title', 'Enter the document’s title', 300, p),
    agencyId: agency(body, 'agencyId', p, false),
    dueOn: date(body, 'requestDueOn', 'date the agency’s answer is due', p, { required: false }),
  })
}

export interface RecommendationInput {
  number: number
  text: string
  action: string
  agencyId: string | null
  dueOn: string
}

export function parseRecommendation(body: Body): FormResult<RecommendationInput> {
  const p = new Problems()
  const number = text(body, 'number', p)
  if (!/^\d{1,3}$/.test(number) || Number(number) < 1)
    p.add('number', 'Enter the recommendation’s number, like 1')
  return p.done({
    number: Number(number),
    text: required(body, 'text', 'Enter the recommendation', 5000, p),
    action: required(body, 'action', 'Enter the action that answers it', 2000, p),
    agencyId: agency(body, 'agencyId', p, false),
    dueOn: date(body, 'actionDueOn', 'date the action is due', p, { required: true }) ?? '',
  })
}
