export { findAgency, listAgencies } from '../../platform/directory.js'
export * from './repo/budget.js'
export * from './repo/meetings.js'
export * from './repo/plan.js'
export * from './repo/records.js'
export * from './repo/structures.js'

/**
 * Every query for governance, one file per area under `repo/`. Each runs inside a transaction
 * bound to a partnership, so row-level security scopes it; the explicit partnership filters say
 * so to the reader too.
 */
