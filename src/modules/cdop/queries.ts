/**
 * Child death review figures offered to the dataset, report cards and the annual report (ADR 0005):
 * counts only, never a child's details. Each takes a transaction already bound to the partnership.
 */
import type { Trx } from '../../db/database.js'
import {
  cdopYearFigures,
  publishCdopFigures,
  type CdopYearFigures,
  type PublishedCdopFigures,
} from './figures.js'
import { listReviewFacts } from './repo.js'

export type { CdopYearFigures, PublishedCdopFigures }

/** The financial year starting 1 April `startYear`: notifications, reviews, backlog, categories. */
export async function cdopAnnualFigures(
  trx: Trx,
  { startYear }: { startYear: number },
): Promise<CdopYearFigures> {
  return cdopYearFigures(await listReviewFacts(trx), startYear)
}

/** The same, as it may be published: counts of 1 to 5 shown as `c`, with secondary suppression. */
export async function publishedCdopAnnualFigures(
  trx: Trx,
  { startYear }: { startYear: number },
): Promise<PublishedCdopFigures> {
  return publishCdopFigures(await cdopAnnualFigures(trx, { startYear }))
}

/** Deaths notified in each financial year from `fromYear` to `toYear` (start years). */
export async function cdopNotificationsByYear(
  trx: Trx,
  { fromYear, toYear }: { fromYear: number; toYear: number },
): Promise<{ startYear: number; year: string; notified: number }[]> {
  const facts = await listReviewFacts(trx)
  const result = []
  for (let startYear = fromYear; startYear <= toYear; startYear++) {
    const figures = cdopYearFigures(facts, startYear)
    result.push({ startYear, year: figures.year, notified: figures.notified })
  }
  return result
}
