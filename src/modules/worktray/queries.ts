/** What the work tray offers other modules (ADR 0005): the teams workers work in. */
import type { Trx } from '../../db/database.js'
import { listActiveTeams, listTeamIdsOfUser } from './repo.js'

/** The team a worker works in (the first by name, when several), for trays and caseloads. */
export async function teamOfUser(
  trx: Trx,
  partnershipId: string,
  userId: string,
): Promise<string | null> {
  return (await listTeamIdsOfUser(trx, partnershipId, userId))[0] ?? null
}

/** The partnership's active teams, by name (the case file audit's team criterion). */
export function activeTeams(
  trx: Trx,
  partnershipId: string,
): Promise<{ id: string; name: string }[]> {
  return listActiveTeams(trx, partnershipId)
}
