/** The annual report's commands and pages (other modules may call these). */
export * from './service/reports.js'
export * from './service/contributions.js'
export type { Ctx } from './service/shared.js'
export * from './service/progress.js'
export * from './service/images.js'
