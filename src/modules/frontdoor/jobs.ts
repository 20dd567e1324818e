import { inPartnership, type Db } from '../../db/database.js'
import { enqueueNextSlot, type JobHandlers, type RecurringJob } from '../../platform/jobs.js'
import { deleteExpiredDrafts } from './repo.js'

/** Report-a-concern drafts past their expiry hold a child's details for nobody: purge hourly. */
export const PURGE_DRAFTS_EVERY_MS = 60 * 60_000

/** The front door's background jobs: 'purge-expired-drafts', recurring per partnership. */
export function frontdoorJobs(deps: { db: Db }): {
  handlers: JobHandlers
  recurring: RecurringJob[]
} {
  const { db } = deps
  return {
    handlers: {
      'purge-expired-drafts': async job => {
        const partnershipId = job.partnershipId
        if (!partnershipId) return
        await inPartnership(db, { partnershipId, userId: null }, trx =>
          deleteExpiredDrafts(trx, partnershipId),
        )
        await enqueueNextSlot(db, job, PURGE_DRAFTS_EVERY_MS)
      },
    },
    recurring: [{ kind: 'purge-expired-drafts', everyMs: PURGE_DRAFTS_EVERY_MS }],
  }
}
