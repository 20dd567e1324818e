import type { Trx } from '../../../db/database.js'

/** The bookings a register lists: those holding a confirmed place. */
export function registerOf(trx: Trx, eventId: string) {
  return trx
    .selectFrom('trnBooking')
    .innerJoin('agency', 'agency.id', 'trnBooking.agencyId')
    .select([
      'trnBooking.id',
      'trnBooking.name',
      'trnBooking.jobRole',
      'trnBooking.attendance',
      'agency.name as agencyName',
    ])
    .where('trnBooking.eventId', '=', eventId)
    .where('trnBooking.status', '=', 'confirmed')
    .orderBy('trnBooking.name')
    .execute()
}

/** Charges for no-shows and late cancellations, by agency, for events in the period. */
export function listCharges(trx: Trx, period: { from: string; to: string }) {
  return trx
    .selectFrom('trnBooking')
    .innerJoin('trnEvent', 'trnEvent.id', 'trnBooking.eventId')
    .innerJoin('trnCourse', 'trnCourse.id', 'trnEvent.courseId')
    .innerJoin('agency', 'agency.id', 'trnBooking.agencyId')
    .select([
      'trnBooking.id',
      'trnBooking.name',
      'trnBooking.jobRole',
      'trnBooking.attendance',
      'trnBooking.lateCancellation',
      'trnBooking.chargePence',
      'agency.name as agencyName',
      'trnCourse.title',
      'trnEvent.startsOn',
    ])
    .where('trnBooking.chargePence', '>', 0)
    .where('trnEvent.startsOn', '>=', period.from)
    .where('trnEvent.startsOn', '<=', period.to)
    .orderBy('agency.name')
    .orderBy('trnEvent.startsOn')
    .orderBy('trnBooking.name')
    .execute()
}
