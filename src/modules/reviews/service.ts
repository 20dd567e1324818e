import type { Trx } from '../../db/database.js'
import type { Actor } from '../../platform/http/types.js'

/**
 * Case reviews: referrals, screening against the criteria, notification to the national panel,
 * rapid reviews, the chair's decision, local reviews and their recommendations.
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
  void trx
  void context
  void referral
  throw new Error('referCaseForScreening: not built yet')
}
