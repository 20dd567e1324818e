import { z } from 'zod'
import { dateInputValues, readDateInput, type DateInput } from '../../platform/date-input.js'
import { queryObject } from '../../platform/query.js'
import { formatDate } from '../../platform/http/web.js'
import { addCalendarDays, isValidIsoDate } from '../../platform/working-days.js'
import { PRIMARY_NEED_CODES, REFERRAL_SOURCE_CODES } from '../census/queries.js'
import type { ConsentStatus, Decision, DraftAnswers, DraftChild } from './table.js'

/** A child is under 18: a date of birth more than 18 years ago is refused. */
export const CHILD_AGE_LIMIT = 18
/** More children than this on one report is a job for the phone line, not a form. */
export const MAX_CHILDREN = 10

/** A required free-text answer: trimmed, not empty, not too long. */
function required(max: number, empty: string, tooLong: string) {
  return z.string({ error: empty }).trim().min(1, empty).max(max, tooLong)
}

/** An optional free-text answer: missing or not a string counts as empty. */
function optional(max: number, tooLong: string) {
  return z.preprocess(
    value => (typeof value === 'string' ? value : ''),
    z.string().trim().max(max, tooLong),
  )
}

const PHONE = /^\+?[0-9 ()-]{7,25}$/
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i

function validPhone(value: string): boolean {
  const digits = value.replace(/\D/g, '')
  return PHONE.test(value) && digits.length >= 10 && digits.length <= 15
}

const PHONE_MESSAGE =
  'Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192'
const EMAIL_MESSAGE = 'Enter an email address in the correct format, like name@example.com'
const emailSchema = z.email({ error: EMAIL_MESSAGE }).max(254, EMAIL_MESSAGE)

export type Parsed<T> = { success: true; data: T } | { success: false; issues: Issue[] }
export interface Issue {
  field: string
  message: string
}

function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map(issue => ({ field: issue.path.join('-'), message: issue.message }))
}

/** The string a form field holds, or '' for anything else (arrays, objects, missing). */
export function field(body: Record<string, unknown>, name: string): string {
  const value = body[name]
  return typeof value === 'string' ? value.trim() : ''
}

export type DateCheck = DateInput
export { readDateInput, dateInputValues }

/** The earliest date of birth of someone under 18 today. */
export function earliestChildBirthDate(today: string): string {
  const candidate = `${String(Number(today.slice(0, 4)) - CHILD_AGE_LIMIT)}${today.slice(4)}`
  // 29 February 18 years back may not exist: the day after 28 February is then the limit.
  const valid = isValidIsoDate(candidate) ? candidate : `${candidate.slice(0, 4)}-02-28`
  return addCalendarDays(valid, 1)
}

export interface PageContext {
  today: string
  agencies: { id: string; name: string }[]
}

// ---- The child ----------------------------------------------------------------------------

export function parseChild(body: Record<string, unknown>, ctx: PageContext): Parsed<DraftChild> {
  const issues: Issue[] = []
  const base = z
    .object({
      givenName: required(
        100,
        'Enter the child’s first name',
        'First name must be 100 characters or fewer',
      ),
      familyName: optional(100, 'Last name must be 100 characters or fewer'),
      address: optional(500, 'Address must be 500 characters or fewer'),
      postcode: optional(10, 'Enter a real postcode, like AA1 1AA'),
      approximateAge: optional(10, 'Approximate age must be a whole number from 0 to 17'),
    })
    .safeParse(body)
  if (!base.success) issues.push(...zodIssues(base.error))

  const birth = readDateInput(body, 'birthDate')
  let birthDate: string | null = null
  if (birth.kind === 'invalid') {
    issues.push({ field: 'birthDate-day', message: 'Date of birth must be a real date' })
  } else if (birth.kind === 'date') {
    const earliest = earliestChildBirthDate(ctx.today)
    if (birth.date > ctx.today) {
      issues.push({ field: 'birthDate-day', message: 'Date of birth must be today or in the past' })
    } else if (birth.date < earliest) {
      issues.push({
        field: 'birthDate-day',
        message: `The child must be under 18: date of birth must be on or after ${formatDate(earliest)}`,
      })
    } else {
      birthDate = birth.date
    }
  }

  const ageText = base.success ? base.data.approximateAge : ''
  let approximateAge: number | null = null
  if (ageText) {
    if (/^\d{1,2}$/.test(ageText) && Number(ageText) < CHILD_AGE_LIMIT) {
      approximateAge = Number(ageText)
    } else {
      issues.push({
        field: 'approximateAge',
        message: 'Approximate age must be a whole number from 0 to 17',
      })
    }
  }
  if (birth.kind === 'empty' && !ageText) {
    issues.push({
      field: 'birthDate-day',
      message: 'Enter the child’s date of birth or their approximate age',
    })
  }

  const postcode = base.success ? base.data.postcode.toUpperCase() : ''
  if (postcode && !POSTCODE.test(postcode)) {
    issues.push({ field: 'postcode', message: 'Enter a real postcode, like AA1 1AA' })
  }

  if (!base.success || issues.length) return { success: false, issues }
  return {
    success: true,
    data: {
      givenName: base.data.givenName,
      familyName: base.data.familyName,
      birthDate,
      approximateAge,
      address: base.data.address,
      postcode,
    },
  }
}

