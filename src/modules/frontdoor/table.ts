import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type Timestamp = ColumnType<Date, Date | string, Date | string>
/** Calendar dates are 'YYYY-MM-DD' strings all the way through. */
type IsoDate = string

export type ReferralSource = 'public' | 'professional'
export type ConsentStatus = 'given' | 'refused' | 'not-sought'
export type RagRating = 'red' | 'amber' | 'green'
/** received: no decision yet; awaiting-authorisation: a practitioner's decision; decided: final. */
export type ReferralStatus = 'received' | 'awaiting-authorisation' | 'decided'
export type Decision =
  | 'no-further-action'
  | 'information-and-advice'
  | 'early-help'
  | 'assessment'
  | 'strategy-discussion'
  | 'already-open'

export type CensusOutcome = 'episode-opened' | 'already-open'
export type ContactChannel =
  'public-form' | 'professional-form' | 'phone' | 'email' | 'police-notification'
export type EarlyHelpWrites = 'referral-nfa' | 'contact-only'

export interface DraftChild {
  givenName: string
  familyName: string
  /** 'YYYY-MM-DD' or null when only an approximate age is known. */
  birthDate: string | null
  approximateAge: number | null
  address: string
  postcode: string
}

/** What the question pages have collected so far; each section is written by one page. */
export interface DraftAnswers {
  children?: DraftChild[]
  family?: { household: string; parentsCarers: string }
  concern?: { concern: string; startedOn: string | null }
  voice?: { childSays: string; childFeels: string }
  consent?: { consent: ConsentStatus; reason: string | null }
  reporter?: {
    anonymous: boolean
    name: string
    relationship: string
    email: string
    phone: string
  }
  professional?: {
    name: string
    email: string
    phone: string
    agencyId: string
    jobTitle: string
    relationship: string
  }
  actions?: { actionsTaken: string }
}

export interface ReferralDraftTable {
  id: Generated<string>
  partnershipId: string
  tokenHash: string
  source: ReferralSource
  userId: string | null
  answers: ColumnType<DraftAnswers, string | undefined, string>
  submittedReferralId: string | null
  createdAt: CreatedAt
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>
  expiresAt: Timestamp
}

export interface ReferralCounterTable {
  partnershipId: string
  year: number
  lastNumber: number
}

export interface ReferralTable {
  id: Generated<string>
  partnershipId: string
  reference: string
  draftId: string
  source: ReferralSource
  status: ColumnType<ReferralStatus, ReferralStatus | undefined, ReferralStatus>
  ragRating: RagRating | null
  receivedAt: Timestamp
  decisionDueAt: Timestamp
  household: string
  parentsCarers: string
  concern: string
  concernStartedOn: IsoDate | null
  childSays: string
  childFeels: string
  consent: ConsentStatus
  consentReason: string | null
  reporterAnonymous: boolean
  reporterName: string | null
  reporterRelationship: string | null
  reporterEmail: string | null
  reporterPhone: string | null
  referrerUserId: string | null
  referrerAgencyId: string | null
  referrerJobTitle: string | null
  actionsTaken: string | null
  decision: ColumnType<Decision | null, Decision | null | undefined, Decision | null>
  decisionReasons: ColumnType<string | null, string | null | undefined, string | null>
  decidedBy: ColumnType<string | null, string | null | undefined, string | null>
  decidedAt: ColumnType<Date | null, Date | null | undefined, Date | null>
  authorisedBy: ColumnType<string | null, string | null | undefined, string | null>
  authorisedAt: ColumnType<Date | null, Date | null | undefined, Date | null>
  feedbackSentAt: ColumnType<Date | null, Date | null | undefined, Date | null>
  /** The worker and team the referral is allocated to after the front door's decision. */
  allocatedTo: ColumnType<string | null, string | null | undefined, string | null>
  teamId: ColumnType<string | null, string | null | undefined, string | null>
  /** The census referral source (1A..10) and primary need (N0..N9) chosen with the decision. */
  censusReferralSource: ColumnType<string | null, string | null | undefined, string | null>
  primaryNeedCode: ColumnType<string | null, string | null | undefined, string | null>
  createdAt: CreatedAt
  /** How the contact came in; null on contacts from before channels were recorded. */
  contactChannel: ColumnType<
    ContactChannel | null,
    ContactChannel | null | undefined,
    ContactChannel
  >
  /** Census assessment factor codes the concern is about (16A neglect, 3A domestic abuse...). */
  concernTypes: ColumnType<string[], string[] | undefined, string[]>
  /** The level of need against the partnership's threshold document. */
  needLevel: ColumnType<string | null, string | null | undefined, string | null>
  /** A likely duplicate joined to the first contact about the child. */
  duplicateOfId: ColumnType<string | null, string | null | undefined, string | null>
  joinedBy: ColumnType<string | null, string | null | undefined, string | null>
  joinedAt: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export interface ReferralChildTable {
  id: Generated<string>
  partnershipId: string
  referralId: string
  position: number
  givenName: string
  familyName: string | null
  birthDate: IsoDate | null
  approximateAge: number | null
  address: string | null
  postcode: string | null
  /** The children module's record, once the front door has linked the child to one. */
  childId: string | null
  /** The latest earlier referral of the same child within 12 months, found on linking. */
  previousReferralOn: ColumnType<IsoDate | null, IsoDate | null | undefined, IsoDate | null>
  linkedBy: ColumnType<string | null, string | null | undefined, string | null>
  linkedAt: ColumnType<Date | null, Date | null | undefined, Date | null>
  /** What the final decision wrote to the child's census record. */
  censusOutcome: ColumnType<CensusOutcome | null, CensusOutcome | null | undefined, CensusOutcome>
}

export interface FrontDoorSettingTable {
  partnershipId: string
  redHours: ColumnType<number, number | undefined, number>
  amberWorkingDays: ColumnType<number, number | undefined, number>
  greenWorkingDays: ColumnType<number, number | undefined, number>
  requiresAuthorisation: ColumnType<boolean, boolean | undefined, boolean>
  /** Working days from the decision within which the child's case is allocated. */
  allocationWorkingDays: ColumnType<number, number | undefined, number>
  /** The levels of the partnership's threshold document, lowest first. */
  needLevels: ColumnType<string[], string[] | undefined, string[]>
  /** What an early help decision writes to the census: a referral with NFA, or nothing. */
  earlyHelpWrites: ColumnType<EarlyHelpWrites, EarlyHelpWrites | undefined, EarlyHelpWrites>
  updatedAt: ColumnType<Date, Date | undefined, Date>
}

/** A check the front door asked of a partner agency about a referral, and its answer. */
export interface ReferralCheckTable {
  id: Generated<string>
  partnershipId: string
  referralId: string
  agencyId: string
  question: string | null
  requestedBy: string
  requestedAt: CreatedAt
  dueAt: Timestamp
  answer: ColumnType<string | null, string | null | undefined, string | null>
  answeredBy: ColumnType<string | null, string | null | undefined, string | null>
  answeredAt: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export interface FrontdoorTables {
  referralDraft: ReferralDraftTable
  referralCounter: ReferralCounterTable
  referral: ReferralTable
  referralChild: ReferralChildTable
  frontDoorSetting: FrontDoorSettingTable
  referralCheck: ReferralCheckTable
}
