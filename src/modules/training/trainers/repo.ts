import { sql } from 'kysely'
import type { Trx } from '../../../db/database.js'

export function listTrainers(trx: Trx) {
  return trx
    .selectFrom('trnTrainer')
    .innerJoin('agency', 'agency.id', 'trnTrainer.agencyId')
    .select([
      'trnTrainer.id',
      'trnTrainer.name',
      'trnTrainer.agencyId',
      'trnTrainer.accreditedOn',
      'trnTrainer.active',
      'agency.name as agencyName',
      sql<string>`(select count(*) from trn_delivery d where d.trainer_id = trn_trainer.id)`.as(
        'deliveries',
      ),
    ])
    .orderBy('trnTrainer.name')
    .execute()
}

export function findTrainer(trx: Trx, id: string) {
  return trx.selectFrom('trnTrainer').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listDeliveries(trx: Trx) {
  return trx
    .selectFrom('trnDelivery')
    .innerJoin('trnTrainer', 'trnTrainer.id', 'trnDelivery.trainerId')
    .innerJoin('trnCourse', 'trnCourse.id', 'trnDelivery.courseId')
    .innerJoin('agency', 'agency.id', 'trnDelivery.agencyId')
    .select([
      'trnDelivery.id',
      'trnDelivery.deliveredOn',
      'trnDelivery.delegates',
      'trnTrainer.name as trainerName',
      'trnCourse.title',
      'agency.name as agencyName',
      sql<
        string | null
      >`(select o.grade from trn_observation o where o.delivery_id = trn_delivery.id
        order by o.observed_on desc limit 1)`.as('grade'),
    ])
    .orderBy('trnDelivery.deliveredOn', 'desc')
    .execute()
}

export function findDelivery(trx: Trx, id: string) {
  return trx
    .selectFrom('trnDelivery')
    .innerJoin('trnTrainer', 'trnTrainer.id', 'trnDelivery.trainerId')
    .innerJoin('trnCourse', 'trnCourse.id', 'trnDelivery.courseId')
    .select([
      'trnDelivery.id',
      'trnDelivery.deliveredOn',
      'trnDelivery.delegates',
      'trnTrainer.name as trainerName',
      'trnCourse.title',
    ])
    .where('trnDelivery.id', '=', id)
    .executeTakeFirst()
}

export function listObservations(trx: Trx, deliveryId: string) {
  return trx
    .selectFrom('trnObservation')
    .selectAll()
    .where('deliveryId', '=', deliveryId)
    .orderBy('observedOn')
    .execute()
}
