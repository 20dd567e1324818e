import type { Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { settingsOf } from '../booking/service.js'
import { type Ctx, audit, refuseUnlessActiveAgency, scoped } from '../shared.js'
import * as repo from './repo.js'
import type { CourseInput, EventInput, SettingsInput } from './schema.js'

/** The catalogue: courses, their events, places kept for agencies, and the charging policy. */

export function createCourse(db: Db, ctx: Ctx, input: CourseInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const courses = await repo.listCourses(trx)
      if (courses.some(c => c.title.toLowerCase() === input.title.toLowerCase()))
        refuse('title', 'There is already a course with this title')
      const { id } = await trx
        .insertInto('trnCourse')
        .values({ ...input, partnershipId: ctx.actor.partnershipId })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(trx, ctx, {
        action: 'training.course.created',
        resourceType: 'trn-course',
        resourceId: id,
        fields: input,
      })
      return { kind: 'saved', id } as const
    }),
  )
}

export function createEvent(db: Db, ctx: Ctx, input: EventInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      if (!(await repo.findCourse(trx, input.courseId))) refuse('courseId', 'Select the course')
      if (input.startsOn <= londonToday())
        refuse('startsOn', 'The date of the event must be in the future')
      const { id } = await trx
        .insertInto('trnEvent')
        .values({ ...input, partnershipId: ctx.actor.partnershipId })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(trx, ctx, {
        action: 'training.event.created',
        resourceType: 'trn-event',
        resourceId: id,
        fields: input,
      })
      return { kind: 'saved', id } as const
    }),
  )
}

/** Keeps places on an event for one agency; all the kept places together fit the event. */
export function reservePlaces(
  db: Db,
  ctx: Ctx,
  eventId: string,
  input: { agencyId: string; places: number },
) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const event = await trx
        .selectFrom('trnEvent')
        .selectAll()
        .where('id', '=', eventId)
        .forUpdate()
        .executeTakeFirst()
      if (!event) return { kind: 'not-found' } as const
      await refuseUnlessActiveAgency(trx, ctx, input.agencyId)
      const others = await trx
        .selectFrom('trnReservation')
        .select('places')
        .where('eventId', '=', eventId)
        .where('agencyId', '<>', input.agencyId)
        .execute()
      const kept = others.reduce((sum, r) => sum + r.places, 0)
      if (kept + input.places > event.capacity)
        refuse('places', `Only ${event.capacity - kept} places are left to keep for an agency`)
      await trx
        .insertInto('trnReservation')
        .values({ partnershipId: ctx.actor.partnershipId, eventId, ...input })
        .onConflict(c => c.columns(['eventId', 'agencyId']).doUpdateSet({ places: input.places }))
        .execute()
      await audit(trx, ctx, {
        action: 'training.reservation.saved',
        resourceType: 'trn-event',
        resourceId: eventId,
        fields: input,
      })
      return { kind: 'saved', id: eventId } as const
    }),
  )
}

export function saveSettings(db: Db, ctx: Ctx, input: SettingsInput) {
  return scoped(db, ctx.actor, async trx => {
    const values = {
      cancelCutoffDays: input.cancelCutoffDays,
      offerHours: input.offerHours,
      noShowChargePence: input.noShowCharge,
      lateCancelChargePence: input.lateCancelCharge,
    }
    await trx
      .insertInto('trnSettings')
      .values({ partnershipId: ctx.actor.partnershipId, ...values })
      .onConflict(c => c.column('partnershipId').doUpdateSet(values))
      .execute()
    await audit(trx, ctx, {
      action: 'training.settings.updated',
      resourceType: 'trn-settings',
      resourceId: ctx.actor.partnershipId,
      fields: values,
    })
  })
}

export function readSettings(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, trx => settingsOf(trx, ctx.actor.partnershipId))
}

export function setRequirement(
  db: Db,
  ctx: Ctx,
  input: { agencyId: string; delegatesPerYear: number },
) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      await refuseUnlessActiveAgency(trx, ctx, input.agencyId)
      await trx
        .insertInto('trnRequirement')
        .values({ partnershipId: ctx.actor.partnershipId, ...input })
        .onConflict(c =>
          c
            .columns(['partnershipId', 'agencyId'])
            .doUpdateSet({ delegatesPerYear: input.delegatesPerYear }),
        )
        .execute()
      await audit(trx, ctx, {
        action: 'training.requirement.saved',
        resourceType: 'agency',
        resourceId: input.agencyId,
        fields: input,
      })
      return { kind: 'saved', id: input.agencyId } as const
    }),
  )
}

// Reads the other training areas share (they may import this file, never the repo).
export { findCourse, findEvent, listCourses, listEvents } from './repo.js'
