import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
/** Money in pence: bigint columns arrive as strings on both drivers. */
type Pence = ColumnType<string, number | string, number | string>
type Json<T> = ColumnType<T, string, string>

export interface GovBodyTable {
  id: Generated<string>
  partnershipId: string
  name: string
  kind: string
  parentId: string | null
  chairName: string | null
  termsOfReference: string | null
  termsReviewOn: string | null
  activeFrom: string
  activeTo: string | null
  attendanceTarget: Generated<number>
  createdAt: CreatedAt
}

export interface GovMembershipTable {
  id: Generated<string>
  partnershipId: string
  bodyId: string
  memberName: string
  agencyId: string | null
  role: string
  startsOn: string
  endsOn: string | null
  deputyName: string | null
  userId: string | null
  createdAt: CreatedAt
}

export interface GovMeetingTable {
  id: Generated<string>
  partnershipId: string
  bodyId: string
  heldOn: string
  title: string
  status: Generated<string>
  minutes: string | null
  createdAt: CreatedAt
}

export interface GovAttendanceTable {
  id: Generated<string>
  partnershipId: string
  meetingId: string
  membershipId: string
  status: string
  deputyName: string | null
}

export interface GovFinancialYearTable {
  id: Generated<string>
  partnershipId: string
  label: string
  printedIncomePence: Pence | null
  printedBudgetPence: Pence | null
  printedSpendPence: Pence | null
  createdAt: CreatedAt
}

export interface GovBudgetLineTable {
  id: Generated<string>
  partnershipId: string
  yearId: string
  position: number
  kind: string
  description: string
  agencyId: string | null
  contributionType: string | null
  budgetPence: Pence | null
  actualPence: Pence | null
  createdAt: CreatedAt
}

export interface GovPlanTable {
  id: Generated<string>
  partnershipId: string
  title: string
  startsOn: string
  endsOn: string
  createdAt: CreatedAt
}

export interface GovPlanVersionTable {
  id: Generated<string>
  partnershipId: string
  planId: string
  number: number
  issuedOn: string
  label: string
  changes: string | null
  snapshot: Json<unknown>
  createdAt: CreatedAt
}

export interface GovPriorityTable {
  id: Generated<string>
  partnershipId: string
  planId: string
  number: number
  title: string
}

export interface GovPlanActionTable {
  id: Generated<string>
  partnershipId: string
  planId: string
  priorityId: string
  reference: string
  specificAction: string
  leads: Json<string[]>
  leadAgencyId: string | null
  successIndicators: Json<string[]>
  sourceTags: Json<string[]>
  rag: string | null
  impactAndEvidence: string | null
}

export interface GovPlanStepTable {
  id: Generated<string>
  partnershipId: string
  actionId: string
  position: number
  text: string
  dueLabel: string
  dueOn: string | null
  revisedDueLabel: string | null
  revisedDueOn: string | null
  status: string | null
}

export interface GovRiskTable {
  id: Generated<string>
  partnershipId: string
  reference: string
  title: string
  description: string | null
  ownerName: string
  likelihood: number
  impact: number
  controls: string | null
  rag: string
  reviewOn: string
  status: Generated<string>
  createdAt: CreatedAt
}

export interface GovRiskHistoryTable {
  id: Generated<string>
  partnershipId: string
  riskId: string
  recordedAt: CreatedAt
  recordedBy: string | null
  likelihood: number
  impact: number
  rag: string
  controls: string | null
  reviewOn: string
  status: string
  note: string | null
}

export interface GovChallengeTable {
  id: Generated<string>
  partnershipId: string
  raisedOn: string
  raisedBy: string
  challenged: string
  meetingId: string | null
  subject: string
  response: string | null
  impact: string | null
  status: Generated<string>
  closedOn: string | null
  createdAt: CreatedAt
}

export interface GovStandingItemTable {
  id: Generated<string>
  partnershipId: string
  bodyId: string
  position: number
  title: string
  report: string | null
}

export interface GovAgendaItemTable {
  id: Generated<string>
  partnershipId: string
  meetingId: string
  position: number
  title: string
  presenter: string | null
  report: string | null
}

export interface GovDecisionTable {
  id: Generated<string>
  partnershipId: string
  meetingId: string
  text: string
  createdAt: CreatedAt
}

export interface GovActionTable {
  id: Generated<string>
  partnershipId: string
  bodyId: string
  meetingId: string
  text: string
  ownerName: string
  dueOn: string
  status: Generated<string>
  createdAt: CreatedAt
}

export interface GovPaperTable {
  id: Generated<string>
  partnershipId: string
  meetingId: string
  title: string
  version: number
  filename: string
  contentType: string
  sizeBytes: number
  content: Buffer
  uploadedBy: string | null
  uploadedAt: CreatedAt
}

export interface GovInspectionTable {
  id: Generated<string>
  partnershipId: string
  inspectorate: string
  subject: string
  agencyId: string | null
  startedOn: string
  endedOn: string | null
  publishedOn: string | null
  judgement: string | null
  createdAt: CreatedAt
}

export interface GovRecommendationTable {
  id: Generated<string>
  partnershipId: string
  inspectionId: string
  number: number
  text: string
  status: Generated<string>
}

export interface GovRecommendationActionTable {
  partnershipId: string
  recommendationId: string
  actionId: string
}

export interface GovPlanEvidenceTable {
  id: Generated<string>
  partnershipId: string
  actionId: string
  recordedOn: string
  text: string
  filename: string | null
  contentType: string | null
  sizeBytes: number | null
  content: Buffer | null
  recordedBy: string | null
  createdAt: CreatedAt
}

/** The partnership's risk matrix: cells[likelihood - 1][impact - 1] is the RAG of that score. */
export interface GovRiskMatrixTable {
  partnershipId: string
  cells: Json<string[][]>
  updatedBy: string | null
  updatedAt: ColumnType<Date, Date | undefined, Date>
}

export interface GovernanceTables {
  govBody: GovBodyTable
  govMembership: GovMembershipTable
  govMeeting: GovMeetingTable
  govAttendance: GovAttendanceTable
  govFinancialYear: GovFinancialYearTable
  govBudgetLine: GovBudgetLineTable
  govPlan: GovPlanTable
  govPlanVersion: GovPlanVersionTable
  govPriority: GovPriorityTable
  govPlanAction: GovPlanActionTable
  govPlanStep: GovPlanStepTable
  govRisk: GovRiskTable
  govRiskHistory: GovRiskHistoryTable
  govChallenge: GovChallengeTable
  govStandingItem: GovStandingItemTable
  govAgendaItem: GovAgendaItemTable
  govDecision: GovDecisionTable
  govAction: GovActionTable
  govPaper: GovPaperTable
  govInspection: GovInspectionTable
  govRecommendation: GovRecommendationTable
  govRecommendationAction: GovRecommendationActionTable
  govPlanEvidence: GovPlanEvidenceTable
  govRiskMatrix: GovRiskMatrixTable
}
