/** The front door's schemas, by area: what the report-a-concern journey, the queue and the checks read. */
export * from './schema/shared.js'
export * from './schema/concern.js'
export * from './schema/queue.js'
export * from './schema/checks.js'
export * from './schema/contact.js'
