import { sql } from 'kysely'
import type { Trx } from '../../../db/database.js'

/** Bookings that hold a place on an event: a confirmed one, one waiting for approval, an offer. */
export const HOLDING = ['awaiting-approval', 'confirmed', 'offered'] as const
/** Bookings still alive: these stop the same person booking the same event again. */
export const LIVE = ['unverified', ...HOLDING, 'waiting'] as const

/** The event with its course, its row locked so that two bookings of the last place queue up. */
export function lockEvent(trx: Trx, eventId: string) {
  return trx
    .selectFrom('trnEvent')
    .innerJoin('trnCourse', 'trnCourse.id', 'trnEvent.courseId')
    .select([
      'trnEvent.id',
      'trnEvent.partnershipId',
      'trnEvent.startsOn',
      'trnEvent.startTime',
      'trnEvent.venue',
      'trnEvent.online',
      'trnEvent.capacity',
      'trnEvent.status',
      'trnCourse.title',
      'trnCourse.needsApproval',
    ])
    .where('trnEvent.id', '=', eventId)
    .forUpdate('trnEvent')
    .executeTakeFirst()
}
export type LockedEvent = NonNullable<Awaited<ReturnType<typeof lockEvent>>>

export async function heldByAgency(trx: Trx, eventId: string): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('trnBooking')
    .select(['agencyId', sql<string>`count(*)`.as('held')])
    .where('eventId', '=', eventId)
    .where('status', 'in', HOLDING)
    .groupBy('agencyId')
    .execute()
  return new Map(rows.map(row => [row.agencyId, Number(row.held)]))
}

export async function reservations(trx: Trx, eventId: string): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('trnReservation')
    .select(['agencyId', 'places'])
    .where('eventId', '=', eventId)
    .execute()
  return new Map(rows.map(row => [row.agencyId, row.places]))
}

export function findLiveBooking(trx: Trx, eventId: string, email: string) {
  return trx
    .selectFrom('trnBooking')
    .select(['id', 'status'])
    .where('eventId', '=', eventId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('status', 'in', LIVE)
    .executeTakeFirst()
}

export function findBooking(trx: Trx, bookingId: string) {
  return trx.selectFrom('trnBooking').selectAll().where('id', '=', bookingId).executeTakeFirst()
}

export function waitingList(trx: Trx, eventId: string) {
  return trx
    .selectFrom('trnBooking')
    .select(['id', 'agencyId', 'email', 'name'])
    .where('eventId', '=', eventId)
    .where('status', '=', 'waiting')
    .orderBy('waitingSince')
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
}

export async function settingsOf(trx: Trx, partnershipId: string) {
  const row = await trx
    .selectFrom('trnSettings')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .executeTakeFirst()
  return (
    row ?? {
      partnershipId,
      cancelCutoffDays: 5,
      offerHours: 48,
      noShowChargePence: 0,
      lateCancelChargePence: 0,
    }
  )
}

export function agencyOf(trx: Trx, partnershipId: string, agencyId: string) {
  return trx
    .selectFrom('agency')
    .select(['id', 'name'])
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', agencyId)
    .where('isActive', '=', true)
    .executeTakeFirst()
}

/** Bookings waiting for a manager's approval, for the agencies given (all when null). */
export function listAwaitingApproval(trx: Trx, agencyIds: string[] | null) {
  let query = trx
    .selectFrom('trnBooking')
    .innerJoin('trnEvent', 'trnEvent.id', 'trnBooking.eventId')
    .innerJoin('trnCourse', 'trnCourse.id', 'trnEvent.courseId')
    .innerJoin('agency', 'agency.id', 'trnBooking.agencyId')
    .select([
      'trnBooking.id',
      'trnBooking.name',
      'trnBooking.email',
      'trnBooking.jobRole',
      'agency.name as agencyName',
      'trnCourse.title',
      'trnEvent.startsOn',
    ])
    .where('trnBooking.status', '=', 'awaiting-approval')
    .orderBy('trnEvent.startsOn')
  if (agencyIds) {
    if (agencyIds.length === 0) return Promise.resolve([])
    query = query.where('trnBooking.agencyId', 'in', agencyIds)
  }
  return query.execute()
}
