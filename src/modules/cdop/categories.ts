/**
 * The ten categories of the national child death analysis form, in its order of rank: when more
 * than one applies, the panel records the highest (the lowest number), so that each death is
 * counted once and the same way in every area.
 */
export const CATEGORY_NAMES: Record<number, string> = {
  1: 'Deliberately inflicted injury, abuse or neglect',
  2: 'Suicide or deliberate self-inflicted harm',
  3: 'Trauma and other external factors',
  4: 'Malignancy',
  5: 'Acute medical or surgical condition',
  6: 'Chronic medical condition',
  7: 'Chromosomal, genetic and congenital anomalies',
  8: 'Perinatal/neonatal event',
  9: 'Infection',
  10: 'Sudden unexpected, unexplained death',
}

export const CATEGORY_NUMBERS = Object.keys(CATEGORY_NAMES).map(Number)

/** How figures name a completed review recorded without a category (before the national form). */
export const UNKNOWN_CATEGORY = 'Unknown'

export function isCategory(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 10
}

/** The category the form records: the highest ranked of those that apply, or null when none does. */
export function rankedCategory(applicable: readonly number[]): number | null {
  const valid = applicable.filter(isCategory)
  return valid.length === 0 ? null : Math.min(...valid)
}

export function categoryName(category: number | null): string {
  return category === null ? UNKNOWN_CATEGORY : (CATEGORY_NAMES[category] ?? UNKNOWN_CATEGORY)
}
