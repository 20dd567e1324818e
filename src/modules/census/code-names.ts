/**
 * The CIN census guide's names for the codes people read on pages (issue 19 point 5): each code
 * is shown as its words with the code in brackets, "Neglect (NEG)", as workers know the codes.
 */

export const REASON_FOR_CLOSURE_NAMES: Readonly<Record<string, string>> = {
  RC1: 'Adopted',
  RC2: 'Died',
  RC3: 'Child arrangements order',
  RC4: 'Special guardianship order',
  RC5: 'Transferred to another local authority',
  RC6: 'Transferred to adult social care',
  RC7: 'Services ceased for any other reason, including no longer in need',
  RC8: 'Case closed after assessment, no further action',
  RC9: 'Case closed after assessment, referred to early help',
}

export const CATEGORY_OF_ABUSE_NAMES: Readonly<Record<string, string>> = {
  NEG: 'Neglect',
  PHY: 'Physical abuse',
  SAB: 'Sexual abuse',
  EMO: 'Emotional abuse',
  MUL: 'Multiple',
}

export const ETHNICITY_NAMES: Readonly<Record<string, string>> = {
  WBRI: 'White British',
  WIRI: 'White Irish',
  WIRT: 'Traveller of Irish heritage',
  WOTH: 'Any other White background',
  WROM: 'Gypsy or Roma',
  MWBC: 'White and Black Caribbean',
  MWBA: 'White and Black African',
  MWAS: 'White and Asian',
  MOTH: 'Any other mixed background',
  AIND: 'Indian',
  APKN: 'Pakistani',
  ABAN: 'Bangladeshi',
  AOTH: 'Any other Asian background',
  BCRB: 'Black Caribbean',
  BAFR: 'Black African',
  BOTH: 'Any other Black background',
  CHNE: 'Chinese',
  OOTH: 'Any other ethnic group',
  REFU: 'Refused',
  NOBT: 'Information not yet obtained',
}

export const DISABILITY_NAMES: Readonly<Record<string, string>> = {
  NONE: 'No disability',
  MOB: 'Mobility',
  HAND: 'Hand function',
  PC: 'Personal care',
  INC: 'Incontinence',
  COMM: 'Communication',
  LD: 'Learning',
  HEAR: 'Hearing',
  VIS: 'Vision',
  BEH: 'Behaviour',
  CON: 'Consciousness',
  AUT: 'Autism or Asperger syndrome',
  DDA: 'Other disability',
}

/** "Neglect (NEG)"; a code without a name is shown as it is. */
export function codeInWords(names: Readonly<Record<string, string>>, code: string): string {
  const name = names[code]
  return name ? `${name} (${code})` : code
}
