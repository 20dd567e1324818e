/** Rules on a child's identifiers and characteristics (ChildIdentifiers, ChildCharacteristics). */
import { addCalendarDays } from '../../../platform/working-days.js'
import { DISABILITY_CODES, ETHNICITY_CODES, GENDER_CURRENT_CODES, SEX_CODES } from '../codes.js'
import { parseYesNo } from '../model.js'
import { addMonths, addYears, isAfter, isOutside, perReferenceDate } from './dates.js'
import { childRule } from './types.js'

const UPN_CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ'

/**
 * The check letter of a UPN (DfE "Unique pupil numbers (UPNs)" guidance): characters 2 to 13
 * weighted 2 to 13, summed, modulo 23. A temporary UPN ends in a letter, which counts as its
 * position in the check-letter alphabet (A = 0, B = 1, ...).
 */
export function upnCheckLetter(upn: string): string | undefined {
  if (!/^.\d{11}[A-Za-z\d]$/.test(upn)) return undefined
  let sum = 0
  for (let position = 1; position < 13; position++) {
    const character = upn.charAt(position)
    const value = /\d/.test(character)
      ? Number(character)
      : UPN_CHECK_LETTERS.indexOf(character.toUpperCase())
    if (value < 0) return undefined
    sum += value * (position + 1)
  }
  return UPN_CHECK_LETTERS.charAt(sum % 23)
}

export const rule1510 = childRule({
  code: '1510',
  message: 'UPN invalid (wrong check letter at character 1)',
  fields: ['UPN'],
  check({ identifiers: { upn } }, _context, report) {
    if (upn === undefined) return
    const expected = upnCheckLetter(upn)
    if (expected !== undefined && upn.charAt(0) !== expected) report({ UPN: upn })
  },
})

// Post-April-1998 LA codes and recognised pseudo-LA codes (rule 1530's list).
const LA_CODE_RANGES_2022: readonly (readonly [number, number])[] = [
  [1, 5],
  [201, 213],
  [301, 320],
  [330, 336],
  [340, 344],
  [350, 359],
  [370, 373],
  [380, 384],
  [390, 394],
  [420, 420],
  [660, 681],
  [701, 708],
  [800, 803],
  [805, 808],
  [810, 813],
  [815, 816],
  [820, 823],
  [825, 826],
  [830, 831],
  [835, 841],
  [845, 846],
  [850, 852],
  [855, 857],
  [860, 861],
  [865, 896],
  [908, 909],
  [916, 916],
  [919, 919],
  [921, 921],
  [925, 926],
  [928, 929],
  [931, 931],
  [933, 933],
  [935, 938],
  [940, 941],
]
// 2023/24 adds Cumberland (942) and Westmorland and Furness (943).
const LA_CODE_RANGES_2023: readonly (readonly [number, number])[] = [
  ...LA_CODE_RANGES_2022,
  [942, 943],
]

function isKnownLaCode(code: string, ranges: readonly (readonly [number, number])[]): boolean {
  if (!/^\d{3}$/.test(code)) return false
  const value = Number(code)
  return ranges.some(([first, last]) => value >= first && value <= last)
}

function laCodeRule(ranges: readonly (readonly [number, number])[]) {
  return childRule({
    code: '1530',
    message: 'UPN invalid (characters 2-4 not a recognised LA code)',
    fields: ['UPN'],
    check({ identifiers: { upn } }, _context, report) {
      if (upn?.length === 13 && !isKnownLaCode(upn.slice(1, 4), ranges)) report({ UPN: upn })
    },
  })
}

export const rule1530 = laCodeRule(LA_CODE_RANGES_2023)
export const rule1530For2022 = laCodeRule(LA_CODE_RANGES_2022)

export const rule1540 = childRule({
  code: '1540',
  message: 'UPN invalid (characters 5-12 not all numeric)',
  fields: ['UPN'],
  check({ identifiers: { upn } }, _context, report) {
    if (upn !== undefined && !/^\d{8}$/.test(upn.slice(4, 12))) report({ UPN: upn })
  },
})

