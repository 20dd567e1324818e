import type { Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { findCourse } from '../catalogue/service.js'
import { type Ctx, audit, refuseUnlessActiveAgency, scoped } from '../shared.js'
import * as repo from './repo.js'
import type { DeliveryInput, ObservationInput, TrainerInput } from './schema.js'

/**
 * Single-agency delivery: partnership courses delivered inside one agency by trainers from the
 * partnership's pool, with the number of delegates, and observations of their quality.
 */

export function addTrainer(db: Db, ctx: Ctx, input: TrainerInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      await refuseUnlessActiveAgency(trx, ctx, input.agencyId, 'Select the trainer’s agency')
      if (input.accreditedOn > londonToday())
        refuse('accreditedOn', 'The date of accreditation must be today or in the past')
      const { id } = await trx
        .insertInto('trnTrainer')
        .values({ ...input, partnershipId: ctx.actor.partnershipId })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(trx, ctx, {
        action: 'training.trainer.created',
        resourceType: 'trn-trainer',
        resourceId: id,
        fields: input,
      })
      return { kind: 'saved', id } as const
    }),
  )
}

/** A delivery is logged against the trainer's own agency: single-agency by definition. */
export function logDelivery(db: Db, ctx: Ctx, input: DeliveryInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const trainer = await repo.findTrainer(trx, input.trainerId)
      if (!trainer?.active) refuse('trainerId', 'Select a trainer from the pool')
      if (!(await findCourse(trx, input.courseId)))
        refuse('courseId', 'Select the course delivered')
      if (input.deliveredOn > londonToday())
        refuse('deliveredOn', 'The date of the delivery must be today or in the past')
      if (input.deliveredOn < trainer.accreditedOn)
        refuse('deliveredOn', 'The trainer was not yet accredited on this date')
      const { id } = await trx
        .insertInto('trnDelivery')
        .values({ ...input, agencyId: trainer.agencyId, partnershipId: ctx.actor.partnershipId })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(trx, ctx, {
        action: 'training.delivery.created',
        resourceType: 'trn-delivery',
        resourceId: id,
        fields: input,
      })
      return { kind: 'saved', id } as const
    }),
  )
}

export function addObservation(db: Db, ctx: Ctx, deliveryId: string, input: ObservationInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const delivery = await repo.findDelivery(trx, deliveryId)
      if (!delivery) return { kind: 'not-found' } as const
      if (input.observedOn < delivery.deliveredOn || input.observedOn > londonToday())
        refuse(
          'observedOn',
          'The observation must be on or after the delivery, and not in the future',
        )
      const { id } = await trx
        .insertInto('trnObservation')
        .values({ ...input, deliveryId, partnershipId: ctx.actor.partnershipId })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(trx, ctx, {
        action: 'training.observation.created',
        resourceType: 'trn-delivery',
        resourceId: deliveryId,
        fields: { ...input, observationId: id },
      })
      return { kind: 'saved', id: deliveryId } as const
    }),
  )
}

export function trainerPool(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, async trx => {
    const trainers = await repo.listTrainers(trx)
    await audit(trx, ctx, {
      action: 'training.trainers.read',
      resourceType: 'trn-trainer',
      resourceId: ctx.actor.partnershipId,
    })
    return trainers
  })
}

export function deliveryLog(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, trx => repo.listDeliveries(trx))
}

export function deliveryWithObservations(db: Db, ctx: Ctx, id: string) {
  return scoped(db, ctx.actor, async trx => {
    const delivery = await repo.findDelivery(trx, id)
    return delivery ? { delivery, observations: await repo.listObservations(trx, id) } : null
  })
}
