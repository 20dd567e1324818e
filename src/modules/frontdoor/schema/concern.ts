import { z } from 'zod'
import { dateInputValues, readDateInput } from '../../../platform/date-input.js'
import { formatDate } from '../../../platform/http/web.js'
import type { ConsentStatus, DraftAnswers, DraftChild } from '../table.js'
import {
  CHILD_AGE_LIMIT,
  EMAIL_MESSAGE,
  MAX_CHILDREN,
  PHONE_MESSAGE,
  POSTCODE,
  earliestChildBirthDate,
  emailSchema,
  field,
  optional,
  required,
  validPhone,
  zodIssues,
  type Issue,
  type PageContext,
  type Parsed,
} from './shared.js'

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
