/**
 * Steps between early help and children's social care, and between child protection and child
 * in need plans, as the dataset counts them (issue 10: "4% stepped up", "73.6% stepped down").
 */
import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import type { JourneyStepKind } from './table.js'

export interface JourneyStepRow {
  kind: JourneyStepKind
  steppedOn: string
  childId: string
}

/** Every step recorded between two dates (both included), oldest first. */
export function journeyStepsIn(
  trx: Trx,
  window: { partnershipId: string; from: string; to: string },
): Promise<JourneyStepRow[]> {
  return trx
    .selectFrom('journeyStep')
    .select(['kind', sql<string>`stepped_on::text`.as('steppedOn'), 'childId'])
    .where('partnershipId', '=', window.partnershipId)
    .where('steppedOn', '>=', window.from)
    .where('steppedOn', '<=', window.to)
    .orderBy('steppedOn')
    .execute()
}

/** How many steps of each kind between two dates. */
export async function journeyStepCounts(
  trx: Trx,
  window: { partnershipId: string; from: string; to: string },
): Promise<Record<JourneyStepKind, number>> {
  const counts: Record<JourneyStepKind, number> = {
    'early-help-to-social-care': 0,
    'social-care-to-early-help': 0,
    'protection-plan-to-cin-plan': 0,
    'cin-plan-to-protection-plan': 0,
  }
  for (const step of await journeyStepsIn(trx, window)) counts[step.kind] += 1
  return counts
}
