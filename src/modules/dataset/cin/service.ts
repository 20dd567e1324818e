/**
 * The DfE-comparable figures of a period: one transaction reads the records through the owning
 * modules' read models, the dataset's settings, population and targets; LAIT (read once per
 * process) gives comparators and the derived population.
 */
import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import { partnershipCalendarIn } from '../../../platform/admin.js'
import { recordAudit } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import {
  englandAndWales,
  type IsoDate,
  type WorkingDayCalendar,
} from '../../../platform/working-days.js'
import { derivedPopulation, laitState, loadLait, type Lait, type LaitState } from '../lait.js'
import { computeCinFigures } from './figures.js'
import { readCinRecords } from './records.js'
import { buildCinReport, financialYearOf, type CinReport, type Population } from './report.js'
import { findDatasetSetting, findPopulation, listPopulationsOfYear, listTargets } from './repo.js'
import { cinTrendCharts } from './trend.js'

export interface CinPeriod {
  from: IsoDate
  to: IsoDate
}

/** England and Wales bank holidays only (as DfE counts), unless the partnership chose its own calendar. */
async function dfeCalendar(trx: Trx, choice: string | undefined): Promise<WorkingDayCalendar> {
  if (choice !== 'partnership') return englandAndWales
  return partnershipCalendarIn(trx)
}

/**
 * Children aged 0 to 17: an imported ONS mid-year estimate of the mid-year before the financial
 * year ends (DfE's practice), else the population derived from LAIT for that year or the latest before.
 */
async function populationFor(
  trx: Trx,
  partnershipId: string,
  year: number,
  lait: Lait | null,
  laNumber: number | null,
): Promise<Population | null> {
  const imported = await findPopulation(trx, partnershipId, year - 1, '0-17')
  const rows = await listPopulationsOfYear(trx, partnershipId, year - 1)
  const bands = Object.fromEntries(rows.map(row => [row.ageBand, row.population]))
  if (imported) {
    return {
      value: imported.population,
      source: `${imported.source} (mid-${imported.year}), imported`,
      bands,
    }
  }
  const derived = derivedPopulationFor(year, lait, laNumber)
  return derived ? { ...derived, bands } : null
}

/** The population aged 0 to 17 derived from LAIT for the year, or the latest of the 5 before. */
function derivedPopulationFor(
  year: number,
  lait: Lait | null,
  laNumber: number | null,
): Population | null {
  if (!lait || laNumber === null) return null
  for (let y = year; y >= year - 5; y--) {
    const value = derivedPopulation(lait, laNumber, y)
    if (value !== null) {
      return {
        value,
        source: `derived from DfE’s LAIT counts and rates per 10,000 for the year ending 31 March ${y} (not an ONS figure)`,
      }
    }
  }
  return null
}

/**
 * Every DfE figure of the period in the caller's partnership-bound transaction. LAIT as it is
 * now: a page never waits for it to be read (the report then says the comparators are loading).
 */
export async function computeCinReport(
  trx: Trx,
  partnershipId: string,
  period: CinPeriod,
  loaded: LaitState = laitState(),
): Promise<CinReport> {
  const setting = await findDatasetSetting(trx, partnershipId)
  const calendar = await dfeCalendar(trx, setting?.dfeCalendar)
  const records = await readCinRecords(trx, period)
  const set = computeCinFigures(records, period, calendar)
  const lait = loaded.ok ? loaded.lait : null
  const laNumber = setting?.laNumber ?? null
  const year = financialYearOf(period.to)
  return buildCinReport(set, {
    population: await populationFor(trx, partnershipId, year, lait, laNumber),
    lait,
    laitMessage: loaded.ok ? null : loaded.message,
    comparatorsLoading: !loaded.ok && 'loading' in loaded,
    laNumber,
    targets: await listTargets(trx, partnershipId),
    calendar: setting?.dfeCalendar === 'partnership' ? 'partnership' : 'england-and-wales',
  })
}

const scope = (actor: Actor) => ({ partnershipId: actor.partnershipId, userId: actor.userId })

export function cinReport(db: Db, actor: Actor, period: CinPeriod): Promise<CinReport> {
  return inPartnership(db, scope(actor), trx => computeCinReport(trx, actor.partnershipId, period))
}

/**
 * The figures for a download, the API or the command line (`userId` null), audited as an export
 * in the same transaction. Unlike a page, an export waits for LAIT, so it is always complete.
 */
export async function cinReportForExport(
  db: Db,
  partnershipId: string,
  period: CinPeriod,
  format: 'json' | 'csv' | 'xlsx',
  who: { userId: string | null; requestId?: string } = { userId: null },
): Promise<CinReport> {
  const lait = await loadLait()
  return inPartnership(db, { partnershipId, userId: who.userId }, async trx => {
    const report = await computeCinReport(trx, partnershipId, period, lait)
    await recordAudit(trx, {
      partnershipId,
      userId: who.userId,
      action: 'dataset.exported',
      resourceType: 'dataset',
      detail: {
        format,
        figures: 'DfE',
        ...(who.userId === null ? { source: 'command line' } : {}),
        periods: [{ from: period.from, to: period.to }],
      },
      ...(who.requestId ? { requestId: who.requestId } : {}),
    })
    return report
  })
}

/** The reports of several periods (a report card's quarters) in one transaction, not waiting for LAIT. */
export function cinReports(db: Db, actor: Actor, periods: CinPeriod[]): Promise<CinReport[]> {
  return inPartnership(db, scope(actor), async trx => {
    const lait = laitState()
    const reports: CinReport[] = []
    for (const period of periods)
      reports.push(await computeCinReport(trx, actor.partnershipId, period, lait))
    return reports
  })
}

/** The report and its monthly trend charts, for the dataset page. */
export function cinPage(db: Db, actor: Actor, period: CinPeriod) {
  return inPartnership(db, scope(actor), async trx => {
    const report = await computeCinReport(trx, actor.partnershipId, period)
    return { report, charts: await cinTrendCharts(trx, report) }
  })
}
