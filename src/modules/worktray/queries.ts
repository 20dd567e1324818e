/** What the work tray offers other modules (ADR 0005): the teams workers work in. */
import type { Trx } from '../../db/database.js'
import { listTeamIdsOfUser } from './repo.js'

/** The team a worker works in (the first by name, when several), for trays and caseloads. */
export async function teamOfUser(
  trx: Trx,
  partnershipId: string,
  userId: string,
): Promise<string | null> {
  return (await listTeamIdsOfUser(trx, partnershipId, userId))[0] ?? null
}
