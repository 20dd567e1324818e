import type { Trx } from '../../../db/database.js'

export function findEvaluation(trx: Trx, bookingId: string, kind: 'post-course' | 'follow-up') {
  return trx
    .selectFrom('trnEvaluation')
    .selectAll()
    .where('bookingId', '=', bookingId)
    .where('kind', '=', kind)
    .executeTakeFirst()
}

/** The booking with its course, for an evaluation's page and email. */
export function bookingWithCourse(trx: Trx, bookingId: string) {
  return trx
    .selectFrom('trnBooking')
    .innerJoin('trnEvent', 'trnEvent.id', 'trnBooking.eventId')
    .innerJoin('trnCourse', 'trnCourse.id', 'trnEvent.courseId')
    .select([
      'trnBooking.id',
      'trnBooking.partnershipId',
      'trnBooking.name',
      'trnBooking.email',
      'trnBooking.attendance',
      'trnEvent.startsOn',
      'trnCourse.title',
    ])
    .where('trnBooking.id', '=', bookingId)
    .executeTakeFirst()
}

/** Follow-up answers that showed an impact on practice: the evidence a plan action can cite. */
function impactEvidence(trx: Trx) {
  return trx
    .selectFrom('trnEvaluation')
    .innerJoin('trnBooking', 'trnBooking.id', 'trnEvaluation.bookingId')
    .innerJoin('trnEvent', 'trnEvent.id', 'trnBooking.eventId')
    .innerJoin('trnCourse', 'trnCourse.id', 'trnEvent.courseId')
    .where('trnEvaluation.kind', '=', 'follow-up')
    .where('trnEvaluation.impact', '=', true)
}

/** The impact evidence, newest first, with each answer's agency. */
export function listImpactEvidence(trx: Trx) {
  return impactEvidence(trx)
    .innerJoin('agency', 'agency.id', 'trnBooking.agencyId')
    .select([
      'trnEvaluation.id',
      'trnEvaluation.completedAt',
      'trnEvaluation.impactText',
      'trnEvaluation.linkedActionId',
      'trnCourse.title',
      'trnEvent.startsOn',
      'agency.name as agencyName',
    ])
    .orderBy('trnEvaluation.completedAt', 'desc')
    .execute()
}

/** One answer of the impact evidence; undefined when the id names none. */
export function findImpact(trx: Trx, id: string) {
  return impactEvidence(trx)
    .select([
      'trnEvaluation.id',
      'trnEvaluation.impactText',
      'trnEvaluation.linkedActionId',
      'trnCourse.title',
      'trnEvent.startsOn',
    ])
    .where('trnEvaluation.id', '=', id)
    .executeTakeFirst()
}
