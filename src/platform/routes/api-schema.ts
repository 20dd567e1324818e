/** The query strings of /api/v1 and the JSON it answers with, which the OpenAPI document shows. */
import { z } from 'zod'
import { queryObject } from '../query.js'
import { isValidIsoDate } from '../working-days.js'

export const YearQuery = queryObject({
  year: z.coerce.number({ error: 'year must be a number' }).int().min(2000).max(2100),
})

const isoDate = (name: string) =>
  z
    .string({ error: `${name} is required (YYYY-MM-DD)` })
    .refine(isValidIsoDate, `${name} must be a real date as YYYY-MM-DD`)
    .meta({ format: 'date' })

export const WorkingDaysQuery = queryObject({
  from: isoDate('from'),
  days: z.coerce.number().int().min(-3650).max(3650).optional(),
  to: isoDate('to').optional(),
}).refine(query => (query.days === undefined) !== (query.to === undefined), {
  message: 'Give either days or to, not both',
})

export const MeResponse = z.object({
  userId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  partnershipId: z.uuid(),
  partnershipName: z.string(),
  roles: z.array(z.string()),
})

const Agency = z.object({
  id: z.uuid(),
  name: z.string(),
  sector: z.string(),
  isActive: z.boolean(),
})
export const AgenciesResponse = z.object({ agencies: z.array(Agency) })

const Holiday = z.object({ date: z.iso.date(), name: z.string(), isBuiltIn: z.boolean() })
export const HolidaysResponse = z.object({ holidays: z.array(Holiday) })

export const WorkingDaysResponse = z.object({
  from: z.iso.date(),
  to: z.iso.date().optional(),
  date: z.iso.date().optional(),
  workingDays: z.int().optional(),
})

const AuditEvent = z.object({
  seq: z.string(),
  occurredAt: z.iso.datetime(),
  userId: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  childId: z.string().nullable(),
  fields: z.unknown(),
  detail: z.unknown(),
})
export const AuditEventsResponse = z.object({ events: z.array(AuditEvent) })
