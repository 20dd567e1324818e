/**
 * Typed records of one Children in Need census return, as read from its XML.
 *
 * Codes are kept exactly as written in the file (so that the rules can report an unknown code
 * with the value the local authority sent), dates are 'YYYY-MM-DD' strings, and a date that is
 * missing, malformed or impossible is `undefined` (the reader reports why, with its line).
 */
import type { IsoDate } from '../../platform/working-days.js'

export type { IsoDate }

export interface CensusHeader {
  collection?: string
  year?: string
  referenceDate?: IsoDate
  /** The ReferenceDate as written, when it is not a valid date. */
  referenceDateText?: string
  sourceLevel?: string
  lea?: string
  softwareCode?: string
  release?: string
  serialNo?: string
  dateTime?: string
}

export type Sex = 'M' | 'F' | 'U'

export interface ChildIdentifiers {
  laChildId?: string
  upn?: string
  formerUpn?: string
  upnUnknown?: string
  personBirthDate?: IsoDate
  expectedPersonBirthDate?: IsoDate
  /** The 2024/25 `Sex` element as written (M, F or U when valid). */
  sexElement?: string
  /** The pre-2024/25 `GenderCurrent` element as written (1, 2, 0 or 9 when valid). */
  genderCurrent?: string
  /** Sex from whichever element the file carries: GenderCurrent 1 = M, 2 = F, 0 and 9 = U. */
  sex?: Sex
  personDeathDate?: IsoDate
}

export interface Assessment {
  startDate?: IsoDate
  internalReviewDate?: IsoDate
  authorisationDate?: IsoDate
  /** `undefined` when the assessment has no factors; otherwise the codes as written. */
  factors?: string[]
}

export interface CinPlan {
  startDate?: IsoDate
  endDate?: IsoDate
}

export interface Section47 {
  startDate?: IsoDate
  icpcTargetDate?: IsoDate
  dateOfInitialCpc?: IsoDate
  /** Raw yes/no value: true, false, TRUE, FALSE, 1 or 0 when valid. */
  icpcNotRequired?: string
}

export interface ChildProtectionPlan {
  startDate?: IsoDate
  endDate?: IsoDate
  initialCategoryOfAbuse?: string
  latestCategoryOfAbuse?: string
  numberOfPreviousCpp?: string
  /** Every CPPreviewDate; `undefined` marks a review element with no valid date. */
  reviewDates: (IsoDate | undefined)[]
}

/** The 2025/26 pre-proceedings and family group decision-making items (no rules yet). */
export interface PreProceedings {
  ppStartDate?: IsoDate
  lbpSentDate?: IsoDate
  fgdmMeetingOffer?: string
  fgdmMeetingFac?: string
  initialPpMeetingDate?: IsoDate
  reviewMeetingsCount?: string
  stepDecisionDate?: IsoDate
  ppOutcome?: string
  courtAppDate?: IsoDate
  letterInitCpDate?: IsoDate
}

export interface CinEpisode {
  referralDate?: IsoDate
  referralSource?: string
  primaryNeedCode?: string
  closureDate?: IsoDate
  reasonForClosure?: string
  dateOfInitialCpc?: IsoDate
  /** Raw yes/no value: true, false, TRUE, FALSE, 1 or 0 when valid. */
  referralNfa?: string
  assessments: Assessment[]
  cinPlans: CinPlan[]
  section47s: Section47[]
  childProtectionPlans: ChildProtectionPlan[]
  preProceedings: PreProceedings[]
}

export interface CensusChild {
  /** Line of the `<Child>` start tag. */
  line: number
  identifiers: ChildIdentifiers
  ethnicity?: string
  disabilities: string[]
  episodes: CinEpisode[]
}

/** Census yes/no values: the XSD allows true, false, TRUE, FALSE, 1 and 0. */
export function parseYesNo(value: string | undefined): boolean | undefined {
  switch (value?.toLowerCase()) {
    case 'true':
    case '1':
      return true
    case 'false':
    case '0':
      return false
    default:
      return undefined
  }
}

const SEX_FROM_GENDER_CURRENT: Record<string, Sex> = { '1': 'M', '2': 'F', '0': 'U', '9': 'U' }

export function sexFrom(sexElement?: string, genderCurrent?: string): Sex | undefined {
  if (sexElement === 'M' || sexElement === 'F' || sexElement === 'U') return sexElement
  if (genderCurrent === undefined) return undefined
  return SEX_FROM_GENDER_CURRENT[genderCurrent]
}
