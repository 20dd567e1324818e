import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'

/** The SQL behind the training figures (queries.ts): counts over events held in a period. */

export interface Period {
  from: string
  to: string
}

export async function eventTotals(trx: Trx, period: Period) {
  const row = await trx
    .selectFrom('trnEvent')
    .select([
      sql<string>`count(distinct course_id)`.as('subjects'),
      sql<string>`count(*)`.as('events'),
      sql<string>`coalesce(sum(capacity), 0)`.as('places'),
    ])
    .where('status', '=', 'open')
    .where('startsOn', '>=', period.from)
    .where('startsOn', '<=', period.to)
    .executeTakeFirstOrThrow()
  return { subjects: Number(row.subjects), events: Number(row.events), places: Number(row.places) }
}

/** Bookings that kept their place on the period's events, by agency and sector. */
export function bookingsByAgency(trx: Trx, period: Period) {
  return trx
    .selectFrom('trnBooking')
    .innerJoin('trnEvent', 'trnEvent.id', 'trnBooking.eventId')
    .innerJoin('agency', 'agency.id', 'trnBooking.agencyId')
    .select([
      'agency.id as agencyId',
      'agency.name as agencyName',
      'agency.sector',
      sql<string>`count(*)`.as('bookings'),
      sql<string>`count(*) filter (where trn_booking.attendance = 'attended')`.as('attended'),
      sql<string>`count(*) filter (where trn_booking.attendance = 'no-show')`.as('noShows'),
    ])
    .where('trnBooking.status', '=', 'confirmed')
    .where('trnEvent.status', '=', 'open')
    .where('trnEvent.startsOn', '>=', period.from)
    .where('trnEvent.startsOn', '<=', period.to)
    .groupBy(['agency.id', 'agency.name', 'agency.sector'])
    .execute()
}

export function evaluationTotals(trx: Trx, period: Period) {
  return trx
    .selectFrom('trnEvaluation')
    .innerJoin('trnBooking', 'trnBooking.id', 'trnEvaluation.bookingId')
    .innerJoin('trnEvent', 'trnEvent.id', 'trnBooking.eventId')
    .select([
      'trnEvaluation.kind',
      sql<string>`count(*)`.as('sent'),
      sql<string>`count(*) filter (where trn_evaluation.completed_at is not null)`.as('completed'),
      sql<string>`count(*) filter (where trn_evaluation.impact)`.as('impact'),
    ])
    .where('trnEvent.startsOn', '>=', period.from)
    .where('trnEvent.startsOn', '<=', period.to)
    .groupBy('trnEvaluation.kind')
    .execute()
}

export function deliveriesByAgency(trx: Trx, period: Period) {
  return trx
    .selectFrom('trnDelivery')
    .innerJoin('agency', 'agency.id', 'trnDelivery.agencyId')
    .select([
      'agency.id as agencyId',
      'agency.name as agencyName',
      'agency.sector',
      sql<string>`count(*)`.as('deliveries'),
      sql<string>`coalesce(sum(trn_delivery.delegates), 0)`.as('delegates'),
    ])
    .where('trnDelivery.deliveredOn', '>=', period.from)
    .where('trnDelivery.deliveredOn', '<=', period.to)
    .groupBy(['agency.id', 'agency.name', 'agency.sector'])
    .execute()
}

export async function deliveryTrainers(trx: Trx, period: Period): Promise<number> {
  const row = await trx
    .selectFrom('trnDelivery')
    .select(sql<string>`count(distinct trainer_id)`.as('trainers'))
    .where('deliveredOn', '>=', period.from)
    .where('deliveredOn', '<=', period.to)
    .executeTakeFirstOrThrow()
  return Number(row.trainers)
}

export function requirements(trx: Trx) {
  return trx
    .selectFrom('trnRequirement')
    .innerJoin('agency', 'agency.id', 'trnRequirement.agencyId')
    .select([
      'agency.id as agencyId',
      'agency.name as agencyName',
      'agency.sector',
      'trnRequirement.delegatesPerYear',
    ])
    .execute()
}
