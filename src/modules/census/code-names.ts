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

/** The CIN census assessment factors (2024 to 2025), in the words of the census guide. */
export const ASSESSMENT_FACTOR_NAMES: Readonly<Record<string, string>> = {
  '1A': 'Alcohol misuse: the child',
  '1B': 'Alcohol misuse: parent or carer',
  '1C': 'Alcohol misuse: another person in the household',
  '2A': 'Drug misuse: the child',
  '2B': 'Drug misuse: parent or carer',
  '2C': 'Drug misuse: another person in the household',
  '3A': 'Domestic abuse: the child',
  '3B': 'Domestic abuse: parent or carer',
  '3C': 'Domestic abuse: another person in the household',
  '4A': 'Mental health: the child',
  '4B': 'Mental health: parent or carer',
  '4C': 'Mental health: another person in the household',
  '5A': 'Learning disability: the child',
  '5B': 'Learning disability: parent or carer',
  '5C': 'Learning disability: another person in the household',
  '6A': 'Physical disability or illness: the child',
  '6B': 'Physical disability or illness: parent or carer',
  '6C': 'Physical disability or illness: another person in the household',
  '7A': 'Young carer',
  '8B': 'Privately fostered: overseas child who intends to return',
  '8C': 'Privately fostered: overseas child who intends to stay',
  '8D': 'Privately fostered: UK child in an educational placement',
  '8E': 'Privately fostered: UK child making alternative family arrangements',
  '8F': 'Privately fostered: other',
  '9A': 'Unaccompanied asylum-seeking child',
  '10A': 'Going missing',
  '11A': 'Child sexual exploitation',
  '12A': 'Trafficking',
  '13A': 'Gangs',
  '14A': 'Socially unacceptable behaviour',
  '15A': 'Self-harm',
  '16A': 'Neglect',
  '17A': 'Emotional abuse',
  '18B': 'Physical abuse: child on child',
  '18C': 'Physical abuse: adult on child',
  '19B': 'Sexual abuse: child on child',
  '19C': 'Sexual abuse: adult on child',
  '20': 'Other',
  '21': 'No factors identified',
  '22A': 'Female genital mutilation',
  '23A': 'Abuse linked to faith or belief',
  '24A': 'Child criminal exploitation',
}

/** "Neglect (NEG)"; a code without a name is shown as it is. */
export function codeInWords(names: Readonly<Record<string, string>>, code: string): string {
  const name = names[code]
  return name ? `${name} (${code})` : code
}
