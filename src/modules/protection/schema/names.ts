import type {
  AbuseCategory,
  Attendance,
  PlanEndReason,
  Section47Outcome,
  StrategyOutcome,
} from '../table.js'

export const STRATEGY_OUTCOME_NAMES: Record<StrategyOutcome, string> = {
  'section-47': 'Start (or continue) a Section 47 enquiry',
  assessment: 'Continue with a child and family assessment (section 17)',
  'no-further-action': 'No further action',
}

export const SECTION47_OUTCOME_NAMES: Record<Section47Outcome, string> = {
  conference: 'Concerns substantiated: hold an initial child protection conference',
  'no-conference-cin-plan': 'No conference: support under a child in need plan',
  'no-conference-no-further-action': 'No conference: no further action',
}

export const CATEGORY_NAMES: Record<AbuseCategory, string> = {
  NEG: 'Neglect',
  PHY: 'Physical abuse',
  EMO: 'Emotional abuse',
  SAB: 'Sexual abuse',
  MUL: 'Multiple categories',
}

export const END_REASON_NAMES: Record<PlanEndReason, string> = {
  'no-longer-at-risk': 'No longer at risk of significant harm',
  'moved-area': 'Moved to another local authority area',
  'looked-after': 'Became looked after',
  'reached-18': 'Reached 18',
  died: 'Died',
  other: 'Other',
  'stepped-down': 'No longer at risk: stepped down to a child in need plan',
}

export const ATTENDANCE_NAMES: Record<Attendance, string> = {
  attended: 'Attended',
  apologies: 'Sent apologies',
  absent: 'Did not attend',
}

export const CONFERENCE_STATUS_NAMES = {
  'to-schedule': 'To schedule',
  scheduled: 'Scheduled',
  held: 'Held',
  cancelled: 'Cancelled',
} as const

export const CONFERENCE_OUTCOME_NAMES = {
  plan: 'Child protection plan',
  'no-plan': 'No child protection plan',
  'continue-plan': 'Plan continues',
  'end-plan': 'Plan ended',
} as const

/** Rows offered on the strategy discussion and invitation forms; empty rows are ignored. */
export const PARTICIPANT_ROWS = 6
export const INVITATION_ROWS = 4