export function childFormValues(child: DraftChild | undefined): Record<string, string> {
  if (!child) return {}
  return {
    givenName: child.givenName,
    familyName: child.familyName,
    ...dateInputValues('birthDate', child.birthDate),
    approximateAge: child.approximateAge === null ? '' : String(child.approximateAge),
    address: child.address,
    postcode: child.postcode,
  }
}

export const AnotherChildForm = z.object({
  another: z.enum(['yes', 'no'], {
    error: 'Select yes if you need to tell us about another child',
  }),
})

export const ChildIndexParams = z.object({
  index: z.coerce.number().int().min(1).max(MAX_CHILDREN),
})

// ---- The other question pages -------------------------------------------------------------

/**
 * A question page that writes one section of the answers. `values` turns saved answers back into
 * form values, and `parse` reads form values: so a section is complete when its saved values
 * still parse (the check-your-answers page and the submission use that).
 */
export interface SectionPage {
  slug: string
  title: string
  template: string
  professionalOnly?: boolean
  publicOnly?: boolean
  values(answers: DraftAnswers): Record<string, string>
  parse(body: Record<string, unknown>, ctx: PageContext): Parsed<Partial<DraftAnswers>>
}

function fromZod<T, R>(
  result: { success: true; data: T } | { success: false; error: z.ZodError },
  build: (data: T) => R,
): Parsed<R> {
  return result.success
    ? { success: true, data: build(result.data) }
    : { success: false, issues: zodIssues(result.error) }
}

const FamilyForm = z.object({
  household: required(
    5000,
    'Enter who lives with the child, or ‘not known’',
    'Who lives with the child must be 5000 characters or fewer',
  ),
  parentsCarers: optional(1000, 'Parents or carers must be 1000 characters or fewer'),
})

const VoiceForm = z.object({
  childSays: required(
    5000,
    'Enter what the child has said, or that you have not been able to speak with them',
    'What the child has said must be 5000 characters or fewer',
  ),
  childFeels: optional(5000, 'How the child feels must be 5000 characters or fewer'),
})

export const CONSENT_OPTIONS: Record<ConsentStatus, string> = {
  given: 'Yes, they agree to this report',
  refused: 'No, they refused',
  'not-sought': 'I have not asked them, because it would put the child at risk',
}

const ConsentForm = z
  .object({
    consent: z.enum(['given', 'refused', 'not-sought'], {
      error: 'Select whether the child’s parents or carers agree to this report',
    }),
    refusedReason: optional(2000, 'Reason must be 2000 characters or fewer'),
    notSoughtReason: optional(2000, 'Reason must be 2000 characters or fewer'),
  })
  .superRefine((form, ctx) => {
    if (form.consent === 'refused' && !form.refusedReason) {
      ctx.addIssue({
        code: 'custom',
        path: ['refusedReason'],
        message: 'Enter why the parents or carers refused',
      })
    }
    if (form.consent === 'not-sought' && !form.notSoughtReason) {
      ctx.addIssue({
        code: 'custom',
        path: ['notSoughtReason'],
        message: 'Enter why asking the parents or carers would put the child at risk',
      })
    }
  })

