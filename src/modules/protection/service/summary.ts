import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import {
  findChild,
  findOpenEpisode,
  listConferencesOfChild,
  listPlansOfChild,
  listSection47sOfChild,
  listStrategyDiscussionsOfChild,
} from '../repo.js'
import { auditView } from './shared.js'
import { transferInClock } from './transfer-in.js'
import { londonToday } from '../../../platform/calendar.js'

// ---- A child's protection summary --------------------------------------------------------------

export function childProtectionSummary(
  db: Db,
  options: { actor: Actor; childId: string; requestId: string },
) {
  const { actor, childId, requestId } = options
  const { partnershipId } = actor
  return inPartnership(db, scope(actor), async trx => {
    const child = await findChild(trx, partnershipId, childId)
    if (!child) return undefined
    await auditView(trx, actor, requestId, childId, 'protection')
    return {
      child,
      episode: await findOpenEpisode(trx, partnershipId, childId),
      discussions: await listStrategyDiscussionsOfChild(trx, partnershipId, childId),
      section47s: await listSection47sOfChild(trx, partnershipId, childId),
      conferences: await listConferencesOfChild(trx, partnershipId, childId),
      plans: await listPlansOfChild(trx, partnershipId, childId),
      transferIn: await transferInClock(trx, partnershipId, childId, londonToday()),
    }
  })
}