export const rule1550 = childRule({
  code: '1550',
  message: 'UPN invalid (character 13 not a recognised value)',
  fields: ['UPN'],
  check({ identifiers: { upn } }, _context, report) {
    // I, O and S are never used, so that they cannot be read as 1, 0 and 5.
    if (upn?.length === 13 && !/[A-HJ-NP-RT-Z0-9]/.test(upn.charAt(12))) report({ UPN: upn })
  },
})

export const rule1560Q = childRule({
  code: '1560Q',
  message: 'Please check and either amend or provide a reason: Former UPN wrongly formatted',
  fields: ['FormerUPN'],
  check({ identifiers: { formerUpn } }, _context, report) {
    // A former UPN has the form of a UPN, permanent or temporary (letter in position 13).
    if (formerUpn !== undefined && !/^[A-Za-z]\d{11}[A-Za-z\d]$/.test(formerUpn)) {
      report({ FormerUPN: formerUpn })
    }
  },
})

export const rule1570 = childRule({
  code: '1570',
  message: 'LA Child ID must not be longer than 20 characters',
  fields: ['LAchildID'],
  check({ identifiers: { laChildId } }, _context, report) {
    if (laChildId !== undefined && laChildId.length > 20) report({ LAchildID: laChildId })
  },
})

export const rule1580 = childRule({
  code: '1580',
  message: 'LA Child ID must not contain any non-alphanumeric characters',
  fields: ['LAchildID'],
  check({ identifiers: { laChildId } }, _context, report) {
    if (laChildId !== undefined && !/^[\p{L}\p{N}]+$/u.test(laChildId)) {
      report({ LAchildID: laChildId })
    }
  },
})

export const rule4180 = childRule({
  code: '4180',
  message: 'Sex must be provided and equal M, F, or U',
  fields: ['Sex'],
  check({ identifiers: { sexElement } }, _context, report) {
    if (sexElement === undefined || !SEX_CODES.has(sexElement)) report({ Sex: sexElement })
  },
})

export const rule4180BeforeSex = childRule({
  code: '4180',
  message: 'Gender is missing',
  fields: ['GenderCurrent'],
  check({ identifiers: { genderCurrent } }, _context, report) {
    if (genderCurrent === undefined || !GENDER_CURRENT_CODES.has(genderCurrent)) {
      report({ GenderCurrent: genderCurrent })
    }
  },
})

export const rule4220 = childRule({
  code: '4220',
  message: 'Ethnicity is missing or invalid (see Ethnicity table)',
  fields: ['Ethnicity'],
  check({ ethnicity }, _context, report) {
    if (ethnicity === undefined || !ETHNICITY_CODES.has(ethnicity)) report({ Ethnicity: ethnicity })
  },
})

export const rule8500 = childRule({
  code: '8500',
  message: 'LA Child ID missing',
  fields: ['LAchildID'],
  check({ identifiers: { laChildId } }, _context, report) {
    if (laChildId === undefined) report({ LAchildID: undefined })
  },
})

export const rule8520 = childRule({
  code: '8520',
  message:
    'Date of Birth is after data collection period (must be on or before the end of the census period)',
  fields: ['PersonBirthDate', 'ReferenceDate'],
  check({ identifiers: { personBirthDate } }, { referenceDate }, report) {
    if (isAfter(personBirthDate, referenceDate)) {
      report({ PersonBirthDate: personBirthDate, ReferenceDate: referenceDate })
    }
  },
})

export const rule8525Q = childRule({
  code: '8525Q',
  message: 'Either Date of Birth or Expected Date of Birth must be provided (but not both)',
  fields: ['PersonBirthDate', 'ExpectedPersonBirthDate'],
  check({ identifiers: { personBirthDate, expectedPersonBirthDate } }, _context, report) {
    if ((personBirthDate === undefined) === (expectedPersonBirthDate === undefined)) {
      report({
        PersonBirthDate: personBirthDate,
        ExpectedPersonBirthDate: expectedPersonBirthDate,
      })
    }
  },
})