const ReporterForm = z
  .object({
    anonymous: z.enum(['named', 'anonymous'], {
      error: 'Select whether you want to give your details',
    }),
    name: optional(200, 'Name must be 200 characters or fewer'),
    relationship: optional(200, 'Relationship must be 200 characters or fewer'),
    email: optional(254, EMAIL_MESSAGE),
    phone: optional(30, PHONE_MESSAGE),
  })
  .superRefine((form, ctx) => {
    if (form.anonymous === 'anonymous') return
    const issue = (path: string, message: string) => {
      ctx.addIssue({ code: 'custom', path: [path], message })
    }
    if (!form.name) issue('name', 'Enter your full name')
    if (!form.relationship) issue('relationship', 'Enter how you know the child')
    if (form.email && !emailSchema.safeParse(form.email).success) issue('email', EMAIL_MESSAGE)
    if (form.phone && !validPhone(form.phone)) issue('phone', PHONE_MESSAGE)
    if (!form.email && !form.phone) {
      issue('email', 'Enter an email address or a telephone number so that we can contact you')
    }
  })

const ProfessionalForm = z.object({
  name: required(200, 'Enter your full name', 'Name must be 200 characters or fewer'),
  email: z
    .string({ error: 'Enter your work email address' })
    .trim()
    .min(1, 'Enter your work email address')
    .pipe(emailSchema),
  phone: required(30, 'Enter your work telephone number', PHONE_MESSAGE).refine(
    validPhone,
    PHONE_MESSAGE,
  ),
  agencyId: z.string({ error: 'Select your agency' }).min(1, 'Select your agency'),
  jobTitle: required(
    200,
    'Enter your job title or role',
    'Job title must be 200 characters or fewer',
  ),
  relationship: required(
    200,
    'Enter your professional relationship to the child, for example class teacher',
    'Relationship must be 200 characters or fewer',
  ),
})

const ActionsForm = z.object({
  actionsTaken: required(
    5000,
    'Enter what has been done so far, or ‘nothing yet’',
    'What has been done so far must be 5000 characters or fewer',
  ),
})

export const SECTION_PAGES: SectionPage[] = [
  {
    slug: 'family',
    title: 'Who lives with the child',
    template: 'frontdoor/views/family.njk',
    values: a => ({
      household: a.family?.household ?? '',
      parentsCarers: a.family?.parentsCarers ?? '',
    }),
    parse: body => fromZod(FamilyForm.safeParse(body), family => ({ family })),
  },
  {
    slug: 'concern',
    title: 'What are you worried about?',
    template: 'frontdoor/views/concern.njk',
    values: a => ({
      concern: a.concern?.concern ?? '',
      ...dateInputValues('startedOn', a.concern?.startedOn),
    }),
    parse: (body, ctx) => {
      const issues: Issue[] = []
      const concern = required(
        10_000,
        'Enter what you are worried about',
        'What you are worried about must be 10000 characters or fewer',
      ).safeParse(body.concern)
      if (!concern.success)
        issues.push(...zodIssues(concern.error).map(i => ({ ...i, field: 'concern' })))
      const started = readDateInput(body, 'startedOn')
      if (started.kind === 'invalid') {
        issues.push({ field: 'startedOn-day', message: 'The date must be a real date' })
      } else if (started.kind === 'date' && started.date > ctx.today) {
        issues.push({ field: 'startedOn-day', message: 'The date must be today or in the past' })
      }
      if (!concern.success || issues.length) return { success: false, issues }
      return {
        success: true,
        data: {
          concern: {
            concern: concern.data,
            startedOn: started.kind === 'date' ? started.date : null,
          },
        },
      }
    },
  },
  {
    slug: 'child-voice',
    title: 'What the child says and feels',
    template: 'frontdoor/views/child-voice.njk',
    values: a => ({ childSays: a.voice?.childSays ?? '', childFeels: a.voice?.childFeels ?? '' }),
    parse: body => fromZod(VoiceForm.safeParse(body), voice => ({ voice })),
  },
  {
    slug: 'consent',
    title: 'Do the child’s parents or carers agree to this report?',
    template: 'frontdoor/views/consent.njk',
    values: a => ({
      consent: a.consent?.consent ?? '',
      refusedReason: a.consent?.consent === 'refused' ? (a.consent.reason ?? '') : '',
      notSoughtReason: a.consent?.consent === 'not-sought' ? (a.consent.reason ?? '') : '',
    }),
    parse: body =>
      fromZod(ConsentForm.safeParse(body), form => ({
        consent: {
          consent: form.consent,
          reason:
            form.consent === 'refused'
              ? form.refusedReason
              : form.consent === 'not-sought'
                ? form.notSoughtReason
                : null,
        },
      })),
  },
  {
    slug: 'about-you',
    title: 'About you',
    template: 'frontdoor/views/about-you.njk',
    publicOnly: true,
    values: a => ({
      anonymous: a.reporter ? (a.reporter.anonymous ? 'anonymous' : 'named') : '',
      name: a.reporter?.name ?? '',
      relationship: a.reporter?.relationship ?? '',
      email: a.reporter?.email ?? '',
      phone: a.reporter?.phone ?? '',
    }),
    parse: body =>
      fromZod(ReporterForm.safeParse(body), form => {
        const anonymous = form.anonymous === 'anonymous'
        return {
          reporter: {
            anonymous,
            name: anonymous ? '' : form.name,
            relationship: anonymous ? '' : form.relationship,
            email: anonymous ? '' : form.email,
            phone: anonymous ? '' : form.phone,
          },
        }
      }),
  },
  {
    slug: 'your-details',
    title: 'Your details',
    template: 'frontdoor/views/your-details.njk',
    professionalOnly: true,
    values: a => ({
      name: a.professional?.name ?? '',
      email: a.professional?.email ?? '',
      phone: a.professional?.phone ?? '',
      agencyId: a.professional?.agencyId ?? '',
      jobTitle: a.professional?.jobTitle ?? '',
      relationship: a.professional?.relationship ?? '',
    }),
    parse: (body, ctx) => {
      const result = fromZod(ProfessionalForm.safeParse(body), professional => ({ professional }))
      const agencyId = field(body, 'agencyId')
      if (agencyId && !ctx.agencies.some(agency => agency.id === agencyId)) {
        const issue = { field: 'agencyId', message: 'Select your agency' }
        return { success: false, issues: result.success ? [issue] : [...result.issues, issue] }
      }
      return result
    },
  },
  {
    slug: 'action-taken',
    title: 'What has been done so far',
    template: 'frontdoor/views/action-taken.njk',
    professionalOnly: true,
    values: a => ({ actionsTaken: a.actions?.actionsTaken ?? '' }),
    parse: body => fromZod(ActionsForm.safeParse(body), actions => ({ actions })),
  },
]

