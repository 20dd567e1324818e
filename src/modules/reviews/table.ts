import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>

export type Harm = 'died' | 'seriously-harmed'
export type CaseStatus = 'screening' | 'rapid-review' | 'decision' | 'decided'
export type CaseDecision = 'local-review' | 'no-review'
export type ReviewType =
  'practice-review' | 'learning' | 'thematic' | 'single-agency' | 'domestic-homicide' | 'other-area'
export type DocumentKind = 'scoping-request' | 'agency-report' | 'briefing'

export interface CrCaseTable {
  id: Generated<string>
  partnershipId: string
  reference: string
  childName: string
  childId: string | null
  dateOfBirth: string | null
  harm: Harm
  incidentOn: string | null
  awareOn: string
  referredOn: string
  referringAgencyId: string | null
  referredBy: string | null
  summary: string
  source: Generated<'form' | 'cdop'>
  sourceId: string | null
  notificationDueOn: string
  status: Generated<CaseStatus>
  abuseSuspected: boolean | null
  criteriaMet: boolean | null
  screenedOn: string | null
  screeningNotes: string | null
  notifiedOn: string | null
  rapidReviewDueOn: string | null
  rapidReviewHeldOn: string | null
  rapidReviewSentOn: string | null
  rapidReviewFindings: string | null
  decision: CaseDecision | null
  decidedOn: string | null
  decidedBy: string | null
  decisionRationale: string | null
  alternativeAction: string | null
  createdAt: CreatedAt
}

export interface CrInformationRequestTable {
  id: Generated<string>
  partnershipId: string
  caseId: string
  agencyId: string
  question: string
  requestedOn: string
  dueOn: string
  answeredOn: string | null
  answer: string | null
  answeredBy: string | null
  createdAt: CreatedAt
}

export interface CrReviewTable {
  id: Generated<string>
  partnershipId: string
  title: string
  reviewType: ReviewType
  heldBy: string | null
  reviewerName: string | null
  termsOfReference: string | null
  decidedOn: string
  targetPublicationOn: string
  publishedOn: string | null
  planId: string | null
  createdAt: CreatedAt
}

export interface CrReviewCaseTable {
  partnershipId: string
  reviewId: string
  caseId: string
}

export interface CrMilestoneTable {
  id: Generated<string>
  partnershipId: string
  reviewId: string
  title: string
  dueOn: string
  completedOn: string | null
}

export interface CrDocumentTable {
  id: Generated<string>
  partnershipId: string
  reviewId: string
  kind: DocumentKind
  agencyId: string | null
  title: string
  version: number
  dueOn: string | null
  filename: string
  contentType: string
  sizeBytes: number
  content: Buffer
  uploadedBy: string | null
  uploadedAt: CreatedAt
}

export interface CrRecommendationTable {
  id: Generated<string>
  partnershipId: string
  reviewId: string
  number: number
  text: string
  planActionId: string | null
}

export interface ReviewsTables {
  crCase: CrCaseTable
  crInformationRequest: CrInformationRequestTable
  crReview: CrReviewTable
  crReviewCase: CrReviewCaseTable
  crMilestone: CrMilestoneTable
  crDocument: CrDocumentTable
  crRecommendation: CrRecommendationTable
}
