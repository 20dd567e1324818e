import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type IsoDate = string
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>
/** jsonb: read as the value, written as JSON text. */
type Json<T> = ColumnType<T, string, string>
type JsonDefault<T> = ColumnType<T, string | undefined, string>

/** One question's answer: a code, a number or text; evidence answers are the evidence ids. */
export type AnswerValue = string | number
export type Answers = Record<string, AnswerValue>
/** Moderation per standard: the business unit's decision, a regraded score and a comment. */
export type Moderation = Record<
  string,
  { decision: 'agree' | 'challenge' | 'regrade'; score: number | null; comment: string | null }
>

export interface AsrTemplateTable {
  id: Generated<string>
  partnershipId: string
  key: string
  version: number
  title: string
  threshold: number
  targetPercent: number
  definition: Json<import('./templates/definition.js').TemplateDefinition>
  createdAt: CreatedAt
}

export interface AsrOrganisationTable {
  id: Generated<string>
  partnershipId: string
  kind: 'agency' | 'school' | 'setting'
  agencyId: Nullable<string>
  urn: Nullable<string>
  name: string
  phase: Nullable<string>
  leadEmail: string
  createdAt: CreatedAt
}

export interface AsrCycleTable {
  id: Generated<string>
  partnershipId: string
  templateId: string
  title: string
  opensOn: IsoDate
  dueOn: IsoDate
  targetPercent: number
  createdAt: CreatedAt
}

export type ReturnStatus = 'invited' | 'in-progress' | 'submitted' | 'returned' | 'moderated'

export interface AsrReturnTable {
  id: Generated<string>
  partnershipId: string
  cycleId: string
  organisationId: string
  templateId: string
  status: ColumnType<ReturnStatus, ReturnStatus | undefined, ReturnStatus>
  answers: JsonDefault<Answers>
  moderation: JsonDefault<Moderation>
  tokenHash: Nullable<string>
  tokenExpiresAt: Nullable<Date>
  invitedOn: Nullable<IsoDate>
  submittedOn: Nullable<IsoDate>
  moderatedOn: Nullable<IsoDate>
  reminderSentOn: Nullable<IsoDate>
  overdueSentOn: Nullable<IsoDate>
  createdAt: CreatedAt
}

export interface AsrReturnEventTable {
  id: Generated<string>
  partnershipId: string
  returnId: string
  userId: Nullable<string>
  action: string
  comment: Nullable<string>
  at: CreatedAt
}

export interface AsrEvidenceTable {
  id: Generated<string>
  partnershipId: string
  returnId: string
  questionKey: string
  filename: string
  contentType: string
  sizeBytes: number
  content: Buffer
  uploadedAt: CreatedAt
}

export interface AsrActionTable {
  id: Generated<string>
  partnershipId: string
  returnId: Nullable<string>
  caseAuditId: Nullable<string>
  standardKey: string
  govPlanActionId: string
  createdAt: CreatedAt
}

export interface AsrPeerEventTable {
  id: Generated<string>
  partnershipId: string
  cycleId: Nullable<string>
  heldOn: IsoDate
  title: string
  agencyIds: JsonDefault<string[]>
  returnIds: JsonDefault<string[]>
  outcomes: Nullable<string>
  createdAt: CreatedAt
}

export interface AsrPeerChallengeTable {
  id: Generated<string>
  partnershipId: string
  eventId: string
  govChallengeId: string
  createdAt: CreatedAt
}

export type CaseAuditStatus = 'sampling' | 'auditing' | 'reported'
export type Grade = 'outstanding' | 'good' | 'requires-improvement' | 'inadequate'

export interface AsrCaseAuditTable {
  id: Generated<string>
  partnershipId: string
  title: string
  theme: string
  questions: Json<{ key: string; text: string }[]>
  agencyIds: Json<string[]>
  status: ColumnType<CaseAuditStatus, CaseAuditStatus | undefined, CaseAuditStatus>
  findings: Nullable<string>
  learning: Nullable<string>
  createdAt: CreatedAt
}

export interface AsrCaseSampleTable {
  id: Generated<string>
  partnershipId: string
  auditId: string
  position: number
  childId: Nullable<string>
  reference: Nullable<string>
}

export interface AsrCaseFormTable {
  id: Generated<string>
  partnershipId: string
  auditId: string
  sampleId: string
  agencyId: string
  answers: JsonDefault<Record<string, string>>
  grade: Nullable<Grade>
  moderatedGrade: Nullable<Grade>
  moderationComment: Nullable<string>
  submittedBy: Nullable<string>
  submittedAt: Nullable<Date>
}

export interface AssuranceTables {
  asrTemplate: AsrTemplateTable
  asrOrganisation: AsrOrganisationTable
  asrCycle: AsrCycleTable
  asrReturn: AsrReturnTable
  asrReturnEvent: AsrReturnEventTable
  asrEvidence: AsrEvidenceTable
  asrAction: AsrActionTable
  asrPeerEvent: AsrPeerEventTable
  asrPeerChallenge: AsrPeerChallengeTable
  asrCaseAudit: AsrCaseAuditTable
  asrCaseSample: AsrCaseSampleTable
  asrCaseForm: AsrCaseFormTable
}
