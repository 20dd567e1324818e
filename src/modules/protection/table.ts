import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type Timestamp = ColumnType<Date, Date | string, Date | string>
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>
/** Calendar dates are 'YYYY-MM-DD' strings all the way through. */
type IsoDate = string

export type StrategyOutcome = 'section-47' | 'assessment' | 'no-further-action'
export type Section47Outcome =
  'conference' | 'no-conference-cin-plan' | 'no-conference-no-further-action'
export type ConferenceKind = 'initial' | 'review' | 'transfer-in'
export type ConferenceStatus = 'to-schedule' | 'scheduled' | 'held' | 'cancelled'
export type ConferenceOutcome = 'plan' | 'no-plan' | 'continue-plan' | 'end-plan'
/** The CIN census categories of abuse. */
export type AbuseCategory = 'NEG' | 'PHY' | 'EMO' | 'SAB' | 'MUL'
export type Attendance = 'attended' | 'apologies' | 'absent'
export type PlanEndReason =
  | 'no-longer-at-risk'
  | 'moved-area'
  | 'looked-after'
  | 'reached-18'
  | 'died'
  | 'other'
  | 'stepped-down'
export type JourneyStepKind =
  | 'early-help-to-social-care'
  | 'social-care-to-early-help'
  | 'protection-plan-to-cin-plan'
  | 'cin-plan-to-protection-plan'

export interface ProtectionSettingTable {
  partnershipId: string
  icpcWorkingDays: Generated<number>
  coreGroupWorkingDays: Generated<number>
  firstReviewMonths: Generated<number>
  reviewIntervalMonths: Generated<number>
  reportDueWorkingDays: Generated<number>
  preBirthIcpcByWeek: Generated<number>
  preBirthReviewWorkingDays: Generated<number>
  /** Statutory visits to a child on a plan are due this many working days apart. */
  visitWorkingDays: Generated<number>
  /** May a worker authorise an assessment they submitted? No, unless the partnership says so. */
  assessmentSelfAuthorisation: Generated<boolean>
  updatedAt: UpdatedAt
}

/** A statutory visit to a child on a child protection plan (SSD ssd_cp_visits). */
export interface CpVisitTable {
  id: Generated<string>
  partnershipId: string
  planId: string
  visitedOn: IsoDate
  childSeen: boolean
  seenAlone: boolean
  notes: string | null
  recordedBy: string
  recordedAt: CreatedAt
}

export interface StrategyDiscussionTable {
  id: Generated<string>
  partnershipId: string
  childId: string
  episodeId: string | null
  referralId: string | null
  heldOn: IsoDate
  preBirth: Generated<boolean>
  reason: string
  outcome: StrategyOutcome
  outcomeNotes: string | null
  leadWorkerId: string | null
  teamId: string | null
  recordedBy: string
  recordedAt: CreatedAt
}

export interface StrategyParticipantTable {
  id: Generated<string>
  partnershipId: string
  strategyDiscussionId: string
  agencyId: string
  personName: string
  roleTitle: string | null
}

export interface ConferenceTable {
  id: Generated<string>
  partnershipId: string
  childId: string
  kind: ConferenceKind
  preBirth: Generated<boolean>
  section47Id: string | null
  planId: string | null
  targetDate: IsoDate
  status: Generated<ConferenceStatus>
  scheduledAt: Timestamp | null
  venue: string | null
  chairId: string | null
  heldOn: IsoDate | null
  outcome: ConferenceOutcome | null
  category: AbuseCategory | null
  outcomeNotes: string | null
  cancelledReason: string | null
  createdBy: string
  createdAt: CreatedAt
  recordedBy: string | null
  recordedAt: Timestamp | null
  /** A transfer-in conference: the day we were told the child arrived on a plan elsewhere. */
  notifiedOn: IsoDate | null
  /** A transfer-in conference: the plan the child arrived on, as a previous plan. */
  previousPlanId: string | null
}