export const ReferralParams = z.object({ id: z.uuid() })

/**
 * The queue's sort, page and filters, from the query string. Anything not understood falls back
 * to the default, so that an old or edited link still shows a queue. `show` is the earlier form
 * of the status and feedback filters, kept so that saved links still work.
 */
export const QueueQuery = queryObject({
  sort: z.enum(['due', 'received']).catch('due'),
  order: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  status: z.enum(['all', 'open', 'received', 'awaiting-authorisation', 'decided']).catch('all'),
  rag: z.enum(['any', 'red', 'amber', 'green', 'unrated']).catch('any'),
  due: z.enum(['any', 'overdue']).catch('any'),
  allocation: z.enum(['any', 'allocated', 'unallocated']).catch('any'),
  feedback: z.enum(['any', 'owed']).catch('any'),
  show: z.enum(['all', 'awaiting-authorisation', 'feedback-owed']).catch('all'),
}).transform(({ show, ...query }) => ({
  ...query,
  status: show === 'awaiting-authorisation' ? ('awaiting-authorisation' as const) : query.status,
  feedback: show === 'feedback-owed' ? ('owed' as const) : query.feedback,
}))
export type QueueQueryInput = z.infer<typeof QueueQuery>

// ---- Triage and decisions ------------------------------------------------------------------

export const RAG_NAMES = { red: 'Red', amber: 'Amber', green: 'Green' } as const

export const DECISION_NAMES = {
  'no-further-action': 'No further action',
  'information-and-advice': 'Information and advice',
  'early-help': 'Early help',
  assessment: 'Child and family assessment (section 17)',
  'strategy-discussion': 'Strategy discussion (section 47)',
  'already-open': 'Already open to children’s social care',
} as const

export const ReferralChildParams = z.object({ id: z.uuid(), childId: z.uuid() })

export const RagForm = z.object({
  ragRating: z.enum(['red', 'amber', 'green'], { error: 'Select a RAG rating' }),
})

/** Decisions that close the referral as a census "referral with no further action". */
export const NFA_DECISIONS: readonly Decision[] = ['no-further-action', 'information-and-advice']
/** Decisions that open a CIN episode with further action, which needs a primary need code. */
export const FURTHER_ACTION_DECISIONS: readonly Decision[] = [
  'early-help',
  'assessment',
  'strategy-discussion',
]

