import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>

export interface CensusImportTable {
  id: Generated<string>
  partnershipId: string
  userId: string | null
  fileName: string
  fileBytes: ColumnType<string, number | string | undefined, number | string>
  status: 'running' | 'succeeded' | 'failed'
  referenceDate: string | null
  lea: string | null
  children: Generated<number>
  counts: unknown
  problems: unknown
  startedAt: Timestamp
  finishedAt: Timestamp | null
  jobId: string | null
  progressPhase: Generated<'checking' | 'saving' | 'done'>
  progressFraction: Generated<number>
  progressChildren: Generated<number>
}

export interface CensusValidationTable {
  id: Generated<string>
  partnershipId: string
  userId: string | null
  source: string
  collectionYear: string | null
  summary: unknown
  findings: ColumnType<unknown, string | undefined, string>
  findingsTruncated: Generated<boolean>
  problems: ColumnType<unknown, string | null | undefined, string | null>
  createdAt: Timestamp
}

export interface CensusTables {
  censusImport: CensusImportTable
  censusValidation: CensusValidationTable
}
