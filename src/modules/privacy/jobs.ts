import type { Db } from '../../db/database.js'
import { enqueueNextSlot, type JobHandlers, type RecurringJob } from '../../platform/jobs.js'
import { applyRetention } from './service.js'

/** Retention rules are applied once a day for each partnership. */
export const RETENTION_EVERY_MS = 24 * 60 * 60_000

export function privacyJobs(deps: { db: Db }): {
  handlers: JobHandlers
  recurring: RecurringJob[]
} {
  const { db } = deps
  return {
    handlers: {
      'apply-retention': async job => {
        if (!job.partnershipId) return
        await applyRetention(db, {
          partnershipId: job.partnershipId,
          userId: null,
          requestId: null,
        })
        await enqueueNextSlot(db, job, RETENTION_EVERY_MS)
      },
    },
    recurring: [{ kind: 'apply-retention', everyMs: RETENTION_EVERY_MS }],
  }
}