// Between ReferenceDate minus 30 days and ReferenceDate plus 9 months, both ends allowed.
const expectedBirthWindow = perReferenceDate(referenceDate => ({
  earliest: addCalendarDays(referenceDate, -30),
  latest: addMonths(referenceDate, 9),
}))

export const rule8530Q = childRule({
  code: '8530Q',
  message:
    'Please check and either amend data or provide a reason: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end)',
  fields: ['ExpectedPersonBirthDate'],
  check({ identifiers: { expectedPersonBirthDate } }, { referenceDate }, report) {
    const { earliest, latest } = expectedBirthWindow(referenceDate)
    if (isOutside(expectedPersonBirthDate, earliest, latest)) {
      report({ ExpectedPersonBirthDate: expectedPersonBirthDate })
    }
  },
})

export const rule8535Q = childRule({
  code: '8535Q',
  message:
    'Please check and either amend data or provide a reason: Child’s date of death should not be prior to the date of birth',
  fields: ['PersonDeathDate', 'PersonBirthDate'],
  check({ identifiers: { personDeathDate, personBirthDate } }, _context, report) {
    if (personDeathDate === undefined) return
    if (personBirthDate === undefined || personBirthDate > personDeathDate) {
      report({ PersonDeathDate: personDeathDate, PersonBirthDate: personBirthDate })
    }
  },
})

export const rule8540 = childRule({
  code: '8540',
  message: 'Child’s disability is missing or invalid (see Disability table)',
  fields: ['Disability', 'PersonBirthDate', 'ReferralNFA'],
  check({ identifiers, disabilities, episodes }, _context, report) {
    // Born children with an episode that went on to further action must have a valid code.
    if (identifiers.personBirthDate === undefined) return
    const furtherAction = episodes.find(episode => parseYesNo(episode.referralNfa) === false)
    if (!furtherAction) return
    const invalid = disabilities.find(code => !DISABILITY_CODES.has(code))
    if (disabilities.length === 0 || invalid !== undefined) {
      report({
        Disability: invalid,
        PersonBirthDate: identifiers.personBirthDate,
        ReferralNFA: furtherAction.referralNfa,
      })
    }
  },
})

export const rule8545Q = childRule({
  code: '8545Q',
  message:
    "Please check and either amend data or provide a reason: Child's date of death should be within the census year",
  fields: ['PersonDeathDate'],
  check({ identifiers: { personDeathDate } }, { collectionStart, referenceDate }, report) {
    if (isOutside(personDeathDate, collectionStart, referenceDate)) {
      report({ PersonDeathDate: personDeathDate })
    }
  },
})

export const rule8590 = childRule({
  code: '8590',
  message: 'Child does not have a recorded CIN episode.',
  fields: ['LAchildID'],
  check({ identifiers: { laChildId }, episodes }, _context, report) {
    if (episodes.length === 0) report({ LAchildID: laChildId })
  },
})

export const rule8750 = childRule({
  code: '8750',
  message: 'Sex must equal U for an unborn child',
  fields: ['Sex', 'PersonBirthDate', 'ExpectedPersonBirthDate'],
  check({ identifiers: { sexElement, personBirthDate, expectedPersonBirthDate } }, _c, report) {
    if (isUnborn(personBirthDate, expectedPersonBirthDate) && sexElement !== 'U') {
      report({
        Sex: sexElement,
        PersonBirthDate: personBirthDate,
        ExpectedPersonBirthDate: expectedPersonBirthDate,
      })
    }
  },
})

export const rule8750BeforeSex = childRule({
  code: '8750',
  message: 'Gender must equal 0 for an unborn child',
  fields: ['GenderCurrent', 'PersonBirthDate', 'ExpectedPersonBirthDate'],
  check({ identifiers: { genderCurrent, personBirthDate, expectedPersonBirthDate } }, _c, report) {
    if (isUnborn(personBirthDate, expectedPersonBirthDate) && genderCurrent !== '0') {
      report({
        GenderCurrent: genderCurrent,
        PersonBirthDate: personBirthDate,
        ExpectedPersonBirthDate: expectedPersonBirthDate,
      })
    }
  },
})

