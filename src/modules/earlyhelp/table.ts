import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>
/** Calendar dates are 'YYYY-MM-DD' strings all the way through. */
type IsoDate = string

export type EarlyHelpEndReason =
  'needs-met' | 'stepped-up' | 'family-declined' | 'moved-away' | 'other'

/** An early help episode (SSD ssd_early_help_episodes): separate from a CIN episode. */
export interface EarlyHelpEpisodeTable {
  id: Generated<string>
  partnershipId: string
  childId: string
  /** The front door referral whose decision started it, when there was one. */
  referralId: string | null
  startDate: IsoDate
  reason: string
  leadAgencyId: Nullable<string>
  leadProfessional: Nullable<string>
  familyPlan: Nullable<string>
  familyPlanAgreedOn: Nullable<IsoDate>
  endDate: Nullable<IsoDate>
  endReason: Nullable<EarlyHelpEndReason>
  endNotes: Nullable<string>
  createdBy: string
  createdAt: CreatedAt
}

export interface EarlyHelpReviewTable {
  id: Generated<string>
  partnershipId: string
  episodeId: string
  heldOn: IsoDate
  notes: string
  nextReviewOn: IsoDate | null
  recordedBy: string
  recordedAt: CreatedAt
}

export interface EarlyhelpTables {
  earlyHelpEpisode: EarlyHelpEpisodeTable
  earlyHelpReview: EarlyHelpReviewTable
}
