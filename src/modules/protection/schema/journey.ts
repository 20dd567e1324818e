/** The forms of the child's journey after the front door: assessments, CIN plans, closure. */
import { z } from 'zod'
import { ASSESSMENT_FACTOR_NAMES } from '../../census/queries.js'
import type { AssessmentOutcome, CinPlanEndReason } from '../../children/queries.js'
import {
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

export const ASSESSMENT_OUTCOME_NAMES: Record<AssessmentOutcome, string> = {
  'no-further-action': 'No further action',
  'cin-plan': 'Child in need plan',
  'strategy-discussion': 'Strategy discussion',
  'early-help': 'Early help',
}

export { ASSESSMENT_FACTOR_NAMES }
export const NO_FACTORS_IDENTIFIED = '21'

/** The CIN census reasons for closure, in the words of the census guide. */
export const CLOSURE_REASON_NAMES: Readonly<Record<string, string>> = {
  RC1: 'Adopted',
  RC2: 'Died',
  RC3: 'Child arrangements order',
  RC4: 'Special guardianship order',
  RC5: 'Transferred to services of another local authority',
  RC6: 'Transferred to adult social care services',
  RC7: 'Services ceased for any other reason, including child no longer in need',
  RC8: 'Case closed after assessment, no further action',
  RC9: 'Case closed after assessment, referred to early help',
}

export const CIN_PLAN_END_REASON_NAMES: Record<CinPlanEndReason, string> = {
  'no-longer-in-need': 'No longer in need',
  'stepped-up': 'Stepped up to a child protection plan',
  'moved-area': 'Moved to another local authority area',
  'looked-after': 'Became looked after',
  other: 'Other',
}

export interface StartAssessmentInput {
  startedOn: string
}

export function parseStartAssessment(body: Body, today: string): FormResult<StartAssessmentInput> {
  const schema = z.object({ 'startedOn-day': pastDate('date the assessment started', today) })
  return checked(schema, { 'startedOn-day': readDate(body, 'startedOn') }, data => ({
    startedOn: data['startedOn-day'],
  }))
}

export interface RecordAssessmentInput {
  factors: string[]
  outcome: AssessmentOutcome
}

export function parseRecordAssessment(body: Body): FormResult<RecordAssessmentInput> {
  const schema = z.object({
    factors: z
      .array(z.string())
      .min(1, 'Select the factors the assessment found, or ‘No factors identified’')
      .refine(
        codes => codes.every(code => Object.hasOwn(ASSESSMENT_FACTOR_NAMES, code)),
        'Select factors from the list',
      )
      .refine(
        codes => !codes.includes(NO_FACTORS_IDENTIFIED) || codes.length === 1,
        '‘No factors identified’ cannot be selected with other factors',
      ),
    outcome: choice(ASSESSMENT_OUTCOME_NAMES, 'Select what the assessment decided'),
  })
  return checked(
    schema,
    { factors: [...new Set(list(body, 'factors'))], outcome: text(body, 'outcome') },
    data => ({ factors: data.factors, outcome: data.outcome }),
  )
}

export interface AuthoriseAssessmentInput {
  authorisedOn: string
}

export function parseAuthoriseAssessment(
  body: Body,
  today: string,
): FormResult<AuthoriseAssessmentInput> {
  const schema = z.object({ 'authorisedOn-day': pastDate('date of authorisation', today) })
  return checked(schema, { 'authorisedOn-day': readDate(body, 'authorisedOn') }, data => ({
    authorisedOn: data['authorisedOn-day'],
  }))
}

export interface StartCinPlanInput {
  startedOn: string
}

export function parseStartCinPlan(body: Body, today: string): FormResult<StartCinPlanInput> {
  const schema = z.object({ 'startedOn-day': pastDate('date the plan started', today) })
  return checked(schema, { 'startedOn-day': readDate(body, 'startedOn') }, data => ({
    startedOn: data['startedOn-day'],
  }))
}

export interface CinReviewInput {
  reviewedOn: string
}

export function parseCinReview(body: Body, today: string): FormResult<CinReviewInput> {
  const schema = z.object({ 'reviewedOn-day': pastDate('date of the review', today) })
  return checked(schema, { 'reviewedOn-day': readDate(body, 'reviewedOn') }, data => ({
    reviewedOn: data['reviewedOn-day'],
  }))
}

export interface EndCinPlanInput {
  endedOn: string
  reason: CinPlanEndReason
}

export function parseEndCinPlan(body: Body, today: string): FormResult<EndCinPlanInput> {
  const schema = z.object({
    'endedOn-day': pastDate('date the plan ended', today),
    reason: choice(CIN_PLAN_END_REASON_NAMES, 'Select why the plan ended'),
  })
  return checked(
    schema,
    { 'endedOn-day': readDate(body, 'endedOn'), reason: text(body, 'reason') },
    data => ({ endedOn: data['endedOn-day'], reason: data.reason }),
  )
}

export interface CloseEpisodeInput {
  closedOn: string
  reason: string
}

export function parseCloseEpisode(body: Body, today: string): FormResult<CloseEpisodeInput> {
  const schema = z.object({
    'closedOn-day': pastDate('date the episode closed', today),
    reason: choice(CLOSURE_REASON_NAMES, 'Select the reason for closure'),
  })
  return checked(
    schema,
    { 'closedOn-day': readDate(body, 'closedOn'), reason: text(body, 'reason') },
    data => ({ closedOn: data['closedOn-day'], reason: data.reason }),
  )
}

export interface PreviousPlanInput {
  authority: string
  startedOn: string
  endedOn: string | null
}

export function parsePreviousPlan(body: Body, today: string): FormResult<PreviousPlanInput> {
  const ended = readDate(body, 'endedOn')
  const schema = z.object({
    authority: textField(
      200,
      'The local authority',
      'Enter the local authority that made the plan',
    ),
    'startedOn-day': pastDate('date the plan started', today),
    'endedOn-day':
      ended.kind === 'empty'
        ? z.custom<unknown>().transform(() => null)
        : pastDate('date the plan ended', today),
  })
  return checked(
    schema,
    {
      authority: text(body, 'authority'),
      'startedOn-day': readDate(body, 'startedOn'),
      'endedOn-day': ended,
    },
    data => ({
      authority: data.authority,
      startedOn: data['startedOn-day'],
      endedOn: data['endedOn-day'] ?? null,
    }),
  )
}

export function parseSelfAuthorisation(body: Body): FormResult<{ allowed: boolean }> {
  const schema = z.object({
    selfAuthorisation: z.enum(['yes', 'no'], {
      error: 'Select whether a worker may authorise their own assessment',
    }),
  })
  return checked(schema, { selfAuthorisation: text(body, 'selfAuthorisation') }, data => ({
    allowed: data.selfAuthorisation === 'yes',
  }))
}
