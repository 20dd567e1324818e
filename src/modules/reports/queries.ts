/**
 * Read models the reports module offers to other modules (ADR 0005): the annual report sections
 * asked of contributors, with when each is due, for the business unit's calendar.
 */
import type { Trx } from '../../db/database.js'
import { listContributions } from './repo.js'

export interface ContributionDue {
  id: string
  reportId: string
  reportTitle: string
  sectionTitle: string
  dueOn: string
  status: string
}

/** The contributions due from `from` to `to` (inclusive), earliest first. */
export async function contributionsDueBetween(
  trx: Trx,
  partnershipId: string,
  period: { from: string; to: string },
): Promise<ContributionDue[]> {
  const rows = await listContributions(trx, {})
  return rows
    .filter(
      row =>
        row.partnershipId === partnershipId && row.dueOn >= period.from && row.dueOn <= period.to,
    )
    .map(({ id, reportId, reportTitle, sectionTitle, dueOn, status }) => ({
      id,
      reportId,
      reportTitle,
      sectionTitle,
      dueOn,
      status,
    }))
}
