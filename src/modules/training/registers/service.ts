import type { Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import type { Mailer } from '../../../platform/mail.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { lockEvent, settingsOf } from '../booking/service.js'
import { onAttended } from '../evaluation/service.js'
import { type Ctx, audit, scoped } from '../shared.js'
import * as repo from './repo.js'

/**
 * Registers: the trainer marks who attended. A no-show is charged by the partnership's charging
 * policy; attending sends the evaluation and books the three-month follow-up.
 */

export function registerOf(db: Db, ctx: Ctx, eventId: string) {
  return scoped(db, ctx.actor, async trx => {
    const rows = await repo.registerOf(trx, eventId)
    await audit(trx, ctx, {
      action: 'training.register.read',
      resourceType: 'trn-event',
      resourceId: eventId,
    })
    return rows
  })
}

export function markRegister(
  deps: { db: Db; mailer: Mailer; publicUrl: string },
  ctx: Ctx,
  eventId: string,
  marks: Record<string, 'attended' | 'no-show'>,
) {
  const sends: (() => Promise<void>)[] = []
  return refusable(async () => {
    const outcome = await scoped(deps.db, ctx.actor, async trx => {
      const event = await lockEvent(trx, eventId)
      if (!event) return { kind: 'not-found' } as const
      if (event.startsOn > londonToday())
        refuse('form', 'The register can be marked from the day of the event')
      const settings = await settingsOf(trx, ctx.actor.partnershipId)
      const register = await repo.registerOf(trx, eventId)
      for (const person of register) {
        const mark = marks[person.id]
        if (!mark || mark === person.attendance) continue
        await trx
          .updateTable('trnBooking')
          .set({
            attendance: mark,
            chargePence: mark === 'no-show' ? settings.noShowChargePence : 0,
          })
          .where('id', '=', person.id)
          .execute()
        if (mark === 'attended') {
          const send = await onAttended(trx, deps.mailer, deps.publicUrl, {
            id: person.id,
            partnershipId: ctx.actor.partnershipId,
            startsOn: event.startsOn,
          })
          if (send) sends.push(send)
        }
      }
      await audit(trx, ctx, {
        action: 'training.register.marked',
        resourceType: 'trn-event',
        resourceId: eventId,
        fields: { marks },
      })
      return { kind: 'saved', id: eventId } as const
    })
    for (const send of sends) await send()
    return outcome
  })
}

export function chargesList(db: Db, ctx: Ctx, period: { from: string; to: string }) {
  return scoped(db, ctx.actor, async trx => {
    const rows = await repo.listCharges(trx, period)
    const byAgency = new Map<string, { agencyName: string; count: number; totalPence: number }>()
    for (const row of rows) {
      const entry = byAgency.get(row.agencyName) ?? {
        agencyName: row.agencyName,
        count: 0,
        totalPence: 0,
      }
      entry.count += 1
      entry.totalPence += row.chargePence
      byAgency.set(row.agencyName, entry)
    }
    await audit(trx, ctx, {
      action: 'training.charges.read',
      resourceType: 'trn-charges',
      resourceId: ctx.actor.partnershipId,
      detail: period,
    })
    return { rows, agencies: [...byAgency.values()] }
  })
}
