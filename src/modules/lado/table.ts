import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
/** Calendar dates are 'YYYY-MM-DD' strings all the way through. */
type IsoDate = string

export type Sector =
  | 'education'
  | 'early-years'
  | 'faith'
  | 'health'
  | 'police'
  | 'social-care'
  | 'foster-care'
  | 'voluntary'
  | 'sports'
  | 'transport'
  | 'other'
export type HarmTest = 'harmed' | 'criminal-offence' | 'risk-of-harm' | 'unsuitable'
export type InitialDecision = 'evaluation' | 'strategy' | 'no-further-action'
export type PoliceInvestigation =
  'none' | 'ongoing' | 'no-further-action' | 'charged' | 'convicted' | 'acquitted'
export type EmployerInvestigation = 'none' | 'ongoing' | 'completed'
export type Outcome = 'substantiated' | 'malicious' | 'false' | 'unsubstantiated' | 'unfounded'
export type MeetingKind = 'evaluation' | 'strategy' | 'review'
export type ActionKind =
  | 'dismissal'
  | 'resignation'
  | 'suspension'
  | 'disciplinary'
  | 'barring-service-referral'
  | 'regulator-referral'
  | 'training'
  | 'no-action'

export interface LadoReferralTable {
  id: Generated<string>
  partnershipId: string
  reference: string
  receivedOn: IsoDate
  referrerAgency: string
  adultName: string
  adultDateOfBirth: IsoDate | null
  adultKey: string
  adultRole: string
  employer: string
  sector: Sector
  harmTest: HarmTest
  allegation: string
  childName: string | null
  childId: string | null
  childAge: number | null
  initialConsiderationDueOn: IsoDate
  initialConsiderationOn: IsoDate | null
  initialDecision: InitialDecision | null
  policeInvestigation: ColumnType<PoliceInvestigation, PoliceInvestigation | undefined>
  employerInvestigation: ColumnType<EmployerInvestigation, EmployerInvestigation | undefined>
  outcome: Outcome | null
  outcomeNotes: string | null
  closedOn: IsoDate | null
  recordedBy: string | null
  createdAt: CreatedAt
}

export interface LadoMeetingTable {
  id: Generated<string>
  partnershipId: string
  referralId: string
  kind: MeetingKind
  heldOn: IsoDate
  attendees: string
  notes: string | null
  recordedAt: CreatedAt
}

export interface LadoActionTable {
  id: Generated<string>
  partnershipId: string
  referralId: string
  kind: ActionKind
  takenOn: IsoDate
  notes: string | null
  recordedAt: CreatedAt
}

export interface LadoTables {
  ladoReferral: LadoReferralTable
  ladoMeeting: LadoMeetingTable
  ladoAction: LadoActionTable
}
