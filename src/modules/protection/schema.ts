/**
 * The child protection journey's forms: their shape and their words. Rules that need data (an
 * open episode, dates against the child's birth or the enquiry's start) live in service.ts.
 */
import { z } from 'zod'
import { queryObject } from '../../platform/query.js'

export * from './schema/names.js'
export { dateValues, list, readDate, text, type DateRead, type FormResult } from './schema/forms.js'
export * from './schema/strategy.js'
export * from './schema/conferences.js'
export * from './schema/plans.js'
export * from './schema/settings.js'

export const IdParams = z.object({ id: z.uuid() })
export const ChildIdParams = z.object({ childId: z.uuid() })
export const InvitationParams = z.object({ id: z.uuid(), invitationId: z.uuid() })
export const ReferralQuery = queryObject({ referralId: z.uuid().optional().catch(undefined) })

export const CONFERENCE_FILTERS = ['all', 'to-schedule', 'upcoming', 'overdue', 'held'] as const
export type ConferenceFilter = (typeof CONFERENCE_FILTERS)[number]
export const ConferenceListQuery = queryObject({
  show: z.enum(CONFERENCE_FILTERS).catch('all'),
})
export * from './schema/journey.js'
export * from './schema/plan-contents.js'
export * from './schema/transfer-in.js'
