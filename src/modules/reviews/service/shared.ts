export { audit, scoped, type Ctx } from '../../../platform/acting.js'

export { partnershipCalendarIn as calendarIn } from '../../../platform/admin.js'

export type NotFound = { kind: 'not-found' }
