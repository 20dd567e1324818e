import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>

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

/** The work tray's tables: the teams that trays and allocation are grouped by. */
export interface WorktrayTables {
  team: TeamTable
  teamMember: TeamMemberTable
}
