import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>
/** Calendar dates are 'YYYY-MM-DD' strings all the way through. */
type IsoDate = string

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
  createdAt: CreatedAt
  updatedAt: UpdatedAt
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
}

export interface CinPlanTable {
  id: Generated<string>
  partnershipId: string
  episodeId: string
  startDate: IsoDate
  endDate: IsoDate | null
}

export interface Section47Table {
  id: Generated<string>
  partnershipId: string
  episodeId: string
  startDate: IsoDate
  icpcTargetDate: IsoDate | null
  dateOfInitialCpc: IsoDate | null
  icpcNotRequired: boolean | null
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
  cinEpisode: CinEpisodeTable
  assessment: AssessmentTable
  cinPlan: CinPlanTable
  section47: Section47Table
  childProtectionPlan: ChildProtectionPlanTable
  preProceedings: PreProceedingsTable
}
