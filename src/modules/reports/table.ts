import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | undefined, Date>
type IsoDate = string

export type ReportKind = 'full' | 'young-people'
export type ReportStatus = 'draft' | 'submitted' | 'approved' | 'published'
export type SectionKind = 'narrative' | 'figures' | 'module' | 'contribution'
export type ContributionStatus = 'requested' | 'submitted' | 'accepted' | 'returned'
export type ContributionAction =
  'requested' | 'reminded' | 'submitted' | 'accepted' | 'returned' | 'rescheduled'

export interface ReportTable {
  id: Generated<string>
  partnershipId: string
  startYear: number
  kind: ReportKind
  title: string
  status: ColumnType<ReportStatus, ReportStatus | undefined, ReportStatus>
  submittedBy: string | null
  submittedAt: Date | null
  approvedBy: string | null
  approvedAt: Date | null
  createdAt: Timestamp
}

export interface ReportSectionTable {
  id: Generated<string>
  partnershipId: string
  reportId: string
  position: number
  kind: SectionKind
  title: string
  /** The module block or dataset figure group a block section draws; null for narrative. */
  block: string | null
  /** Markdown for narrative and contribution sections. */
  body: ColumnType<string, string | undefined, string>
  updatedAt: Timestamp
}

export interface ReportVersionTable {
  id: Generated<string>
  partnershipId: string
  reportId: string
  number: number
  /** The frozen content (see content.ts), stored as jsonb. */
  content: ColumnType<unknown, string, string>
  frozenBy: string | null
  frozenAt: Timestamp
  publishedAt: Date | null
}

export interface ReportContributionTable {
  id: Generated<string>
  partnershipId: string
  reportId: string
  sectionId: string
  assigneeId: string
  questions: string
  dueOn: IsoDate
  status: ColumnType<ContributionStatus, ContributionStatus | undefined, ContributionStatus>
  body: ColumnType<string, string | undefined, string>
  requestedBy: string | null
  createdAt: Timestamp
}

export interface ReportContributionEventTable {
  id: Generated<string>
  partnershipId: string
  contributionId: string
  action: ContributionAction
  comments: string | null
  body: string | null
  byUser: string | null
  at: Timestamp
}

export type BuildStatus = 'queued' | 'running' | 'done' | 'failed'

/** A document build run by the jobs table, with its state and, once done, its bytes. */
export interface ReportBuildTable {
  id: Generated<string>
  partnershipId: string
  reportId: string
  format: 'html' | 'pdf' | 'docx'
  version: 'live' | 'latest'
  status: ColumnType<BuildStatus, BuildStatus | undefined, BuildStatus>
  requestedBy: string | null
  requestedAt: Timestamp
  finishedAt: Date | null
  byteSize: number | null
  content: Buffer | null
  error: string | null
}

/** An image in a narrative or contributed section: PNG or JPEG by its bytes, with alt text. */
export interface ReportImageTable {
  id: Generated<string>
  partnershipId: string
  reportId: string
  sectionId: string | null
  contributionId: string | null
  mediaType: 'image/png' | 'image/jpeg'
  altText: string
  byteSize: number
  content: Buffer
  uploadedBy: string | null
  createdAt: Timestamp
}

export interface ReportsTables {
  report: ReportTable
  reportSection: ReportSectionTable
  reportVersion: ReportVersionTable
  reportContribution: ReportContributionTable
  reportContributionEvent: ReportContributionEventTable
  reportBuild: ReportBuildTable
  reportImage: ReportImageTable
}
