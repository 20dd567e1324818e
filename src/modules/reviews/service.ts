import type { Trx } from '../../db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { londonToday } from '../../platform/calendar.js'
import { refuse } from '../../platform/refusal.js'
import { findCaseBySource } from './repo.js'
import { insertReferral } from './service/cases.js'

/**
 * Case reviews: referrals, screening against the criteria, notification to the national panel,
 * rapid reviews, the chair's decision, local reviews and their recommendations. The services live
 * in one file per area (service/*.ts); this file is what code outside the module may import.
 */

/** A case another module refers to case review screening (a child death review, for one). */
export interface ScreeningReferral {
  /** Which module refers the case, and its record, so the referral can link back. */
  source: 'cdop'
  sourceId: string
  /** The child's name as the referring module holds it, and their record when there is one. */
  childName: string
  childId: string | null
  dateOfBirth: string | null
  /** The date the partnership became aware of the incident (starts the 5 working-day clock). */
  awareOn: string
  /** The referring agency, from the partnership's directory, when known. */
  agencyId: string | null
  summary: string
}

/**
 * Refers a case for screening inside the caller's transaction (so the caller's record and the
 * referral commit together). Refuses, with `refuse(...)`, a referral already made for the same
 * source record. Returns the new referral's id.
 */
export async function referCaseForScreening(
  trx: Trx,
  context: { actor: Actor; requestId: string },
  referral: ScreeningReferral,
): Promise<{ referralId: string }> {
  if (await findCaseBySource(trx, context.actor.partnershipId, referral.source, referral.sourceId))
    refuse('form', 'This case has already been referred for case review screening')
  const referralId = await insertReferral(trx, context, {
    childName: referral.childName,
    childId: referral.childId,
    dateOfBirth: referral.dateOfBirth,
    harm: 'died',
    incidentOn: null,
    awareOn: referral.awareOn,
    agencyId: referral.agencyId,
    summary: referral.summary,
    referredOn: londonToday(),
    source: referral.source,
    sourceId: referral.sourceId,
  })
  return { referralId }
}

export { caseReviewFigures, runningClocks } from './queries.js'
