/**
 * The child protection journey after the front door: strategy discussions, Section 47
 * enquiries, initial and review conferences, plans and core groups. Each step writes the census
 * records it decides (section47, child_protection_plan) in its own transaction, with its audit
 * events, so the census return comes from the work itself and nothing is keyed twice.
 */
export { CHAIR_ROLES, LEAD_WORKER_ROLES, childName, reportDueInstant } from './service/shared.js'
export type { Refusal } from './service/shared.js'
export * from './service/strategy.js'
export * from './service/section47.js'
export * from './service/conferences.js'
export * from './service/outcomes.js'
export * from './service/plans.js'
export * from './service/summary.js'
export * from './service/settings.js'
export * from './service/assessments.js'
export * from './service/cin-plans.js'
export * from './service/closure.js'
export * from './service/plan-contents.js'
export * from './service/plan-print.js'
export * from './service/family.js'
export * from './service/transfer-in.js'
export * from './service/agency-reports.js'
