import type { ColumnType, Generated } from 'kysely'

export interface PrivacySettingTable {
  partnershipId: string
  controllerContact: string
  dpoContact: string | null
  updatedAt: ColumnType<Date, Date | undefined, Date>
}

export interface RetentionRuleTable {
  id: Generated<string>
  partnershipId: string
  recordType: string
  keepYears: number
}

export interface PrivacyTables {
  privacySetting: PrivacySettingTable
  retentionRule: RetentionRuleTable
}