function isUnborn(birthDate: string | undefined, expectedBirthDate: string | undefined): boolean {
  return birthDate === undefined && expectedBirthDate !== undefined
}

const REASONS_UPN_IS_UNKNOWN = new Set(['UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7'])

function missingUpnRule(code: '8770Q', message: string, lastBirthDateOf: (ref: string) => string) {
  const lastBirthDate = perReferenceDate(lastBirthDateOf)
  return childRule({
    code,
    message,
    fields: ['UPN', 'UPNunknown'],
    check({ identifiers, episodes }, { referenceDate }, report) {
      const { upn, upnUnknown, personBirthDate } = identifiers
      if (upn !== undefined || personBirthDate === undefined) return
      if (personBirthDate > lastBirthDate(referenceDate)) return
      if (!episodes.some(episode => parseYesNo(episode.referralNfa) === false)) return
      if (!REASONS_UPN_IS_UNKNOWN.has(upnUnknown?.toUpperCase() ?? '')) {
        report({ UPN: upn, UPNunknown: upnUnknown })
      }
    },
  })
}

// School age from 2024/25: born on or before 31 August six years before the end of the
// academic year in which the census falls (ReferenceDate + 4 months + 31 days - 6 years).
export const rule8770Q = missingUpnRule(
  '8770Q',
  'Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age.',
  referenceDate => addYears(addCalendarDays(addMonths(referenceDate, 4), 31), -6),
)

export const rule8770QBeforeSchoolAge = missingUpnRule(
  '8770Q',
  'Please check and either amend data or provide a reason: UPN or reason UPN missing expected for a child who is more than 5 years old',
  referenceDate => addYears(referenceDate, -6),
)

export const rule8772 = childRule({
  code: '8772',
  message:
    'UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action',
  fields: ['UPNunknown', 'ReferralNFA'],
  check({ identifiers: { upnUnknown }, episodes }, _context, report) {
    if (upnUnknown !== 'UN7') return
    const furtherAction = episodes.find(episode => parseYesNo(episode.referralNfa) !== true)
    if (furtherAction) report({ UPNunknown: upnUnknown, ReferralNFA: furtherAction.referralNfa })
  },
})

const twentyFiveYearsBefore = perReferenceDate(referenceDate => addYears(referenceDate, -25))

export const rule8775Q = childRule({
  code: '8775Q',
  message: 'Please check and either amend data or provide a reason: Child is over 25 years old',
  fields: ['PersonBirthDate', 'CINclosureDate'],
  check({ identifiers: { personBirthDate }, episodes }, { referenceDate }, report) {
    if (personBirthDate === undefined || personBirthDate >= twentyFiveYearsBefore(referenceDate)) {
      return
    }
    const twentyFifthBirthday = addYears(personBirthDate, 25)
    for (const { closureDate } of episodes) {
      if (closureDate === undefined || closureDate > twentyFifthBirthday) {
        report({ PersonBirthDate: personBirthDate, CINclosureDate: closureDate })
      }
    }
  },
})

export const rule8790 = childRule({
  code: '8790',
  message: 'Disability information includes both None and other values',
  fields: ['Disability'],
  check({ disabilities }, _context, report) {
    const isNone = (code: string) => code.toUpperCase() === 'NONE'
    if (disabilities.some(isNone) && !disabilities.every(isNone)) {
      report({ Disability: disabilities.join(' ') })
    }
  },
})

export const rule8794 = childRule({
  code: '8794',
  message: 'Child has two or more disabilities with the same code',
  fields: ['Disability'],
  check({ disabilities }, _context, report) {
    const repeated = disabilities.filter((code, index) => disabilities.indexOf(code) !== index)
    for (const code of new Set(repeated)) report({ Disability: code })
  },
})
