/**
 * Child death records generated to match a partnership's published figures: how many deaths were
 * notified each year, and for each year the reviews the panel completed with their categories and
 * modifiable-factors judgements. Reviews take the oldest unreviewed notifications first, as a panel
 * works its backlog. Used by the demo data and by the tests that reproduce the seeds' figures.
 */
import type { Trx } from '../../db/database.js'
import type { SeededRandom } from '../../platform/random.js'
import { addCalendarDays, fromDayNumber, toDayNumber } from '../../platform/working-days.js'
import { categoryName } from './categories.js'
import { financialYear } from '../../platform/annual-figures.js'
import type { NewNotification } from './repo.js'
import type { ModifiableFactors } from './table.js'

export interface ReviewYear {
  /** [category (null: recorded before the national categories), count] */
  categories: [number | null, number][]
  factors: { identified: number; noneIdentified: number; inadequateInformation: number }
}

export interface CdopHistory {
  /** Deaths notified in each financial year, by the year it starts. */
  notifiedByYear: Record<number, number>
  /** Reviews completed in each financial year, by the year it starts. */
  reviewsByYear: Record<number, ReviewYear>
}

const NAMES = ['Ava', 'Noah', 'Isla', 'Leo', 'Mia', 'Oscar', 'Zara', 'Ethan', 'Amara', 'Jude']
const PLACES = ['hospital', 'hospital', 'hospital', 'home', 'hospice', 'public-place'] as const

function spread(startYear: number, count: number, index: number): string {
  const { from } = financialYear(startYear)
  return fromDayNumber(toDayNumber(from) + Math.floor(((index + 0.5) * 365) / count))
}

function factorList(factors: ReviewYear['factors']): ModifiableFactors[] {
  return [
    ...Array<ModifiableFactors>(factors.identified).fill('identified'),
    ...Array<ModifiableFactors>(factors.noneIdentified).fill('none-identified'),
    ...Array<ModifiableFactors>(factors.inadequateInformation).fill('inadequate-information'),
  ]
}

export function cdopHistoryRows(
  partnershipId: string,
  history: CdopHistory,
  random: SeededRandom,
): NewNotification[] {
  const rows: NewNotification[] = []
  for (const [year, count] of Object.entries(history.notifiedByYear).map(
    ([y, c]) => [Number(y), c] as const,
  )) {
    for (let index = 0; index < count; index++) {
      const notifiedOn = spread(year, count, index)
      const expected = random.chance(0.45)
      rows.push({
        partnershipId,
        reference: `CD-${String(year)}-${String(index + 1).padStart(3, '0')}`,
        childName: `${random.pick(NAMES)} ${String.fromCharCode(65 + random.int(0, 25))}.`,
        dateOfBirth: addCalendarDays(notifiedOn, -random.int(3, 6000)),
        sex: random.pick(['female', 'male'] as const),
        dateOfDeath: addCalendarDays(notifiedOn, -random.int(0, 3)),
        placeOfDeath: random.pick(PLACES),
        notifiedOn,
        notifyingAgency: random.pick(['Hospital trust', 'Police', 'Registrar', 'GP practice']),
        deathKind: expected ? 'expected' : 'unexpected',
        residentInArea: true,
        diedInArea: random.chance(0.8),
      })
    }
  }
  rows.sort((a, b) => (a.notifiedOn < b.notifiedOn ? -1 : a.notifiedOn > b.notifiedOn ? 1 : 0))
  let next = 0
  for (const [year, review] of Object.entries(history.reviewsByYear)
    .map(([y, r]) => [Number(y), r] as const)
    .sort(([a], [b]) => a - b)) {
    const { from, to } = financialYear(year)
    const categories = review.categories.flatMap(([category, count]) =>
      Array<number | null>(count).fill(category),
    )
    const factors = factorList(review.factors)
    if (factors.length !== categories.length)
      throw new RangeError(
        `${financialYear(year).year}: categories and modifiable factors count different reviews`,
      )
    categories.forEach((category, index) => {
      const row = rows[next]
      if (!row || row.notifiedOn > to)
        throw new RangeError(
          `${financialYear(year).year}: more reviews than deaths notified by then`,
        )
      next += 1
      const earliest = row.notifiedOn > from ? row.notifiedOn : from
      const span = toDayNumber(to) - toDayNumber(earliest)
      const completedOn = addCalendarDays(earliest, random.int(Math.min(span, 20), span))
      row.cdrMeetingOn = addCalendarDays(
        row.notifiedOn,
        Math.min(10, toDayNumber(completedOn) - toDayNumber(row.notifiedOn)),
      )
      row.panelMeetingOn = completedOn
      row.reviewCompletedOn = completedOn
      row.category = category
      row.applicableCategories = category === null ? [] : [category]
      row.categoryReason = category === null ? null : `Generated: ${categoryName(category)}`
      row.modifiableFactors = factors[index] ?? 'none-identified'
    })
  }
  return rows
}

export async function insertCdopHistory(trx: Trx, rows: NewNotification[]): Promise<number> {
  for (let start = 0; start < rows.length; start += 200)
    await trx
      .insertInto('cdopNotification')
      .values(rows.slice(start, start + 200))
      .execute()
  return rows.length
}
