import { addCalendarMonths, toDayNumber } from '../../platform/working-days.js'
import { categoryName } from './categories.js'
import {
  DEATH_KIND_NAMES,
  MODIFIABLE_FACTOR_NAMES,
  PLACE_OF_DEATH_NAMES,
  SEX_NAMES,
} from './schema.js'
import type { CdopNotificationTable } from './table.js'
import type { Selectable } from 'kysely'

type Notification = Selectable<CdopNotificationTable>

/** The national child death analysis form's fields, in its order, as the CSV's columns. */
export const EXPORT_HEADER = [
  'Case reference',
  'Date of notification',
  'Date of death',
  'Age group at death',
  'Sex',
  'Place of death',
  'Expected or unexpected death',
  'Resident in the area',
  'Died in the area',
  'Notifying agency',
  'Date of child death review meeting',
  'Date of panel review',
  'Date review completed',
  'Category number',
  'Category of death',
  'Reason for category',
  'Modifiable factors',
  'Referred for case review screening',
]

/** The age bands the national form counts deaths in. */
export function ageGroup(dateOfBirth: string | null, dateOfDeath: string): string {
  if (!dateOfBirth) return 'Not known'
  const days = toDayNumber(dateOfDeath) - toDayNumber(dateOfBirth)
  if (days < 28) return '0 to 27 days'
  if (dateOfDeath < addCalendarMonths(dateOfBirth, 12)) return '28 to 364 days'
  const years = [18, 15, 10, 5].find(age => dateOfDeath >= addCalendarMonths(dateOfBirth, age * 12))
  if (years === 18) return '18 or over'
  if (years === 15) return '15 to 17 years'
  if (years === 10) return '10 to 14 years'
  if (years === 5) return '5 to 9 years'
  return '1 to 4 years'
}

const yesNo = (value: boolean) => (value ? 'Yes' : 'No')

export function exportRow(row: Notification): unknown[] {
  return [
    row.reference,
    row.notifiedOn,
    row.dateOfDeath,
    ageGroup(row.dateOfBirth, row.dateOfDeath),
    row.sex ? SEX_NAMES[row.sex] : 'Not known',
    PLACE_OF_DEATH_NAMES[row.placeOfDeath],
    DEATH_KIND_NAMES[row.deathKind],
    yesNo(row.residentInArea),
    yesNo(row.diedInArea),
    row.notifyingAgency,
    row.cdrMeetingOn ?? '',
    row.panelMeetingOn ?? '',
    row.reviewCompletedOn ?? '',
    row.category ?? '',
    row.reviewCompletedOn ? categoryName(row.category) : '',
    row.categoryReason ?? '',
    row.modifiableFactors ? MODIFIABLE_FACTOR_NAMES[row.modifiableFactors] : '',
    row.caseReviewReferredOn ?? 'No',
  ]
}
