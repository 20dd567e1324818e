/**
 * Board governance: bodies and memberships, meetings and attendance, budget, business plan, and
 * the records that meetings report on. The services live in one file per area (service-*.ts);
 * this file is the module's public face, what code outside governance may import.
 */

export { attendanceFigures } from './service-attendance.js'
export { versionDifferences } from './service-plan.js'
export { paperType } from './service-shared.js'
export { membershipsOverlap } from './service-structures.js'
export {
  addAssuranceAction,
  addAssuranceChallenge,
  assuranceActionStates,
  type AssuranceActionState,
} from './service-assurance.js'
export { addEvidence, updateStep } from './service-plan.js'
