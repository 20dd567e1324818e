import type { Db } from '../../db/database.js'
import type { JobHandlers, RecurringJob } from '../../platform/jobs.js'
import type { Mailer } from '../../platform/mail.js'
import { REMINDER_JOB, sendContributionReminder } from './service/contributions.js'
import { BUILD_JOB, runBuild } from './service/progress.js'

/**
 * The annual report's jobs: reminders to contributors before a section is due (payload: its id
 * and the due date it was queued for), and document builds (payload: the build's id).
 */
export function reportJobs(deps: { db: Db; mailer: Mailer; publicUrl: string }): {
  handlers: JobHandlers
  recurring: RecurringJob[]
} {
  return {
    handlers: {
      [REMINDER_JOB]: async job => {
        const { contributionId: id, dueOn } = job.payload
        if (job.partnershipId && typeof id === 'string')
          await sendContributionReminder(
            deps,
            job.partnershipId,
            id,
            typeof dueOn === 'string' ? dueOn : undefined,
          )
      },
      [BUILD_JOB]: async job => {
        const id = job.payload.buildId
        if (job.partnershipId && typeof id === 'string')
          await runBuild(deps.db, job.partnershipId, id)
      },
    },
    recurring: [],
  }
}
