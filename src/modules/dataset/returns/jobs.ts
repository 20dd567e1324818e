import type { Db } from '../../../db/database.js'
import { enqueueNextSlot, type JobHandlers, type RecurringJob } from '../../../platform/jobs.js'
import type { Mailer } from '../../../platform/mail.js'
import { sendChase, sendReturnReminders } from './reminders.js'

/** Return reminders run every hour for each partnership; each reminder is still sent only once. */
export const RETURN_REMINDERS_EVERY_MS = 60 * 60_000
export const CHASE_JOB = 'agency-return-chase'

/**
 * Agency returns' background jobs: 'agency-return-reminders', recurring per partnership, and
 * 'agency-return-chase', enqueued when the business unit chases one return.
 */
export function returnJobs(deps: { db: Db; mailer: Mailer; publicUrl: string }): {
  handlers: JobHandlers
  recurring: RecurringJob[]
} {
  const { db, mailer, publicUrl } = deps
  return {
    handlers: {
      'agency-return-reminders': async job => {
        if (!job.partnershipId) return
        await sendReturnReminders(db, mailer, { partnershipId: job.partnershipId, publicUrl })
        await enqueueNextSlot(db, job, RETURN_REMINDERS_EVERY_MS)
      },
      [CHASE_JOB]: async job => {
        const returnId = job.payload.returnId
        if (!job.partnershipId || typeof returnId !== 'string') return
        await sendChase(db, mailer, { partnershipId: job.partnershipId, publicUrl, returnId })
      },
    },
    recurring: [{ kind: 'agency-return-reminders', everyMs: RETURN_REMINDERS_EVERY_MS }],
  }
}