export interface ConferenceInvitationTable {
  id: Generated<string>
  partnershipId: string
  conferenceId: string
  agencyId: string
  inviteeName: string
  inviteeEmail: string | null
  sentAt: Timestamp | null
  reportRequested: Generated<boolean>
  reportDueAt: Timestamp | null
  reportText: string | null
  reportReceivedAt: Timestamp | null
  reportReceivedBy: string | null
  attendance: Attendance | null
  createdBy: string
  createdAt: CreatedAt
}

export interface CoreGroupMeetingTable {
  id: Generated<string>
  partnershipId: string
  planId: string
  heldOn: IsoDate
  agenciesPresent: ColumnType<string[], string[] | undefined, string[]>
  notes: string | null
  recordedBy: string
  recordedAt: CreatedAt
}

/** A step between early help and social care, or between a protection plan and a CIN plan. */
export interface JourneyStepTable {
  id: Generated<string>
  partnershipId: string
  childId: string
  episodeId: string | null
  kind: JourneyStepKind
  steppedOn: IsoDate
  recordedBy: string | null
  recordedAt: CreatedAt
}

/** A child protection plan the child had elsewhere (another authority), known to the worker. */
export interface PreviousProtectionPlanTable {
  id: Generated<string>
  partnershipId: string
  childId: string
  authority: string
  startDate: IsoDate
  endDate: IsoDate | null
  /** The plan's category there, when known (a transfer-in records it). */
  category: AbuseCategory | null
  recordedBy: string
  recordedAt: CreatedAt
}

export type ActionStatus = 'not-started' | 'in-progress' | 'done' | 'not-done'
/** One action of a plan: what, who (a person and their agency), by when, how far it has got. */
export interface PlanAction {
  /** Stays the same from version to version, so a later version can tell an action is not new. */
  key: string
  what: string
  ownerName: string
  agencyId: string
  dueOn: IsoDate
  status: ActionStatus
  doneOn: IsoDate | null
}

/** A version of what the plan says; a conference or a core group makes each one. */
export interface CpPlanVersionTable {
  id: Generated<string>
  partnershipId: string
  planId: string
  version: number
  outcomes: ColumnType<string[], string, string>
  actions: ColumnType<PlanAction[], string, string>
  contingency: string
  conferenceId: string | null
  coreGroupMeetingId: string | null
  recordedBy: string
  recordedAt: CreatedAt
}

export type CoreGroupAttendance = 'attended' | 'apologies' | 'did-not-attend'
export interface CoreGroupAttendeeTable {
  id: Generated<string>
  partnershipId: string
  meetingId: string
  personName: string
  agencyId: string
  attendance: CoreGroupAttendance
}

export type FamilyRelationship = 'mother' | 'father' | 'parent' | 'carer' | 'child' | 'other-family'
export type ChildViews = 'attended' | 'in-writing' | 'advocate' | 'social-worker' | 'not-given'
/** A parent, carer or the child at a conference: family members are records, not users. */
export interface ConferenceFamilyMemberTable {
  id: Generated<string>
  partnershipId: string
  conferenceId: string
  name: string
  relationship: FamilyRelationship
  invited: boolean
  attended: boolean | null
  childViews: ChildViews | null
  viewsNotGivenReason: string | null
  recordedBy: string
  recordedAt: CreatedAt
}

export interface ProtectionTables {
  journeyStep: JourneyStepTable
  previousProtectionPlan: PreviousProtectionPlanTable
  protectionSetting: ProtectionSettingTable
  strategyDiscussion: StrategyDiscussionTable
  strategyParticipant: StrategyParticipantTable
  conference: ConferenceTable
  conferenceInvitation: ConferenceInvitationTable
  coreGroupMeeting: CoreGroupMeetingTable
  cpVisit: CpVisitTable
  cpPlanVersion: CpPlanVersionTable
  coreGroupAttendee: CoreGroupAttendeeTable
  conferenceFamilyMember: ConferenceFamilyMemberTable
}
