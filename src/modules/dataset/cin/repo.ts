/** The dataset's own tables: settings, imported populations and targets. */
import type { Trx } from '../../../db/database.js'

export function findDatasetSetting(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('datasetSetting')
    .select(['laNumber', 'dfeCalendar'])
    .where('partnershipId', '=', partnershipId)
    .executeTakeFirst()
}

export async function saveDatasetSetting(
  trx: Trx,
  row: {
    partnershipId: string
    laNumber: number | null
    dfeCalendar: 'england-and-wales' | 'partnership'
  },
) {
  await trx
    .insertInto('datasetSetting')
    .values(row)
    .onConflict(oc =>
      oc.column('partnershipId').doUpdateSet({
        laNumber: row.laNumber,
        dfeCalendar: row.dfeCalendar,
        updatedAt: new Date(),
      }),
    )
    .execute()
}

export function findPopulation(trx: Trx, partnershipId: string, year: number, ageBand: string) {
  return trx
    .selectFrom('datasetPopulation')
    .select(['population', 'source', 'year'])
    .where('partnershipId', '=', partnershipId)
    .where('year', '=', year)
    .where('ageBand', '=', ageBand)
    .executeTakeFirst()
}

/** The imported estimates of one mid-year, every age band. */
export function listPopulationsOfYear(trx: Trx, partnershipId: string, year: number) {
  return trx
    .selectFrom('datasetPopulation')
    .select(['ageBand', 'population'])
    .where('partnershipId', '=', partnershipId)
    .where('year', '=', year)
    .execute()
}

export function listPopulations(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('datasetPopulation')
    .select(['year', 'ageBand', 'population', 'source', 'importedAt'])
    .where('partnershipId', '=', partnershipId)
    .orderBy('year', 'desc')
    .orderBy('ageBand')
    .execute()
}

export async function upsertPopulation(
  trx: Trx,
  row: { partnershipId: string; year: number; ageBand: string; population: number; source: string },
) {
  await trx
    .insertInto('datasetPopulation')
    .values(row)
    .onConflict(oc =>
      oc.columns(['partnershipId', 'year', 'ageBand']).doUpdateSet({
        population: row.population,
        source: row.source,
        importedAt: new Date(),
      }),
    )
    .execute()
}

export interface TargetRow {
  indicatorKey: string
  year: number
  polarity: 'higher' | 'lower' | 'range'
  target: number | null
  rangeLow: number | null
  rangeHigh: number | null
  tolerance: number
  notes: string | null
}

const num = (value: string | number | null) => (value === null ? null : Number(value))

export async function listTargets(trx: Trx, partnershipId: string): Promise<TargetRow[]> {
  const rows = await trx
    .selectFrom('datasetTarget')
    .select([
      'indicatorKey',
      'year',
      'polarity',
      'target',
      'rangeLow',
      'rangeHigh',
      'tolerance',
      'notes',
    ])
    .where('partnershipId', '=', partnershipId)
    .orderBy('indicatorKey')
    .orderBy('year', 'desc')
    .execute()
  return rows.map(row => ({
    ...row,
    target: num(row.target),
    rangeLow: num(row.rangeLow),
    rangeHigh: num(row.rangeHigh),
    tolerance: Number(row.tolerance),
  }))
}

export async function upsertTarget(
  trx: Trx,
  row: TargetRow & { partnershipId: string; updatedBy: string | null },
) {
  const values = {
    polarity: row.polarity,
    target: row.target,
    rangeLow: row.rangeLow,
    rangeHigh: row.rangeHigh,
    tolerance: row.tolerance,
    notes: row.notes,
    updatedBy: row.updatedBy,
  }
  await trx
    .insertInto('datasetTarget')
    .values({
      ...values,
      partnershipId: row.partnershipId,
      indicatorKey: row.indicatorKey,
      year: row.year,
    })
    .onConflict(oc =>
      oc
        .columns(['partnershipId', 'indicatorKey', 'year'])
        .doUpdateSet({ ...values, updatedAt: new Date() }),
    )
    .execute()
}
