import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>

export interface TrnSettingsTable {
  partnershipId: string
  cancelCutoffDays: Generated<number>
  offerHours: Generated<number>
  noShowChargePence: Generated<number>
  lateCancelChargePence: Generated<number>
}

export interface TrnCourseTable {
  id: Generated<string>
  partnershipId: string
  title: string
  level: string
  audience: string
  outcomes: string
  competencies: string | null
  durationMinutes: number
  trainerRequirements: string | null
  needsApproval: Generated<boolean>
  createdAt: CreatedAt
}

export interface TrnEventTable {
  id: Generated<string>
  partnershipId: string
  courseId: string
  startsOn: string
  startTime: string
  venue: string
  online: Generated<boolean>
  capacity: number
  trainers: string | null
  status: Generated<string>
  createdAt: CreatedAt
}

export interface TrnReservationTable {
  id: Generated<string>
  partnershipId: string
  eventId: string
  agencyId: string
  places: number
}

export interface TrnBookingTable {
  id: Generated<string>
  partnershipId: string
  eventId: string
  userId: string | null
  name: string
  email: string
  agencyId: string
  jobRole: string
  status: string
  offerExpiresAt: Date | null
  attendance: string | null
  cancelledAt: Date | null
  lateCancellation: Generated<boolean>
  chargePence: Generated<number>
  createdAt: CreatedAt
  waitingSince: Date | null
}

export interface TrnBookingTokenTable {
  id: Generated<string>
  partnershipId: string
  bookingId: string
  purpose: string
  tokenHash: string
  expiresAt: Date
  usedAt: Date | null
}

export interface TrnEvaluationTable {
  id: Generated<string>
  partnershipId: string
  bookingId: string
  kind: string
  sentAt: Generated<Date>
  completedAt: Date | null
  rating: number | null
  comments: string | null
  impact: boolean | null
  impactText: string | null
  linkedActionId: string | null
}

export interface TrnRequirementTable {
  id: Generated<string>
  partnershipId: string
  agencyId: string
  delegatesPerYear: number
}

export interface TrnTrainerTable {
  id: Generated<string>
  partnershipId: string
  name: string
  agencyId: string
  accreditedOn: string
  active: Generated<boolean>
  createdAt: CreatedAt
}

export interface TrnDeliveryTable {
  id: Generated<string>
  partnershipId: string
  courseId: string
  trainerId: string
  agencyId: string
  deliveredOn: string
  delegates: number
  createdAt: CreatedAt
}

export interface TrnObservationTable {
  id: Generated<string>
  partnershipId: string
  deliveryId: string
  observedOn: string
  observer: string
  grade: string
  notes: string | null
}

export interface TrainingTables {
  trnSettings: TrnSettingsTable
  trnCourse: TrnCourseTable
  trnEvent: TrnEventTable
  trnReservation: TrnReservationTable
  trnBooking: TrnBookingTable
  trnBookingToken: TrnBookingTokenTable
  trnEvaluation: TrnEvaluationTable
  trnRequirement: TrnRequirementTable
  trnTrainer: TrnTrainerTable
  trnDelivery: TrnDeliveryTable
  trnObservation: TrnObservationTable
}
