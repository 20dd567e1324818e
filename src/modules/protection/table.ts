import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type Timestamp = ColumnType<Date, Date | string, Date | string>
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>
/** Calendar dates are 'YYYY-MM-DD' strings all the way through. */
type IsoDate = string

export type StrategyOutcome = 'section-47' | 'assessment' | 'no-further-action'
export type Section47Outcome =
  'conference' | 'no-conference-cin-plan' | 'no-conference-no-further-action'
export type ConferenceKind = 'initial' | 'review'
export type ConferenceStatus = 'to-schedule' | 'scheduled' | 'held' | 'cancelled'
export type ConferenceOutcome = 'plan' | 'no-plan' | 'continue-plan' | 'end-plan'
/** The CIN census categories of abuse. */
export type AbuseCategory = 'NEG' | 'PHY' | 'EMO' | 'SAB' | 'MUL'
export type Attendance = 'attended' | 'apologies' | 'absent'
export type PlanEndReason =
  'no-longer-at-risk' | 'moved-area' | 'looked-after' | 'reached-18' | 'died' | 'other'

export interface TeamTable {
  id: Generated<string>
  partnershipId: string
  agencyId: string | null
  name: string
  isActive: Generated<boolean>
  createdAt: CreatedAt
}

export interface TeamMemberTable {
  partnershipId: string
  teamId: string
  userId: string
}

export interface ProtectionSettingTable {
  partnershipId: string
  icpcWorkingDays: Generated<number>
  coreGroupWorkingDays: Generated<number>
  firstReviewMonths: Generated<number>
  reviewIntervalMonths: Generated<number>
  reportDueWorkingDays: Generated<number>
  preBirthIcpcByWeek: Generated<number>
  preBirthReviewWorkingDays: Generated<number>
  updatedAt: UpdatedAt
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

export interface ProtectionTables {
  team: TeamTable
  teamMember: TeamMemberTable
  protectionSetting: ProtectionSettingTable
  strategyDiscussion: StrategyDiscussionTable
  strategyParticipant: StrategyParticipantTable
  conference: ConferenceTable
  conferenceInvitation: ConferenceInvitationTable
  coreGroupMeeting: CoreGroupMeetingTable
}
