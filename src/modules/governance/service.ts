/**
 * Board governance: bodies and memberships, meetings and attendance, budget, business plan, and
 * the records that meetings report on. The services live in one file per area (service-*.ts);
 * this file is the module's public face, what code outside governance may import.
 */

export { attendanceFigures } from './service/attendance.js'
export { versionDifferences } from './service/plan.js'
export { paperType } from './service/shared.js'
export { membershipsOverlap } from './service/structures.js'

// For other modules' evidence of impact (training's follow-ups): the plan actions to link to, and
// the command that adds evidence to one.
export { addEvidence, addLinkedEvidence, planActionChoices } from './service/plan.js'
export { addLinkedPlanAction, linkedPlanActions } from './service/linked.js'
// ---- Read by the registers module (issue 13): multi-agency panels are governance bodies ----
export {
  panelBodies,
  panelMeetings,
  panelMeeting,
  bodiesWithCurrentMember,
} from './service/panels.js'
// The registers' demo contributor (issue 13) sets up its panels as bodies with a meeting.
export { createBody } from './service/structures.js'
export { scheduleMeeting } from './service/meetings.js'
// ---- For the assurance module: actions from gaps, challenges from peer challenge events ----
export {
  addAssuranceAction,
  addAssuranceChallenge,
  assuranceActionStates,
  type AssuranceActionState,
} from './service/assurance.js'
export { updateStep } from './service/plan.js'
// ---- For engagement's priority-setting (issue 14): its result issued as a plan version ----
export { issueVersion } from './service/plan.js'
// ---- For engagement (issue 14): the young people's panel's report on a board's agenda ----
export { addStandingReportItem } from './service/meetings.js'
