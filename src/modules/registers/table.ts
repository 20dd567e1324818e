import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type Instant = ColumnType<Date, Date | string, Date | string>
/** Calendar dates are 'YYYY-MM-DD' strings all the way through. */
type IsoDate = string

export type ExploitationType = 'cse' | 'cce' | 'county-lines' | 'trafficking' | 'forced-marriage'
export type PanelType = 'mace' | 'mase' | 'fgm' | 'missing'
export type RegisterKind = 'exploitation' | 'missing' | 'fgm'

export interface RegisterSettingTable {
  partnershipId: string
  riskLevels: ColumnType<string[], string[] | undefined, string[]>
  repeatMissingEpisodes: Generated<number>
  repeatMissingDays: Generated<number>
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>
}

export interface RegisterPanelTable {
  id: Generated<string>
  partnershipId: string
  bodyId: string
  panelType: PanelType
  createdBy: string
  createdAt: CreatedAt
}

export interface ExploitationEntryTable {
  id: Generated<string>
  partnershipId: string
  childId: string
  types: ColumnType<ExploitationType[], ExploitationType[], ExploitationType[]>
  riskLevel: string
  leadAgencyId: string | null
  leadWorker: string
  screening: ColumnType<Record<string, string>, string, string>
  locations: string | null
  associatedPersons: string | null
  addedOn: IsoDate
  removedOn: IsoDate | null
  removalReason: string | null
  createdBy: string
  createdAt: CreatedAt
}

export interface DisruptionActivityTable {
  id: Generated<string>
  partnershipId: string
  entryId: string
  activityOn: IsoDate
  kind: string
  notes: string
  recordedBy: string
  recordedAt: CreatedAt
}

export interface MissingEpisodeTable {
  id: Generated<string>
  partnershipId: string
  childId: string
  reportedAt: Instant
  foundAt: Instant | null
  missingFrom: 'home' | 'care'
  policeReference: string | null
  interviewOfferedAt: Instant | null
  interviewOutcome: 'completed' | 'declined' | null
  interviewOn: IsoDate | null
  source: Generated<'recorded' | 'police-import'>
  createdBy: string
  createdAt: CreatedAt
}

export interface FgmReferralTable {
  id: Generated<string>
  partnershipId: string
  childId: string
  referredOn: IsoDate
  screeningOutcome: string
  community: string | null
  panelDecision: string | null
  panelDecidedOn: IsoDate | null
  reportedToPoliceOn: IsoDate | null
  reportedBy: string | null
  createdBy: string
  createdAt: CreatedAt
}

export interface PrivateFosteringTable {
  id: Generated<string>
  partnershipId: string
  childId: string
  notifiedOn: IsoDate
  arrangementStart: IsoDate
  childDisabled: boolean
  carerName: string
  assessmentCompletedOn: IsoDate | null
  assessmentOutcome: string | null
  endedOn: IsoDate | null
  endReason: string | null
  createdBy: string
  createdAt: CreatedAt
}

export interface PrivateFosteringVisitTable {
  id: Generated<string>
  partnershipId: string
  arrangementId: string
  visitedOn: IsoDate
  seenAlone: boolean
  notes: string | null
  recordedBy: string
  recordedAt: CreatedAt
}

export interface PanelAgendaChildTable {
  id: Generated<string>
  partnershipId: string
  panelId: string
  meetingId: string
  childId: string
  register: RegisterKind
  entryId: string
  reviewNotes: string | null
  riskLevelAfter: string | null
  reviewedBy: string | null
  reviewedAt: Instant | null
  addedBy: string
  createdAt: CreatedAt
}

export interface RegisterActionTable {
  id: Generated<string>
  partnershipId: string
  agendaChildId: string
  childId: string
  register: RegisterKind
  entryId: string
  text: string
  ownerName: string
  dueOn: IsoDate
  status: Generated<'open' | 'done'>
  doneBy: string | null
  doneAt: Instant | null
  createdBy: string
  createdAt: CreatedAt
}

export interface ExploitationScreeningFileTable {
  id: Generated<string>
  partnershipId: string
  entryId: string
  filename: string
  contentType: string
  sizeBytes: number
  content: Buffer
  uploadedBy: string
  uploadedAt: CreatedAt
}

export interface CommunityIntelligenceTable {
  id: Generated<string>
  partnershipId: string
  about: string
  location: string | null
  description: string
  contact: string | null
  status: Generated<'new' | 'reviewed'>
  reviewedBy: string | null
  reviewedAt: Instant | null
  receivedAt: CreatedAt
}

export interface RegistersTables {
  registerSetting: RegisterSettingTable
  registerPanel: RegisterPanelTable
  exploitationEntry: ExploitationEntryTable
  disruptionActivity: DisruptionActivityTable
  missingEpisode: MissingEpisodeTable
  fgmReferral: FgmReferralTable
  privateFostering: PrivateFosteringTable
  privateFosteringVisit: PrivateFosteringVisitTable
  panelAgendaChild: PanelAgendaChildTable
  registerAction: RegisterActionTable
  communityIntelligence: CommunityIntelligenceTable
  exploitationScreeningFile: ExploitationScreeningFileTable
}
