/** The assurance module's background jobs: reminders and chasing of returns. */
export { assuranceJobs } from './cycles/reminders.js'
