import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>

export interface ReportCardTable {
  id: Generated<string>
  partnershipId: string
  title: string
  bodyId: string | null
  theme: string | null
  createdAt: CreatedAt
}

export interface ReportCardVersionTable {
  id: Generated<string>
  partnershipId: string
  cardId: string
  version: number
  meetingId: string | null
  story: string
  whatWorks: string
  nextSteps: string
  criticalMessages: string
  createdBy: string | null
  createdAt: CreatedAt
}

export interface ReportCardIndicatorTable {
  id: Generated<string>
  partnershipId: string
  versionId: string
  position: number
  indicatorKey: string
  section: string
}

export interface ReportCardTables {
  reportCard: ReportCardTable
  reportCardVersion: ReportCardVersionTable
  reportCardIndicator: ReportCardIndicatorTable
}
