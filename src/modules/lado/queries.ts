/**
 * Allegation figures offered to the dataset, report cards and the annual report (ADR 0005): counts
 * by sector, outcome and timescale band, never an adult's or a child's details.
 */
import type { Trx } from '../../db/database.js'
import { ladoYearFigures, type LadoYearFigures } from './figures.js'
import { listReferralFacts } from './repo.js'

export type { LadoYearFigures }

/** The financial year starting 1 April `startYear`. */
export async function ladoAnnualFigures(
  trx: Trx,
  { startYear }: { startYear: number },
): Promise<LadoYearFigures> {
  return ladoYearFigures(await listReferralFacts(trx), startYear)
}
