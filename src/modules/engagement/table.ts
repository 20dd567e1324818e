import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type Json<T> = ColumnType<T, string, string>

export interface EngSurveyTable {
  id: Generated<string>
  partnershipId: string
  title: string
  intro: string | null
  anonymous: boolean
  invitedCount: number | null
  status: Generated<string>
  linkToken: string
  createdAt: CreatedAt
}

export interface EngSurveyQuestionTable {
  id: Generated<string>
  partnershipId: string
  surveyId: string
  position: number
  kind: string
  text: string
  options: Json<string[]>
  required: boolean
}

/** No time of day, no request id: an anonymous response cannot be matched to a visit. */
export interface EngSurveyResponseTable {
  id: Generated<string>
  partnershipId: string
  surveyId: string
  submittedOn: string
  respondentName: string | null
  respondentEmail: string | null
}

export interface EngSurveyAnswerTable {
  id: Generated<string>
  partnershipId: string
  responseId: string
  questionId: string
  value: string
}

export interface EngSurveyEvidenceTable {
  id: Generated<string>
  partnershipId: string
  surveyId: string
  actionId: string
  linkedOn: string
}

export interface EngSubscriberTable {
  id: Generated<string>
  partnershipId: string
  email: string
  status: Generated<string>
  confirmTokenHash: string | null
  confirmExpiresAt: Date | null
  consentedAt: Date | null
  failures: Generated<number>
  createdAt: CreatedAt
}

export interface BulletinSection {
  heading: string
  /** Markdown for free sections; plain lines for sections drawn from records. */
  markdown: string
}

export interface EngBulletinIssueTable {
  id: Generated<string>
  partnershipId: string
  number: number
  title: string
  status: Generated<string>
  publishedOn: string | null
  content: Json<BulletinSection[]>
  createdAt: CreatedAt
}

export interface EngBulletinDeliveryTable {
  id: Generated<string>
  partnershipId: string
  issueId: string
  subscriberId: string
  status: string
  attemptedAt: CreatedAt
}

export interface EngPanelCoordinatorTable {
  id: Generated<string>
  partnershipId: string
  userId: string
}

export interface EngPanelMemberTable {
  id: Generated<string>
  partnershipId: string
  firstName: string
  ageBand: string
  parentalConsent: string
  joinedOn: string
  leftOn: string | null
}

export interface EngPanelContributionTable {
  id: Generated<string>
  partnershipId: string
  contributedOn: string
  topic: string
  views: string
  influenced: string | null
  createdAt: CreatedAt
}

export interface EngPriorityExerciseTable {
  id: Generated<string>
  partnershipId: string
  title: string
  prioritiesWanted: number
  status: Generated<string>
  planId: string | null
  createdAt: CreatedAt
}

export interface EngPriorityAreaTable {
  id: Generated<string>
  partnershipId: string
  exerciseId: string
  name: string
}

export interface EngPriorityBallotTable {
  id: Generated<string>
  partnershipId: string
  exerciseId: string
  userId: string
  ranks: Json<Record<string, number>>
  castAt: CreatedAt
}

export interface EngCampaignTable {
  id: Generated<string>
  partnershipId: string
  title: string
  startsOn: string
  endsOn: string
  audience: string
  channels: string
  materials: string | null
  actionId: string | null
  actionLabel: string | null
  createdAt: CreatedAt
}

export interface EngCampaignReachTable {
  id: Generated<string>
  partnershipId: string
  campaignId: string
  measure: string
  value: number
  recordedOn: string
  channel: string
  agencyId: string | null
}

export interface EngagementTables {
  engSurvey: EngSurveyTable
  engSurveyQuestion: EngSurveyQuestionTable
  engSurveyResponse: EngSurveyResponseTable
  engSurveyAnswer: EngSurveyAnswerTable
  engSurveyEvidence: EngSurveyEvidenceTable
  engSubscriber: EngSubscriberTable
  engBulletinIssue: EngBulletinIssueTable
  engBulletinDelivery: EngBulletinDeliveryTable
  engPanelCoordinator: EngPanelCoordinatorTable
  engPanelMember: EngPanelMemberTable
  engPanelContribution: EngPanelContributionTable
  engPriorityExercise: EngPriorityExerciseTable
  engPriorityArea: EngPriorityAreaTable
  engPriorityBallot: EngPriorityBallotTable
  engCampaign: EngCampaignTable
  engCampaignReach: EngCampaignReachTable
}
