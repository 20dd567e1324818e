import { z } from 'zod'
import { AGENCY_SECTORS, type AgencySector } from '../admin.js'
import { joinDateInputs } from '../date-input.js'
import { ROLES } from '../permissions.js'
import { isValidIsoDate } from '../working-days.js'
import { queryObject } from '../query.js'

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
