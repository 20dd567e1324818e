/** The collection years Keepsafe has rules for: kept apart from the rules so commands load fast. */
export const COLLECTION_YEARS = ['2022-23', '2023-24', '2024-25'] as const
export type CollectionYear = (typeof COLLECTION_YEARS)[number]

export const LATEST_COLLECTION_YEAR: CollectionYear = '2024-25'

export function isCollectionYear(value: string): value is CollectionYear {
  return (COLLECTION_YEARS as readonly string[]).includes(value)
}
