import type { Db } from '../../db/database.js'
import type { JobHandlers, RecurringJob } from '../../platform/jobs.js'
import type { Mailer } from '../../platform/mail.js'
import { expireOffer, sendReminder } from './booking/service.js'
import { sendFollowUp } from './evaluation/service.js'

/**
 * Training's background jobs, each enqueued for one booking (payload: its id only): the reminder
 * two days before an event, the end of a waiting-list offer, and the three-month follow-up.
 */
export function trainingJobs(deps: { db: Db; mailer: Mailer; publicUrl: string }): {
  handlers: JobHandlers
  recurring: RecurringJob[]
} {
  const bookingOf = (payload: Record<string, unknown>) =>
    typeof payload.bookingId === 'string' ? payload.bookingId : null
  return {
    handlers: {
      'training-reminder': async job => {
        const bookingId = bookingOf(job.payload)
        if (job.partnershipId && bookingId) await sendReminder(deps, job.partnershipId, bookingId)
      },
      'training-offer-expiry': async job => {
        const bookingId = bookingOf(job.payload)
        if (job.partnershipId && bookingId) await expireOffer(deps, job.partnershipId, bookingId)
      },
      'training-follow-up': async job => {
        const bookingId = bookingOf(job.payload)
        if (job.partnershipId && bookingId) await sendFollowUp(deps, job.partnershipId, bookingId)
      },
    },
    recurring: [],
  }
}
