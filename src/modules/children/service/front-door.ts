/** The front door's decisions, written to the child's census record. */
import type { Trx } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import { recordStep } from '../../protection/service.js'

/**
 * How a referral with no further action is closed: on its referral date, as "services ceased for
 * any other reason". The census rules ask for no closure, but a closed episode stays out of later
 * years' returns; RC8 and RC9 mean "closed after assessment" and are queried (8825Q) without one.
 */
export const NFA_CLOSURE_REASON = 'RC7'

const EARLY_HELP_SOURCE = '5D'

export interface FrontDoorEpisodeInput {
  childId: string
  /** The referral's received date in Europe/London. */
  referralDate: string
  /** A census referral source code (1A..10). */
  referralSource: string
  noFurtherAction: boolean
  /** Required by the census (8610) for a referral with further action. */
  primaryNeedCode: string | null
  /** The assessment's actual start date, for a decision to assess or hold a strategy discussion. */
  assessmentStartDate: string | null
  /** The front door referral that made the decision, for the audit trail. */
  referralId: string
}

export type FrontDoorEpisodeOutcome = 'episode-opened' | 'already-open'

/**
 * Opens a CIN episode for a front door decision, with its assessment when one starts, unless
 * the child already has an open episode (with further action), an episode on the same referral
 * date, or one that runs past that date: then nothing new is recorded. Audited as `child.updated`.
 */
export async function recordFrontDoorEpisode(
  trx: Trx,
  scope: { partnershipId: string; userId: string; requestId: string },
  input: FrontDoorEpisodeInput,
): Promise<FrontDoorEpisodeOutcome> {
  const { partnershipId } = scope
  const date = input.referralDate
  // Held until the decision commits, so that a merge waits for the episode and then moves it; a
  // merge that committed first sends the episode to the record kept.
  const child = await trx
    .selectFrom('child')
    .select(['id', 'mergedIntoId'])
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', input.childId)
    .forShare()
    .executeTakeFirstOrThrow()
  if (child.mergedIntoId !== null) {
    return recordFrontDoorEpisode(trx, scope, { ...input, childId: child.mergedIntoId })
  }
  const conflicting = await trx
    .selectFrom('cinEpisode')
    .select('id')
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', input.childId)
    .where(eb =>
      eb.or([
        eb('referralDate', '=', date),
        eb.and([
          eb('closureDate', 'is', null),
          eb.or([eb('referralNfa', 'is', null), eb('referralNfa', '=', false)]),
        ]),
        eb.and([eb('referralDate', '<=', date), eb('closureDate', '>', date)]),
      ]),
    )
    .limit(1)
    .executeTakeFirst()
  if (conflicting) return 'already-open'
  const closureDate = input.noFurtherAction ? date : null
  const reasonForClosure = input.noFurtherAction ? NFA_CLOSURE_REASON : null
  const primaryNeedCode = input.noFurtherAction ? null : input.primaryNeedCode
  const { id: episodeId } = await trx
    .insertInto('cinEpisode')
    .values({
      partnershipId,
      childId: input.childId,
      referralDate: date,
      referralSource: input.referralSource,
      primaryNeedCode,
      closureDate,
      reasonForClosure,
      referralNfa: input.noFurtherAction,
      dateOfInitialCpc: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const assessmentStartDate = input.noFurtherAction ? null : input.assessmentStartDate
  if (assessmentStartDate !== null) {
    await trx
      .insertInto('assessment')
      .values({
        partnershipId,
        episodeId,
        startDate: assessmentStartDate,
        internalReviewDate: null,
        authorisationDate: null,
        factors: null,
      })
      .execute()
  }
  // A referral from the local authority's early help (census source 5D) is a step up.
  if (input.referralSource === EARLY_HELP_SOURCE) {
    await recordStep(trx, scope, scope.requestId, {
      childId: input.childId,
      episodeId,
      kind: 'early-help-to-social-care',
      steppedOn: date,
    })
  }
  await recordAudit(trx, {
    partnershipId,
    userId: scope.userId,
    action: 'child.updated',
    resourceType: 'child',
    resourceId: input.childId,
    childId: input.childId,
    fields: {
      cinEpisode: {
        referralDate: date,
        referralSource: input.referralSource,
        referralNfa: input.noFurtherAction,
        primaryNeedCode,
        closureDate,
        reasonForClosure,
      },
      ...(assessmentStartDate === null ? {} : { assessment: { startDate: assessmentStartDate } }),
    },
    detail: { referralId: input.referralId },
    requestId: scope.requestId,
  })
  return 'episode-opened'
}
