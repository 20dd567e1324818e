import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type Timestamp = ColumnType<Date, Date | string, Date | string>
/** numeric columns arrive as strings from both drivers. */
type Numeric = ColumnType<string, string | number, string | number>

export interface ReturnIndicatorTable {
  id: Generated<string>
  partnershipId: string
  key: string
  name: string
  definition: string
  agencyId: string
  frequency: string
  polarity: string
  unit: string
  isActive: Generated<boolean>
  createdAt: CreatedAt
}

export interface AgencyReturnTable {
  id: Generated<string>
  partnershipId: string
  agencyId: string
  periodStart: string
  periodEnd: string
  dueOn: string
  requestedBy: string | null
  requestedAt: CreatedAt
  signedOffBy: string | null
  signedOffAt: Timestamp | null
}

export interface AgencyReturnValueTable {
  id: Generated<string>
  partnershipId: string
  returnId: string
  indicatorId: string
  revision: number
  value: Numeric
  source: string
  enteredBy: string | null
  enteredAt: CreatedAt
}

export interface ReturnsTables {
  returnIndicator: ReturnIndicatorTable
  agencyReturn: AgencyReturnTable
  agencyReturnValue: AgencyReturnValueTable
}
