import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>
/** Calendar dates are 'YYYY-MM-DD' strings all the way through. */
type IsoDate = string
/** A nullable column that inserts may leave out. */
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>

export interface ChildTable {
  id: Generated<string>
  partnershipId: string
  laChildId: string
  upn: string | null
  formerUpn: string | null
  upnUnknown: string | null
  birthDate: IsoDate | null
  expectedBirthDate: IsoDate | null
  sex: string | null
  /** The pre-2024/25 GenderCurrent code as last received (1, 2, 0 or 9), kept for older returns. */
  genderCurrent: string | null
  deathDate: IsoDate | null
  ethnicity: string | null
  disabilities: ColumnType<string[], string[] | undefined, string[]>
  givenName: string | null
  familyName: string | null
  /** The current address as a referral gave it, and its postcode normalised ("NB1 2AB"). */
  address: Nullable<string>
  postcode: Nullable<string>
  /** Set when this record was a duplicate, merged into the record kept; it is then hidden. */
  mergedIntoId: Nullable<string>
  mergedAt: Nullable<Date>
  mergedBy: Nullable<string>
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

/** Rows moved from the duplicate, per table. */
export type MergeMovedCounts = Record<string, number>

/** A duplicate record merged into the record kept, with what moved and which values were kept. */
export interface ChildMergeTable {
  id: Generated<string>
  partnershipId: string
  keptChildId: string
  mergedChildId: string
  moved: ColumnType<MergeMovedCounts, string, never>
  /** For each conflicting identifying field, whose value was kept: 'kept' or 'merged'. */
  chosen: ColumnType<Record<string, 'kept' | 'merged'>, string, never>
  reason: string
  mergedBy: string
  mergedAt: CreatedAt
}

export interface CinEpisodeTable {
  id: Generated<string>
  partnershipId: string
  childId: string
  referralDate: IsoDate
  referralSource: string | null
  primaryNeedCode: string | null
  closureDate: IsoDate | null
  reasonForClosure: string | null
  dateOfInitialCpc: IsoDate | null
  referralNfa: boolean | null
  createdAt: CreatedAt
  updatedAt: UpdatedAt
}

export interface AssessmentTable {
  id: Generated<string>
  partnershipId: string
  episodeId: string
  startDate: IsoDate
  internalReviewDate: IsoDate | null
  authorisationDate: IsoDate | null
  /** null when the assessment recorded no factors. */
  factors: string[] | null
  /** Set when the assessment was recorded in Keepsafe: what it decided, who did it. */
  outcome: Nullable<AssessmentOutcome>
  leadWorkerId: Nullable<string>
  submittedBy: Nullable<string>
  submittedAt: Nullable<Date>
  authorisedBy: Nullable<string>
}

export type AssessmentOutcome =
  'no-further-action' | 'cin-plan' | 'strategy-discussion' | 'early-help'
export type CinPlanEndReason =
  'no-longer-in-need' | 'stepped-up' | 'moved-area' | 'looked-after' | 'other'

export interface CinPlanTable {
  id: Generated<string>
  partnershipId: string
  episodeId: string
  startDate: IsoDate
  endDate: IsoDate | null
  reviewDates: ColumnType<IsoDate[], IsoDate[] | undefined, IsoDate[]>
  leadWorkerId: Nullable<string>
  /** The child protection plan this CIN plan stepped down from. */
  startedFromPlanId: Nullable<string>
  endReason: Nullable<CinPlanEndReason>
}

export interface Section47Table {
  id: Generated<string>
  partnershipId: string
  episodeId: string
  startDate: IsoDate
  icpcTargetDate: IsoDate | null
  dateOfInitialCpc: IsoDate | null
  icpcNotRequired: boolean | null
  /** Set when the enquiry was started in Keepsafe rather than imported from a census. */
  strategyDiscussionId: Nullable<string>
  leadWorkerId: Nullable<string>
  completedOn: Nullable<IsoDate>
  outcome: Nullable<'conference' | 'no-conference-cin-plan' | 'no-conference-no-further-action'>
}

export interface ChildProtectionPlanTable {
  id: Generated<string>
  partnershipId: string
  episodeId: string
  startDate: IsoDate
  endDate: IsoDate | null
  initialCategory: string | null
  latestCategory: string | null
  numberOfPreviousPlans: number | null
  reviewDates: ColumnType<IsoDate[], IsoDate[] | undefined, IsoDate[]>
  /** The conferences that made and ended the plan, when Keepsafe recorded them. */
  initialConferenceId: Nullable<string>
  endingConferenceId: Nullable<string>
  endReason: Nullable<
    | 'no-longer-at-risk'
    | 'moved-area'
    | 'looked-after'
    | 'reached-18'
    | 'died'
    | 'other'
    | 'stepped-down'
  >
  endReasonNotes: Nullable<string>
  preBirth: ColumnType<boolean, boolean | undefined, boolean>
  leadWorkerId: Nullable<string>
  teamId: Nullable<string>
}

export interface PreProceedingsTable {
  id: Generated<string>
  partnershipId: string
  episodeId: string
  startDate: IsoDate
  letterBeforeProceedingsDate: IsoDate | null
  fgdmMeetingOffer: string | null
  fgdmMeetingFacilitated: string | null
  initialMeetingDate: IsoDate | null
  reviewMeetingsCount: number | null
  stepDecisionDate: IsoDate | null
  outcome: string | null
  courtApplicationDate: IsoDate | null
  letterInitialCpDate: IsoDate | null
}

export interface ChildrenTables {
  child: ChildTable
  childMerge: ChildMergeTable
  cinEpisode: CinEpisodeTable
  assessment: AssessmentTable
  cinPlan: CinPlanTable
  section47: Section47Table
  childProtectionPlan: ChildProtectionPlanTable
  preProceedings: PreProceedingsTable
}
