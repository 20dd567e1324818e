import { sql } from 'kysely'
import type { Trx } from '../../../db/database.js'

export function listCourses(trx: Trx) {
  return trx.selectFrom('trnCourse').selectAll().orderBy('title').execute()
}

export function findCourse(trx: Trx, id: string) {
  return trx.selectFrom('trnCourse').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Events with their course and how many places are held; from a date onwards when given. */
export function listEvents(
  trx: Trx,
  filter: { from?: string; courseId?: string; id?: string } = {},
) {
  let query = trx
    .selectFrom('trnEvent')
    .innerJoin('trnCourse', 'trnCourse.id', 'trnEvent.courseId')
    .select([
      'trnEvent.id',
      'trnEvent.courseId',
      'trnEvent.startsOn',
      'trnEvent.startTime',
      'trnEvent.venue',
      'trnEvent.online',
      'trnEvent.capacity',
      'trnEvent.status',
      'trnEvent.trainers',
      'trnCourse.title',
      'trnCourse.level',
      'trnCourse.needsApproval',
      sql<string>`(select count(*) from trn_booking b where b.event_id = trn_event.id
        and b.status in ('awaiting-approval', 'confirmed', 'offered'))`.as('held'),
      sql<string>`(select count(*) from trn_booking b where b.event_id = trn_event.id
        and b.status = 'waiting')`.as('waiting'),
    ])
    .orderBy('trnEvent.startsOn')
    .orderBy('trnEvent.startTime')
  if (filter.from) query = query.where('trnEvent.startsOn', '>=', filter.from)
  if (filter.courseId) query = query.where('trnEvent.courseId', '=', filter.courseId)
  if (filter.id) query = query.where('trnEvent.id', '=', filter.id)
  return query.execute()
}

export async function findEvent(trx: Trx, id: string) {
  const [event] = await listEvents(trx, { id })
  if (!event) return undefined
  const course = await findCourse(trx, event.courseId)
  return course ? { ...event, course } : undefined
}

export function listEventBookings(trx: Trx, eventId: string) {
  return trx
    .selectFrom('trnBooking')
    .innerJoin('agency', 'agency.id', 'trnBooking.agencyId')
    .select([
      'trnBooking.id',
      'trnBooking.name',
      'trnBooking.email',
      'trnBooking.jobRole',
      'trnBooking.status',
      'trnBooking.attendance',
      'trnBooking.lateCancellation',
      'trnBooking.chargePence',
      'trnBooking.waitingSince',
      'agency.name as agencyName',
    ])
    .where('trnBooking.eventId', '=', eventId)
    .orderBy('trnBooking.createdAt')
    .execute()
}

export function listReservations(trx: Trx, eventId: string) {
  return trx
    .selectFrom('trnReservation')
    .innerJoin('agency', 'agency.id', 'trnReservation.agencyId')
    .select(['trnReservation.id', 'trnReservation.places', 'agency.name as agencyName'])
    .where('trnReservation.eventId', '=', eventId)
    .orderBy('agency.name')
    .execute()
}

export function listRequirements(trx: Trx) {
  return trx
    .selectFrom('trnRequirement')
    .innerJoin('agency', 'agency.id', 'trnRequirement.agencyId')
    .select(['trnRequirement.id', 'trnRequirement.delegatesPerYear', 'agency.name as agencyName'])
    .orderBy('agency.name')
    .execute()
}
