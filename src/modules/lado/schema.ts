import { z } from 'zod'
import {
  dateInputField,
  optionalDateInputField,
  optionalTextField,
  RecordIdParams,
  textField,
} from '../../platform/form-fields.js'
import { withDateInputs } from '../../platform/date-input.js'

export const SECTOR_NAMES = {
  education: 'Education (schools and colleges)',
  'early-years': 'Early years and childcare',
  faith: 'Faith groups',
  health: 'Health',
  police: 'Police',
  'social-care': 'Social care',
  'foster-care': 'Foster care',
  voluntary: 'Voluntary and community',
  sports: 'Sports and leisure',
  transport: 'Transport',
  other: 'Other',
} as const

export const HARM_TEST_NAMES = {
  harmed: 'Behaved in a way that has harmed a child, or may have harmed a child',
  'criminal-offence': 'Possibly committed a criminal offence against or related to a child',
  'risk-of-harm': 'Behaved towards a child in a way that indicates they may pose a risk of harm',
  unsuitable:
    'Behaved in a way that indicates they may not be suitable to work with children (transferable risk)',
} as const

export const DECISION_NAMES = {
  evaluation: 'Evaluation meeting',
  strategy: 'Strategy meeting (police or children’s social care enquiries)',
  'no-further-action': 'No further action by the designated officer',
} as const

export const POLICE_NAMES = {
  none: 'No police investigation',
  ongoing: 'Investigation ongoing',
  'no-further-action': 'No further action',
  charged: 'Charged',
  convicted: 'Convicted',
  acquitted: 'Acquitted',
} as const

export const EMPLOYER_NAMES = {
  none: 'No employer investigation',
  ongoing: 'Investigation ongoing',
  completed: 'Investigation completed',
} as const

/** The outcomes and their definitions in Keeping children safe in education and Working Together. */
export const OUTCOME_NAMES = {
  substantiated: 'Substantiated: there is sufficient evidence to prove the allegation',
  malicious:
    'Malicious: there is sufficient evidence to disprove the allegation and a deliberate act to deceive',
  false: 'False: there is sufficient evidence to disprove the allegation',
  unsubstantiated:
    'Unsubstantiated: there is insufficient evidence to either prove or disprove the allegation',
  unfounded:
    'Unfounded: there is no evidence or proper basis which supports the allegation being made',
} as const

export const OUTCOME_SHORT_NAMES = {
  substantiated: 'Substantiated',
  malicious: 'Malicious',
  false: 'False',
  unsubstantiated: 'Unsubstantiated',
  unfounded: 'Unfounded',
} as const

export const MEETING_KIND_NAMES = {
  evaluation: 'Evaluation meeting',
  strategy: 'Strategy meeting',
  review: 'Review meeting',
} as const

export const ACTION_NAMES = {
  dismissal: 'Dismissal',
  resignation: 'Resignation',
  suspension: 'Suspension',
  disciplinary: 'Disciplinary action',
  'barring-service-referral': 'Referral to the Disclosure and Barring Service',
  'regulator-referral':
    'Referral to the regulator (for example TRA, NMC, GMC, Social Work England)',
  training: 'Training or supervision',
  'no-action': 'No action',
} as const

type Keys<T extends object> = [keyof T & string, ...(keyof T & string)[]]
function keys<T extends object>(record: T): Keys<T> {
  return Object.keys(record) as Keys<T>
}

export const IdParams = RecordIdParams

const ReferralFormFields = z
  .object({
    receivedOn: dateInputField('Enter the date the referral was received'),
    referrerAgency: textField('Enter who made the referral', 200),
    adultName: textField('Enter the name of the adult', 200),
    adultDateOfBirth: optionalDateInputField(),
    adultRole: textField('Enter the adult’s role, for example teacher', 200),
    employer: textField('Enter the adult’s employer', 200),
    sector: z.enum(keys(SECTOR_NAMES), { error: 'Select the sector the adult works in' }),
    harmTest: z.enum(keys(HARM_TEST_NAMES), {
      error: 'Select which of the harm tests the allegation meets',
    }),
    allegation: textField('Enter the allegation', 5000),
    childName: optionalTextField(200),
    childAge: z
      .string({ error: 'Enter the child’s age in whole years, from 0 to 17' })
      .trim()
      .optional()
      .refine(
        value => !value || /^(1[0-7]|[0-9])$/.test(value),
        'Enter the child’s age in whole years, from 0 to 17',
      )
      .transform(value => (value ? Number(value) : null)),
  })
  .strict()
export const ReferralForm = withDateInputs(['receivedOn', 'adultDateOfBirth'], ReferralFormFields)
export type ReferralInput = z.infer<typeof ReferralForm>

const InitialConsiderationFormFields = z
  .object({
    consideredOn: dateInputField('Enter the date of the initial consideration'),
    decision: z.enum(keys(DECISION_NAMES), { error: 'Select the decision' }),
  })
  .strict()
export const InitialConsiderationForm = withDateInputs(
  ['consideredOn'],
  InitialConsiderationFormFields,
)
export type InitialConsiderationInput = z.infer<typeof InitialConsiderationForm>

const MeetingFormFields = z
  .object({
    kind: z.enum(keys(MEETING_KIND_NAMES), { error: 'Select the kind of meeting' }),
    heldOn: dateInputField('Enter the date of the meeting'),
    attendees: textField('Enter who attended, one on each line', 5000),
    notes: optionalTextField(5000),
  })
  .strict()
export const MeetingForm = withDateInputs(['heldOn'], MeetingFormFields)
export type MeetingInput = z.infer<typeof MeetingForm>

export const InvestigationsForm = z
  .object({
    policeInvestigation: z.enum(keys(POLICE_NAMES), {
      error: 'Select the police investigation’s status',
    }),
    employerInvestigation: z.enum(keys(EMPLOYER_NAMES), {
      error: 'Select the employer investigation’s status',
    }),
  })
  .strict()
export type InvestigationsInput = z.infer<typeof InvestigationsForm>

const ActionFormFields = z
  .object({
    // Named apart from the meeting form's kind: both forms are on the same page.
    actionKind: z.enum(keys(ACTION_NAMES), { error: 'Select the action' }),
    takenOn: dateInputField('Enter the date of the action'),
    notes: optionalTextField(5000),
  })
  .strict()
export const ActionForm = withDateInputs(['takenOn'], ActionFormFields)
export type ActionInput = z.infer<typeof ActionForm>

const CloseFormFields = z
  .object({
    outcome: z.enum(keys(OUTCOME_NAMES), {
      error: 'Select an outcome from the statutory definitions',
    }),
    outcomeNotes: optionalTextField(5000),
    closedOn: dateInputField('Enter the date the allegation was closed'),
  })
  .strict()
export const CloseForm = withDateInputs(['closedOn'], CloseFormFields)
export type CloseInput = z.infer<typeof CloseForm>

export const ListQuery = z
  .object({
    sector: z.union([z.literal(''), z.enum(keys(SECTOR_NAMES))]).optional(),
    status: z.enum(['', 'open', 'closed']).optional(),
  })
  .strict()
  .transform(query => ({ sector: query.sector || undefined, status: query.status || undefined }))
export type ListFilter = z.infer<typeof ListQuery>
