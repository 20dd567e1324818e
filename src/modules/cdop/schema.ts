import { z } from 'zod'
import {
  dateInputField,
  optionalDateInputField,
  optionalTextField,
  RecordIdParams,
  textField,
  UUID_PATTERN,
} from '../../platform/form-fields.js'
import { withDateInputs } from '../../platform/date-input.js'
import { CATEGORY_NUMBERS } from './categories.js'

export const PLACE_OF_DEATH_NAMES = {
  hospital: 'Hospital',
  home: 'Home',
  hospice: 'Hospice',
  'public-place': 'Public place',
  abroad: 'Abroad',
  other: 'Other',
} as const

export const DEATH_KIND_NAMES = { expected: 'Expected', unexpected: 'Unexpected' } as const

export const SEX_NAMES = { female: 'Female', male: 'Male', unknown: 'Not known' } as const

export const MODIFIABLE_FACTOR_NAMES = {
  identified: 'Modifiable factors identified',
  'none-identified': 'No modifiable factors identified',
  'inadequate-information': 'Inadequate information to make a judgement',
} as const

export const RECOMMENDATION_CATEGORY_NAMES = {
  'safe-sleeping': 'Safe sleeping',
  'road-safety': 'Road safety',
  'water-safety': 'Water safety',
  'home-safety': 'Safety in the home',
  'health-services': 'Health services',
  'mental-health': 'Mental health',
  'safeguarding-practice': 'Safeguarding practice',
  'public-awareness': 'Public awareness',
  other: 'Other',
} as const

type Keys<T extends object> = [keyof T & string, ...(keyof T & string)[]]
function keys<T extends object>(record: T): Keys<T> {
  return Object.keys(record) as Keys<T>
}

export const IdParams = RecordIdParams
export const RequestParams = z.object({
  id: z.string().regex(UUID_PATTERN),
  requestId: z.string().regex(UUID_PATTERN),
})

const NotificationFormFields = z
  .object({
    childName: textField('Enter the child’s name', 200),
    childId: z
      .string()
      .trim()
      .optional()
      .refine(
        value => !value || UUID_PATTERN.test(value),
        'Enter the child’s Keepsafe record number, or leave it blank',
      )
      .transform(value => (value ? value : null)),
    dateOfBirth: optionalDateInputField(),
    sex: z.enum(keys(SEX_NAMES), { error: 'Select the child’s sex' }),
    dateOfDeath: dateInputField('Enter the date of death'),
    placeOfDeath: z.enum(keys(PLACE_OF_DEATH_NAMES), { error: 'Select the place of death' }),
    notifiedOn: dateInputField('Enter the date of notification'),
    notifyingAgency: textField('Enter the agency that notified the death', 200),
    deathKind: z.enum(keys(DEATH_KIND_NAMES), { error: 'Select whether the death was expected' }),
    residentInArea: z.enum(['yes', 'no'], { error: 'Select whether the child lived in the area' }),
    diedInArea: z.enum(['yes', 'no'], { error: 'Select whether the child died in the area' }),
  })
  .strict()
  .superRefine((form, context) => {
    if (form.notifiedOn < form.dateOfDeath)
      context.addIssue({
        code: 'custom',
        path: ['notifiedOn'],
        message: 'The date of notification must be the same as or after the date of death',
      })
    if (form.dateOfBirth && form.dateOfBirth > form.dateOfDeath)
      context.addIssue({
        code: 'custom',
        path: ['dateOfBirth'],
        message: 'The date of birth must be the same as or before the date of death',
      })
    if (form.residentInArea === 'no' && form.diedInArea === 'no')
      context.addIssue({
        code: 'custom',
        path: ['residentInArea'],
        message: 'The panel reviews deaths of children who lived in the area or died in it',
      })
  })
export const NotificationForm = withDateInputs(
  ['dateOfBirth', 'dateOfDeath', 'notifiedOn'],
  NotificationFormFields,
)
export type NotificationInput = z.infer<typeof NotificationForm>

const MeetingsFormFields = z
  .object({ cdrMeetingOn: optionalDateInputField(), panelMeetingOn: optionalDateInputField() })
  .strict()
  .refine(form => form.cdrMeetingOn !== null || form.panelMeetingOn !== null, {
    path: ['cdrMeetingOn'],
    message: 'Enter the date of the child death review meeting or of the panel meeting',
  })
export const MeetingsForm = withDateInputs(['cdrMeetingOn', 'panelMeetingOn'], MeetingsFormFields)
export type MeetingsInput = z.infer<typeof MeetingsForm>

const InformationRequestFormFields = z
  .object({
    agencyName: textField('Enter the agency asked for information', 200),
    requestedOn: dateInputField('Enter the date the information was asked for'),
    dueOn: dateInputField('Enter the date the information is due'),
  })
  .strict()
  .refine(form => form.dueOn >= form.requestedOn, {
    path: ['dueOn'],
    message: 'The due date must be the same as or after the date it was asked for',
  })
export const InformationRequestForm = withDateInputs(
  ['requestedOn', 'dueOn'],
  InformationRequestFormFields,
)
export type InformationRequestInput = z.infer<typeof InformationRequestForm>

const ReceivedFormFields = z
  .object({ receivedOn: dateInputField('Enter the date the information was received') })
  .strict()
export const ReceivedForm = withDateInputs(['receivedOn'], ReceivedFormFields)

const categoryValue = z.enum(CATEGORY_NUMBERS.map(String) as [string, ...string[]], {
  error: 'Select the categories that apply',
})

const AnalysisFormFields = z
  .object({
    categories: z
      .union([categoryValue, z.array(categoryValue)], { error: 'Select the categories that apply' })
      .transform(value => (Array.isArray(value) ? value : [value]).map(Number)),
    categoryReason: z
      .string({ error: 'Enter the reason for the category' })
      .trim()
      .min(1, 'Enter the reason for the category')
      .max(5000, 'Must be 5000 characters or fewer'),
    modifiableFactors: z.enum(keys(MODIFIABLE_FACTOR_NAMES), {
      error: 'Select the panel’s judgement on modifiable factors',
    }),
    modifiableFactorsNotes: optionalTextField(5000),
    reviewCompletedOn: dateInputField('Enter the date the review was completed'),
  })
  .strict()
export const AnalysisForm = withDateInputs(['reviewCompletedOn'], AnalysisFormFields)
export type AnalysisInput = z.infer<typeof AnalysisForm>

export const RecommendationForm = z
  .object({
    category: z.enum(keys(RECOMMENDATION_CATEGORY_NAMES), {
      error: 'Select the category of the recommendation',
    }),
    text: textField('Enter the recommendation', 5000),
  })
  .strict()
export type RecommendationInput = z.infer<typeof RecommendationForm>

export const CaseReviewReferralForm = z
  .object({ reason: textField('Enter why the death is referred for case review screening', 5000) })
  .strict()
export type CaseReviewReferralInput = z.infer<typeof CaseReviewReferralForm>

export const ListQuery = z
  .object({
    status: z.enum(['awaiting-review', 'reviewed', '']).optional(),
    deathKind: z.enum(['expected', 'unexpected', '']).optional(),
  })
  .strict()
  .transform(query => ({
    status: query.status || undefined,
    deathKind: query.deathKind || undefined,
  }))
