/** Every governance form, query string and parameter, one file per area under `schema/`. */
export * from './schema/budget.js'
export * from './schema/meetings.js'
export * from './schema/plan.js'
export * from './schema/records.js'
export * from './schema/shared.js'