export const DecisionForm = z
  .object({
    decision: z.enum(Object.keys(DECISION_NAMES) as [keyof typeof DECISION_NAMES], {
      error: 'Select a decision',
    }),
    decisionReasons: z
      .string({ error: 'Enter the reasons for the decision' })
      .trim()
      .min(1, 'Enter the reasons for the decision')
      .max(5000, 'Reasons must be 5,000 characters or fewer'),
    referralSource: z
      .string({ error: 'Select the source of the referral' })
      .refine(code => REFERRAL_SOURCE_CODES.has(code), 'Select the source of the referral'),
    primaryNeed: z
      .string()
      .optional()
      .transform(code => (code ? code : undefined))
      .refine(
        code => code === undefined || PRIMARY_NEED_CODES.has(code),
        'Select the child’s primary need',
      ),
  })
  .superRefine((form, context) => {
    if (FURTHER_ACTION_DECISIONS.includes(form.decision) && form.primaryNeed === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['primaryNeed'],
        message: 'Select the child’s primary need',
      })
    }
  })
  .transform(form => ({
    ...form,
    // Only a referral with further action carries a primary need.
    primaryNeed: FURTHER_ACTION_DECISIONS.includes(form.decision) ? form.primaryNeed : undefined,
  }))
export type DecisionInput = z.infer<typeof DecisionForm>

export const AuthoriseForm = z.object({
  outcome: z.enum(['authorise', 'return'], {
    error: 'Select whether you authorise the decision or send it back',
  }),
})

export const LinkChildForm = z.object({
  recordId: z.uuid({ error: 'Select the child’s record' }),
})

function wholeNumber(min: number, max: number, what: string) {
  const message = `${what} must be a whole number from ${String(min)} to ${String(max)}`
  return z
    .string({ error: `Enter ${what.toLowerCase()}` })
    .trim()
    .min(1, `Enter ${what.toLowerCase()}`)
    .regex(/^\d{1,3}$/, message)
    .transform(Number)
    .refine(value => value >= min && value <= max, message)
}

export const FrontDoorSettingsForm = z.object({
  redHours: wholeNumber(1, 72, 'Hours for a red rating'),
  amberWorkingDays: wholeNumber(1, 10, 'Working days for an amber rating'),
  greenWorkingDays: wholeNumber(1, 10, 'Working days for a green rating'),
  requiresAuthorisation: z
    .enum(['yes', 'no'], { error: 'Select yes if a manager must authorise decisions' })
    .transform(value => value === 'yes'),
})
export type FrontDoorSettingsInput = z.infer<typeof FrontDoorSettingsForm>

// ---- Checks with partner agencies ----------------------------------------------------------

export const CHECK_DUE_NAMES = {
  'today-5pm': 'Today by 5pm',
  'next-working-day-noon': 'Next working day by 12:00',
} as const
export type CheckDue = keyof typeof CHECK_DUE_NAMES

export const CHECK_STATUS_NAMES = {
  requested: 'Requested',
  answered: 'Answered',
  overdue: 'Overdue',
} as const

/** Checkboxes arrive as one string or an array of strings. */
const checkedValues = z.preprocess(
  (value: unknown): unknown[] =>
    value === undefined ? [] : Array.isArray(value) ? (value as unknown[]) : [value],
  z
    .array(z.uuid({ error: 'Select the agencies to ask' }), { error: 'Select the agencies to ask' })
    .min(1, 'Select at least one agency to ask')
    .max(20, 'Select 20 agencies or fewer'),
)

export const RequestChecksForm = z.object({
  agencyIds: checkedValues,
  question: z
    .string()
    .trim()
    .max(2000, 'The question must be 2,000 characters or fewer')
    .optional()
    .transform(value => value || null),
  due: z.enum(Object.keys(CHECK_DUE_NAMES) as [CheckDue], {
    error: 'Select when the answer is due',
  }),
})
export type RequestChecksInput = z.infer<typeof RequestChecksForm>

export const AnswerCheckForm = z.object({
  answer: z
    .string({ error: 'Enter the agency’s answer' })
    .trim()
    .min(1, 'Enter the agency’s answer')
    .max(5000, 'The answer must be 5,000 characters or fewer'),
})

export const CheckParams = z.object({ checkId: z.uuid() })
