/** The front door's SQL, by area. */
export { listActiveAgencies } from '../../platform/directory.js'
export * from './repo/drafts.js'
export * from './repo/queue.js'
export * from './repo/referrals.js'
export * from './repo/checks.js'
export * from './repo/duplicates.js'
