import type { Trx } from '../../../db/database.js'
import type { Cell, ContentSection } from '../content.js'

/** The financial year a report covers: 1 April `startYear` to 31 March the year after. */
export interface YearScope {
  partnershipId: string
  startYear: number
}

export const yearLabel = (startYear: number) =>
  `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`
export const periodOf = (startYear: number) => ({
  from: `${startYear}-04-01`,
  to: `${startYear + 1}-03-31`,
})

export type BlockContent = Pick<ContentSection, 'summary' | 'tables' | 'charts' | 'notes'>
export type Block = { title: string; read: (trx: Trx, scope: YearScope) => Promise<BlockContent> }

export const empty = (note: string): BlockContent => ({
  summary: [],
  tables: [],
  charts: [],
  notes: [note],
})
export const count = (n: number): Cell => ({ count: n })
export const pct = (value: number | null, numerator?: number, denominator?: number): Cell =>
  value === null
    ? 'No data'
    : {
        value,
        unit: '%',
        ...(numerator === undefined
          ? {}
          : { from: { numerator, ...(denominator === undefined ? {} : { denominator }) } }),
      }
