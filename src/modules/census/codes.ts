/** CIN census code sets, from the DfE XSDs (2017 to 2024/25). */

function codeSet(codes: string): ReadonlySet<string> {
  return new Set(codes.trim().split(/\s+/))
}

export const ETHNICITY_CODES = codeSet(`
  WBRI WIRI WIRT WOTH WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE OOTH REFU NOBT
`)

export const DISABILITY_CODES = codeSet('NONE MOB HAND PC INC COMM LD HEAR VIS BEH CON AUT DDA')

// 5D (LA early help) arrived in 2023; the reference rule sets accept it in every year.
export const REFERRAL_SOURCE_CODES = codeSet(
  '1A 1B 1C 1D 2A 2B 3A 3B 3C 3D 3E 3F 4 5A 5B 5C 5D 6 7 8 9 10',
)

export const PRIMARY_NEED_CODES = codeSet('N0 N1 N2 N3 N4 N5 N6 N7 N8 N9')

export const REASON_FOR_CLOSURE_CODES = codeSet('RC1 RC2 RC3 RC4 RC5 RC6 RC7 RC8 RC9')

export const CATEGORY_OF_ABUSE_CODES = codeSet('NEG PHY SAB EMO MUL')

// 18A and 19A were replaced by 18B/18C and 19B/19C in 2021; they stay recognised so that
// queries 8945Q and 8950Q, not the reader, speak about them.
export const ASSESSMENT_FACTOR_CODES = codeSet(`
  1A 1B 1C 2A 2B 2C 3A 3B 3C 4A 4B 4C 5A 5B 5C 6A 6B 6C 7A 8B 8C 8D 8E 8F 9A 10A 11A 12A 13A
  14A 15A 16A 17A 18A 18B 18C 19A 19B 19C 20 21 22A 23A 24A
`)

export const UPN_UNKNOWN_CODES = codeSet('UN1 UN2 UN3 UN4 UN5 UN6 UN7')

export const SEX_CODES = codeSet('M F U')

export const GENDER_CURRENT_CODES = codeSet('1 2 0 9')

export const YES_NO_VALUES = codeSet('true false TRUE FALSE 1 0')

/** The census guide's names for the referral sources, in code order. */
export const REFERRAL_SOURCE_NAMES: Readonly<Record<string, string>> = {
  '1A': 'Individual: family member, relative or carer',
  '1B': 'Individual: acquaintance (including neighbours and childminders)',
  '1C': 'Individual: self',
  '1D': 'Individual: other',
  '2A': 'Schools',
  '2B': 'Education services',
  '3A': 'Health services: GP',
  '3B': 'Health services: health visitor',
  '3C': 'Health services: school nurse',
  '3D': 'Health services: other primary health services',
  '3E': 'Health services: A&E (emergency department)',
  '3F': 'Health services: other',
  '4': 'Housing (local authority housing or housing association)',
  '5A': 'Local authority services: social care (for example adult social care)',
  '5B': 'Local authority services: other internal',
  '5C': 'Local authority services: external (for example another local authority)',
  '5D': 'Local authority services: early help',
  '6': 'Police',
  '7': 'Other legal agency (including courts, probation, immigration, Cafcass and prison)',
  '8': 'Other (including children’s centres, independent providers and voluntary organisations)',
  '9': 'Anonymous',
  '10': 'Unknown',
}

/** The census guide's names for the primary need codes. */
export const PRIMARY_NEED_NAMES: Readonly<Record<string, string>> = {
  N0: 'Not stated',
  N1: 'Abuse or neglect',
  N2: 'Child’s disability or illness',
  N3: 'Parental disability or illness',
  N4: 'Family in acute stress',
  N5: 'Family dysfunction',
  N6: 'Socially unacceptable behaviour',
  N7: 'Low income',
  N8: 'Absent parenting',
  N9: 'Cases other than children in need',
}
