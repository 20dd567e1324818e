import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
/** Calendar dates are 'YYYY-MM-DD' strings all the way through. */
type IsoDate = string

export type PlaceOfDeath = 'hospital' | 'home' | 'hospice' | 'public-place' | 'abroad' | 'other'
export type DeathKind = 'expected' | 'unexpected'
export type ModifiableFactors = 'identified' | 'none-identified' | 'inadequate-information'
export type RecommendationCategory =
  | 'safe-sleeping'
  | 'road-safety'
  | 'water-safety'
  | 'home-safety'
  | 'health-services'
  | 'mental-health'
  | 'safeguarding-practice'
  | 'public-awareness'
  | 'other'

export interface CdopNotificationTable {
  id: Generated<string>
  partnershipId: string
  reference: string
  childId: string | null
  childName: string
  dateOfBirth: IsoDate | null
  sex: 'female' | 'male' | 'unknown' | null
  dateOfDeath: IsoDate
  placeOfDeath: PlaceOfDeath
  notifiedOn: IsoDate
  notifyingAgency: string
  deathKind: DeathKind
  residentInArea: boolean
  diedInArea: boolean
  cdrMeetingOn: IsoDate | null
  panelMeetingOn: IsoDate | null
  reviewCompletedOn: IsoDate | null
  applicableCategories: ColumnType<number[], number[] | undefined, number[]>
  category: number | null
  categoryReason: string | null
  modifiableFactors: ModifiableFactors | null
  modifiableFactorsNotes: string | null
  caseReviewReferredOn: IsoDate | null
  caseReviewReference: string | null
  recordedBy: string | null
  createdAt: CreatedAt
}

export interface CdopInformationRequestTable {
  id: Generated<string>
  partnershipId: string
  notificationId: string
  agencyName: string
  requestedOn: IsoDate
  dueOn: IsoDate
  receivedOn: IsoDate | null
  recordedAt: CreatedAt
}

export interface CdopRecommendationTable {
  id: Generated<string>
  partnershipId: string
  notificationId: string
  category: RecommendationCategory
  text: string
  recordedAt: CreatedAt
}

export interface CdopTables {
  cdopNotification: CdopNotificationTable
  cdopInformationRequest: CdopInformationRequestTable
  cdopRecommendation: CdopRecommendationTable
}
