import { z } from 'zod'
import { AGENCY_SECTORS, type AgencySector } from '../admin.js'
import { joinDateInputs } from '../date-input.js'
import { ROLES } from '../permissions.js'
import { isValidIsoDate } from '../working-days.js'
import { queryObject } from '../query.js'
import { isAllowedIssuer } from '../sso.js'

/** The query strings of the administration pages: each parameter once, and only these. */
export const UsersQuery = queryObject({
  q: z.string().optional(),
  format: z.string().optional(),
})
export const NoticeQuery = queryObject({ notice: z.string().optional() })
export const FormatQuery = queryObject({ format: z.string().optional() })
export const HolidayYearQuery = queryObject({ year: z.string().optional() })

/** The forms and route parameters of the administration pages. */
const sectors = Object.keys(AGENCY_SECTORS) as [AgencySector, ...AgencySector[]]
const optionalAgency = z
  .string()
  .optional()
  .transform(value => value || null)
  .refine(
    value => value === null || z.uuid().safeParse(value).success,
    'Select an agency from the list',
  )

const RoleField = z.enum(ROLES, { error: 'Select a role' })

export const InviteForm = z.object({
  displayName: z
    .string({ error: 'Enter the person’s full name' })
    .trim()
    .min(1, 'Enter the person’s full name')
    .max(200, 'Name must be 200 characters or fewer'),
  email: z
    .email({ error: 'Enter an email address in the correct format, like name@example.org' })
    .max(254, 'Email address must be 254 characters or fewer'),
  role: RoleField,
  agencyId: optionalAgency,
})

export const GrantForm = z.object({ role: RoleField, agencyId: optionalAgency })

export const AgencyForm = z.object({
  name: z
    .string({ error: 'Enter the agency’s name' })
    .trim()
    .min(1, 'Enter the agency’s name')
    .max(200, 'Name must be 200 characters or fewer'),
  sector: z.enum(sectors, { error: 'Select the agency’s sector' }),
  isActive: z
    .string()
    .optional()
    .transform(value => value !== 'no'),
})

export const HolidayForm = z.preprocess(
  body => joinDateInputs(body, ['holidayOn']),
  z.object({
    holidayOn: z
      .string({ error: 'Enter the date' })
      .trim()
      .refine(isValidIsoDate, 'Enter a real date, like 29 12 2026'),
    name: z
      .string({ error: 'Enter a name for the holiday' })
      .trim()
      .min(1, 'Enter a name for the holiday')
      .max(100, 'Name must be 100 characters or fewer'),
  }),
)

function optionalPhone() {
  return z
    .string()
    .trim()
    .max(40, 'Phone number must be 40 characters or fewer')
    .refine(
      value => value === '' || /^[0-9 +()-]{6,40}$/.test(value),
      'Enter a phone number, like 01632 960 001',
    )
    .transform(value => value || null)
}

export const SettingsForm = z.object({
  name: z
    .string({ error: 'Enter the partnership’s name' })
    .trim()
    .min(1, 'Enter the partnership’s name')
    .max(200, 'Name must be 200 characters or fewer'),
  mfaRequiredForAll: z
    .enum(['yes', 'no'], { error: 'Select whether every role must use two-factor authentication' })
    .transform(value => value === 'yes'),
  outOfHoursPhone: optionalPhone(),
  frontDoorPhone: optionalPhone().default(null),
  frontDoorHours: z
    .string()
    .trim()
    .max(100, 'Opening hours must be 100 characters or fewer')
    .transform(value => value || null)
    .default(null),
  thresholdDocumentUrl: z
    .string()
    .trim()
    .max(500, 'Web address must be 500 characters or fewer')
    .refine(
      value => value === '' || /^https?:\/\/[^\s]+$/.test(value),
      'Enter a full web address, like https://www.example.org.uk/threshold-document',
    )
    .transform(value => value || null)
    .default(null),
})

export const IdParams = z.object({ id: z.uuid() })
export const GrantParams = z.object({ id: z.uuid(), grantId: z.uuid() })

export const OutboxReasonForm = z.strictObject({
  _csrf: z.string().optional(),
  reason: z
    .string({ error: 'Enter why you need to see the outbox' })
    .trim()
    .min(10, { error: 'Enter why you need to see the outbox, in at least 10 characters' })
    .max(500, { error: 'The reason must be 500 characters or fewer' }),
})

/** One email domain, as the sign-in page compares them: lower case, labels of letters and digits. */
const DOMAIN_SHAPE =
  /^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/

/** What is wrong with the email domains as typed, if anything. */
function emailDomainsProblem(domains: string[]): string | undefined {
  if (domains.length === 0) return 'Enter the organisation’s email domains, one on each line'
  if (domains.length > 20) return 'Enter 20 email domains or fewer'
  const bad = domains.find(domain => !DOMAIN_SHAPE.test(domain))
  if (bad === undefined) return undefined
  return `Enter each email domain on its own line, like example.gov.uk: “${bad.slice(0, 60)}” is not an email domain`
}

const emailDomainLines = z
  .string({ error: 'Enter the organisation’s email domains, one on each line' })
  .transform(text => {
    const lines = text.split(/\r?\n/).map(line => line.trim().toLowerCase().replace(/^@/, ''))
    return [...new Set(lines.filter(line => line !== ''))]
  })
  .check(context => {
    const message = emailDomainsProblem(context.value)
    if (message) context.issues.push({ code: 'custom', message, input: context.value })
  })

export const SignInProviderForm = z.object({
  organisationName: z
    .string({ error: 'Enter the organisation’s name' })
    .trim()
    .min(1, 'Enter the organisation’s name')
    .max(100, 'Name must be 100 characters or fewer'),
  agencyId: optionalAgency,
  issuer: z
    .string({ error: 'Enter the issuer’s web address' })
    .trim()
    .min(1, 'Enter the issuer’s web address')
    .max(500, 'The issuer’s web address must be 500 characters or fewer')
    .refine(
      isAllowedIssuer,
      'Enter the issuer’s web address starting https://, like https://login.microsoftonline.com/your-tenant-id/v2.0',
    ),
  clientId: z
    .string({ error: 'Enter the client ID' })
    .trim()
    .min(1, 'Enter the client ID')
    .max(200, 'The client ID must be 200 characters or fewer'),
  clientSecretEnv: z
    .string({ error: 'Enter the name of the environment variable that holds the client secret' })
    .trim()
    .min(1, 'Enter the name of the environment variable that holds the client secret')
    .regex(
      /^KEEPSAFE_OIDC_SECRET_[A-Z0-9_]{1,60}$/,
      'The variable’s name must start KEEPSAFE_OIDC_SECRET_ followed by 1 to 60 capital letters, digits or underscores, like KEEPSAFE_OIDC_SECRET_NORTHBRIDGE',
    ),
  emailDomains: emailDomainLines,
  isEnabled: z
    .enum(['yes', 'no'], { error: 'Select whether staff can sign in with this provider' })
    .transform(value => value === 'yes'),
})

export const SwitchProviderForm = z.object({
  isEnabled: z
    .enum(['yes', 'no'], { error: 'Select whether staff can sign in with this provider' })
    .transform(value => value === 'yes'),
})
