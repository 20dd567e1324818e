import { toDayNumber } from '../../platform/working-days.js'
import { categoryName } from './categories.js'
import { suppressCount, suppressSeries, type Published } from '../../platform/suppression.js'
import type { ModifiableFactors } from './table.js'
import { financialYear } from '../../platform/annual-figures.js'

/** What the figures need of each notification. */
export interface ReviewFacts {
  notifiedOn: string
  deathKind: 'expected' | 'unexpected'
  reviewCompletedOn: string | null
  category: number | null
  modifiableFactors: ModifiableFactors | null
}

export interface CategoryShare {
  category: number | null
  name: string
  count: number
  percent: number
}

export interface CdopYearFigures {
  /** '2016/17': 1 April 2016 to 31 March 2017. */
  year: string
  from: string
  to: string
  notified: number
  notifiedExpected: number
  notifiedUnexpected: number
  reviewsCompleted: number
  /** Notified by 31 March and not reviewed by then: the panel's backlog. */
  ongoingAtYearEnd: number
  /** Of the backlog, notified more than a year before 31 March. */
  ongoingOverOneYear: number
  /** Of every death notified since records began, the share reviewed by 31 March. */
  percentNotificationsReviewed: number
  modifiableFactors: { identified: number; noneIdentified: number; inadequateInformation: number }
  percentWithModifiableFactors: number
  categories: CategoryShare[]
  /** Days from notification to the completed review, for the year's reviews. */
  medianDaysToReview: number | null
}

/** Whole percentages that add up to 100: the largest remainders take the spare points. */
export function roundedShares(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0)
  if (total === 0) return counts.map(() => 0)
  const exact = counts.map(count => (count * 100) / total)
  const shares = exact.map(Math.floor)
  let spare = 100 - shares.reduce((sum, share) => sum + share, 0)
  const order = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index)
  for (const { index } of order) {
    if (spare <= 0) break
    shares[index] = (shares[index] ?? 0) + 1
    spare -= 1
  }
  return shares
}

export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part * 100) / whole)
}

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? null)
    : Math.round(((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2)
}

const within = (date: string | null, from: string, to: string) =>
  date !== null && date >= from && date <= to

export function cdopYearFigures(rows: readonly ReviewFacts[], startYear: number): CdopYearFigures {
  const { year, from, to } = financialYear(startYear)
  const notified = rows.filter(row => within(row.notifiedOn, from, to))
  const completed = rows.filter(row => within(row.reviewCompletedOn, from, to))
  const notifiedByEnd = rows.filter(row => row.notifiedOn <= to)
  const reviewedByEnd = notifiedByEnd.filter(
    row => row.reviewCompletedOn !== null && row.reviewCompletedOn <= to,
  )
  const ongoing = notifiedByEnd.filter(
    row => row.reviewCompletedOn === null || row.reviewCompletedOn > to,
  )
  const yearBefore = `${startYear}-03-31`
  const factor = (value: ModifiableFactors) =>
    completed.filter(row => row.modifiableFactors === value).length

  const byCategory = new Map<number | null, number>()
  for (const row of completed) byCategory.set(row.category, (byCategory.get(row.category) ?? 0) + 1)
  const entries = [...byCategory.entries()].sort(
    ([a, countA], [b, countB]) => countB - countA || (a ?? 99) - (b ?? 99),
  )
  const shares = roundedShares(entries.map(([, count]) => count))

  return {
    year,
    from,
    to,
    notified: notified.length,
    notifiedExpected: notified.filter(row => row.deathKind === 'expected').length,
    notifiedUnexpected: notified.filter(row => row.deathKind === 'unexpected').length,
    reviewsCompleted: completed.length,
    ongoingAtYearEnd: ongoing.length,
    ongoingOverOneYear: ongoing.filter(row => row.notifiedOn <= yearBefore).length,
    percentNotificationsReviewed: percent(reviewedByEnd.length, notifiedByEnd.length),
    modifiableFactors: {
      identified: factor('identified'),
      noneIdentified: factor('none-identified'),
      inadequateInformation: factor('inadequate-information'),
    },
    percentWithModifiableFactors: percent(factor('identified'), completed.length),
    categories: entries.map(([category, count], index) => ({
      category,
      name: categoryName(category),
      count,
      percent: shares[index] ?? 0,
    })),
    medianDaysToReview: median(
      completed.map(row => toDayNumber(row.reviewCompletedOn ?? '') - toDayNumber(row.notifiedOn)),
    ),
  }
}

/** The year's figures as they may leave the partnership: counts of 1 to 5 shown as `c`. */
export interface PublishedCdopFigures {
  year: string
  notified: Published
  reviewsCompleted: Published
  ongoingAtYearEnd: Published
  modifiableFactors: {
    identified: Published
    noneIdentified: Published
    inadequateInformation: Published
  }
  categories: { name: string; count: Published }[]
}

const PUBLISHED = { publish: true }

/** One row of counts whose total is published beside it (secondary suppression). */
function suppressRow(counts: readonly number[]): Published[] {
  return suppressSeries(counts, { publish: true, total: true }).values
}

export function publishCdopFigures(figures: CdopYearFigures): PublishedCdopFigures {
  const factors = figures.modifiableFactors
  const [identified = 0, noneIdentified = 0, inadequateInformation = 0] = suppressRow([
    factors.identified,
    factors.noneIdentified,
    factors.inadequateInformation,
  ])
  const categoryCells = suppressRow(figures.categories.map(share => share.count))
  return {
    year: figures.year,
    notified: suppressCount(figures.notified, PUBLISHED),
    reviewsCompleted: suppressCount(figures.reviewsCompleted, PUBLISHED),
    ongoingAtYearEnd: suppressCount(figures.ongoingAtYearEnd, PUBLISHED),
    modifiableFactors: { identified, noneIdentified, inadequateInformation },
    categories: figures.categories.map((share, index) => ({
      name: share.name,
      count: categoryCells[index] ?? 0,
    })),
  }
}
