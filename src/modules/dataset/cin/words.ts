/** The words for the codes the CIN figures are broken down by (primary needs take the census's own names). */

/** Referral sources grouped as DfE publishes them (the census guide's codes 1A to 10). */
export function referralSourceGroup(code: string | null): string {
  if (!code) return 'Not recorded'
  const groups: [RegExp, string][] = [
    [/^1/, 'Individuals'],
    [/^2A$/, 'Schools'],
    [/^2/, 'Education services'],
    [/^3/, 'Health services'],
    [/^4$/, 'Housing'],
    [/^5/, 'Local authority services'],
    [/^6$/, 'Police'],
    [/^7$/, 'Other legal agency'],
    [/^8$/, 'Other'],
    [/^9$/, 'Anonymous'],
    [/^10$/, 'Unknown'],
  ]
  return groups.find(([pattern]) => pattern.test(code))?.[1] ?? `Code ${code}`
}

export const CATEGORY_WORDS: Readonly<Record<string, string>> = {
  NEG: 'Neglect',
  PHY: 'Physical abuse',
  SAB: 'Sexual abuse',
  EMO: 'Emotional abuse',
  MUL: 'Multiple categories',
}

export const END_REASON_WORDS: Readonly<Record<string, string>> = {
  'no-longer-at-risk': 'No longer at risk (stepped down)',
  'looked-after': 'Became looked after (into care)',
  'moved-area': 'Moved to another area',
  'reached-18': 'Reached 18',
  died: 'Died',
  other: 'Other',
}

export function sexWords(code: string | null): string {
  switch (code) {
    case 'M':
    case '1':
      return 'Male'
    case 'F':
    case '2':
      return 'Female'
    default:
      return 'Not known or not stated'
  }
}

export function ethnicityGroup(code: string | null): string {
  if (!code || code === 'NOBT') return 'Not obtained'
  if (code === 'REFU') return 'Refused'
  const groups: Record<string, string> = {
    W: 'White',
    M: 'Mixed',
    A: 'Asian or Asian British',
    B: 'Black or Black British',
    C: 'Chinese',
    O: 'Any other ethnic group',
  }
  return groups[code[0] ?? ''] ?? 'Not obtained'
}

export function words(map: Readonly<Record<string, string>>, code: string | null): string {
  if (!code) return 'Not recorded'
  return map[code] ?? `Code ${code}`
}
