/**
 * The DfE-comparable figures of a period: one transaction reads the records through the owning
 * modules' read models, the dataset's settings, population and targets; LAIT (read once per
 * process) gives comparators and the derived population.
 */
import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import { listPartnershipHolidayDates } from '../../../platform/admin.js'
import { recordAudit } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import {
  englandAndWales,
  type IsoDate,
  type WorkingDayCalendar,
} from '../../../platform/working-days.js'
import { derivedPopulation, loadLait, type Lait } from '../lait.js'
import { computeCinFigures } from './figures.js'
import { readCinRecords } from './records.js'
import { buildCinReport, financialYearOf, type CinReport, type Population } from './report.js'
import { findDatasetSetting, findPopulation, listTargets } from './repo.js'
import { cinTrendCharts } from './trend.js'

export interface CinPeriod {
  from: IsoDate
  to: IsoDate
}

/** England and Wales bank holidays only (as DfE counts), unless the partnership chose its own calendar. */
async function dfeCalendar(trx: Trx, choice: string | undefined): Promise<WorkingDayCalendar> {
  if (choice !== 'partnership') return englandAndWales
  const extra = await listPartnershipHolidayDates(trx)
  return extra.length ? englandAndWales.withExtraHolidays(extra) : englandAndWales
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
  if (imported) {
    return {
      value: imported.population,
      source: `${imported.source} (mid-${imported.year}), imported`,
    }
  }
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

/** Every DfE figure of the period in the caller's partnership-bound transaction. */
export async function computeCinReport(
  trx: Trx,
  partnershipId: string,
  period: CinPeriod,
): Promise<CinReport> {
  const setting = await findDatasetSetting(trx, partnershipId)
  const calendar = await dfeCalendar(trx, setting?.dfeCalendar)
  const records = await readCinRecords(trx, period)
  const set = computeCinFigures(records, period, calendar)
  const loaded = await loadLait()
  const lait = loaded.ok ? loaded.lait : null
  const laNumber = setting?.laNumber ?? null
  const year = financialYearOf(period.to)
  return buildCinReport(set, {
    population: await populationFor(trx, partnershipId, year, lait, laNumber),
    lait,
    laitMessage: loaded.ok ? null : loaded.message,
    laNumber,
    targets: await listTargets(trx, partnershipId),
    calendar: setting?.dfeCalendar === 'partnership' ? 'partnership' : 'england-and-wales',
  })
}

const scope = (actor: Actor) => ({ partnershipId: actor.partnershipId, userId: actor.userId })

export function cinReport(db: Db, actor: Actor, period: CinPeriod): Promise<CinReport> {
  return inPartnership(db, scope(actor), trx => computeCinReport(trx, actor.partnershipId, period))
}

/** The figures for the command line, audited as an export by the system. */
export function cinReportForExport(
  db: Db,
  partnershipId: string,
  period: CinPeriod,
  format: 'json' | 'csv',
): Promise<CinReport> {
  return inPartnership(db, { partnershipId, userId: null }, async trx => {
    const report = await computeCinReport(trx, partnershipId, period)
    await recordAudit(trx, {
      partnershipId,
      userId: null,
      action: 'dataset.exported',
      resourceType: 'dataset',
      detail: { format, source: 'command line', periods: [period] },
    })
    return report
  })
}

/** The report and its monthly trend charts, for the dataset page. */
export function cinPage(db: Db, actor: Actor, period: CinPeriod) {
  return inPartnership(db, scope(actor), async trx => {
    const report = await computeCinReport(trx, actor.partnershipId, period)
    return { report, charts: await cinTrendCharts(trx, report) }
  })
}
