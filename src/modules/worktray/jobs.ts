import type { Db } from '../../db/database.js'
import { enqueueNextSlot, type JobHandlers, type RecurringJob } from '../../platform/jobs.js'
import type { Mailer } from '../../platform/mail.js'
import { sendReminders } from './service.js'

/** Reminders run every hour for each partnership; each reminder is still sent only once. */
export const REMINDERS_EVERY_MS = 60 * 60_000

/** The work tray's background jobs: 'reminders', recurring per partnership. */
export function worktrayJobs(deps: { db: Db; mailer: Mailer; publicUrl: string }): {
  handlers: JobHandlers
  recurring: RecurringJob[]
} {
  const { db, mailer, publicUrl } = deps
  return {
    handlers: {
      reminders: async job => {
        if (!job.partnershipId) return
        await sendReminders(db, mailer, { partnershipId: job.partnershipId, publicUrl })
        await enqueueNextSlot(db, job, REMINDERS_EVERY_MS)
      },
    },
    recurring: [{ kind: 'reminders', everyMs: REMINDERS_EVERY_MS }],
  }
}
