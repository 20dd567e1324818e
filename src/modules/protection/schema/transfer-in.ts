/** A child arriving on a child protection plan from another authority: the transfer's form. */
import { z } from 'zod'
import type { AbuseCategory, ConferenceKind, ConferenceOutcome } from '../table.js'
import { CATEGORY_NAMES, CONFERENCE_OUTCOME_NAMES } from './names.js'
import {
  checked,
  choice,
  pastDate,
  readDate,
  text,
  textField,
  type Body,
  type FormResult,
} from './forms.js'

/** Working Together 2023: a transfer-in conference within 15 working days of the notification. */
export const TRANSFER_IN_WORKING_DAYS = 15

/** What a transfer-in conference decides, in its own words. */
export const TRANSFER_IN_OUTCOME_NAMES = {
  plan: 'Continue the plan here',
  'no-plan': 'No plan needed',
} as const

export const CONFERENCE_KIND_NAMES: Record<ConferenceKind, string> = {
  initial: 'Initial conference',
  review: 'Review conference',
  'transfer-in': 'Transfer-in conference',
}

export const CONFERENCE_TITLES: Record<ConferenceKind, string> = {
  initial: 'Initial child protection conference',
  review: 'Review child protection conference',
  'transfer-in': 'Transfer-in child protection conference',
}

/** The outcomes' names for a kind of conference: a transfer-in's are its own. */
export function conferenceOutcomeNames(kind: ConferenceKind): Record<ConferenceOutcome, string> {
  return kind === 'transfer-in'
    ? { ...CONFERENCE_OUTCOME_NAMES, ...TRANSFER_IN_OUTCOME_NAMES }
    : CONFERENCE_OUTCOME_NAMES
}

export interface TransferInInput {
  authority: string
  notifiedOn: string
  category: AbuseCategory
  startedOn: string
}

export function parseTransferIn(body: Body, today: string): FormResult<TransferInInput> {
  const schema = z.object({
    authority: textField(
      200,
      'The local authority',
      'Enter the local authority the child came from',
    ),
    'notifiedOn-day': pastDate('date we were told of the transfer', today),
    category: choice(CATEGORY_NAMES, 'Select the plan’s category of abuse or neglect'),
    'startedOn-day': pastDate('date the plan started there', today),
  })
  return checked(
    schema,
    {
      authority: text(body, 'authority'),
      'notifiedOn-day': readDate(body, 'notifiedOn'),
      category: text(body, 'category'),
      'startedOn-day': readDate(body, 'startedOn'),
    },
    data => ({
      authority: data.authority,
      notifiedOn: data['notifiedOn-day'],
      category: data.category,
      startedOn: data['startedOn-day'],
    }),
  )
}
