import { inPartnership, type Db } from '../../../db/database.js'
import { partnershipCalendarIn } from '../../../platform/admin.js'
import { londonToday } from '../../../platform/calendar.js'
import { enqueueNextSlot, type JobHandlers, type RecurringJob } from '../../../platform/jobs.js'
import { audit } from '../shared.js'
import * as repo from './repo.js'
import { type Mail, mailReturnLink } from './service.js'

/** A lead is reminded once when their return is due within this many working days. */
export const REMINDER_WORKING_DAYS = 5
export const ASSURANCE_REMINDERS_EVERY_MS = 24 * 60 * 60_000

const OPEN = ['invited', 'in-progress', 'returned']

/**
 * Reminds leads of returns due soon, and chases those overdue, each once per return. Each mail
 * carries a new link (only the hash of a link is kept, so the old one cannot be sent again).
 */
export async function sendAssuranceReminders(
  db: Db,
  mail: Mail,
  options: { partnershipId: string; now?: Date },
): Promise<{ reminders: number; overdue: number }> {
  const today = londonToday(options.now)
  const sends: (() => Promise<void>)[] = []
  const counts = await inPartnership(db, { partnershipId: options.partnershipId }, async trx => {
    const calendar = await partnershipCalendarIn(trx)
    const horizon = calendar.addWorkingDays(today, REMINDER_WORKING_DAYS)
    const cycles = (await repo.listCycles(trx, options.partnershipId)).filter(
      c => c.opensOn <= today,
    )
    const returns = await repo.listCycleReturns(
      trx,
      options.partnershipId,
      cycles.map(c => c.id),
    )
    let reminders = 0
    let overdue = 0
    for (const row of returns.filter(r => OPEN.includes(r.status))) {
      const cycle = cycles.find(c => c.id === row.cycleId)
      if (!cycle) continue
      const kind =
        cycle.dueOn < today && !row.overdueSentOn
          ? 'overdue'
          : cycle.dueOn >= today && cycle.dueOn <= horizon && !row.reminderSentOn
            ? 'reminder'
            : null
      if (!kind) continue
      const { send } = await mailReturnLink(
        trx,
        mail,
        {
          partnershipId: options.partnershipId,
          returnId: row.id,
          dueOn: cycle.dueOn,
          title: cycle.title,
          leadEmail: row.leadEmail,
        },
        kind,
      )
      sends.push(send)
      await trx
        .updateTable('asrReturn')
        .set(kind === 'overdue' ? { overdueSentOn: today } : { reminderSentOn: today })
        .where('id', '=', row.id)
        .execute()
      await trx
        .insertInto('asrReturnEvent')
        .values({
          partnershipId: options.partnershipId,
          returnId: row.id,
          action: kind === 'overdue' ? 'chased' : 'reminded',
        })
        .execute()
      if (kind === 'overdue') overdue += 1
      else reminders += 1
    }
    if (reminders + overdue > 0) {
      await audit(
        trx,
        { actor: { partnershipId: options.partnershipId, userId: null }, requestId: null },
        {
          action: 'assurance.reminders-sent',
          resourceType: 'asr-cycle',
          detail: { reminders, overdue },
        },
      )
    }
    return { reminders, overdue }
  })
  for (const send of sends) await send()
  return counts
}

/** The assurance module's background job: reminders and chasing, daily per partnership. */
export function assuranceJobs(deps: { db: Db } & Mail): {
  handlers: JobHandlers
  recurring: RecurringJob[]
} {
  return {
    handlers: {
      'assurance-reminders': async job => {
        if (!job.partnershipId) return
        await sendAssuranceReminders(deps.db, deps, { partnershipId: job.partnershipId })
        await enqueueNextSlot(deps.db, job, ASSURANCE_REMINDERS_EVERY_MS)
      },
    },
    recurring: [{ kind: 'assurance-reminders', everyMs: ASSURANCE_REMINDERS_EVERY_MS }],
  }
}
