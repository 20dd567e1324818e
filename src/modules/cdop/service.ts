import { inPartnership, type Db, type Trx } from '../../db/database.js'
import { actorScope } from '../../platform/actor-scope.js'
import type { Actor } from '../../platform/http/types.js'
import {
  auditFor,
  recordCommand,
  RecordNotFound,
  type Command,
} from '../../platform/record-commands.js'
import { refusable, refuse, type Refusal } from '../../platform/refusal.js'
import { findChildForMatch } from '../children/service.js'
import { referCaseForScreening } from '../reviews/service.js'
import { londonToday } from '../../platform/calendar.js'
import { rankedCategory } from './categories.js'
import { cdopYearFigures, publishCdopFigures } from './figures.js'
import {
  findInformationRequest,
  findNotification,
  insertInformationRequest,
  insertNotification,
  insertRecommendation,
  listInformationRequests,
  listNotifications,
  listRecommendations,
  listReviewFacts,
  markInformationReceived,
  nextReference,
  updateNotification,
  type NotificationFilter,
} from './repo.js'
import type {
  AnalysisInput,
  CaseReviewReferralInput,
  InformationRequestInput,
  MeetingsInput,
  NotificationInput,
  RecommendationInput,
} from './schema.js'

type Recorded = { kind: 'recorded'; id: string }

const audit = auditFor('cdop-notification')

export async function recordNotification(
  db: Db,
  { actor, input, requestId }: Command<NotificationInput>,
): Promise<Recorded | Refusal> {
  return refusable(() =>
    inPartnership(db, actorScope(actor), async trx => {
      if (input.childId && !(await findChildForMatch(trx, actor.partnershipId, input.childId)))
        refuse('childId', 'There is no child record with this number')
      const reference = await nextReference(trx, Number(input.notifiedOn.slice(0, 4)))
      const { id } = await insertNotification(trx, {
        partnershipId: actor.partnershipId,
        reference,
        childId: input.childId,
        childName: input.childName,
        dateOfBirth: input.dateOfBirth,
        sex: input.sex,
        dateOfDeath: input.dateOfDeath,
        placeOfDeath: input.placeOfDeath,
        notifiedOn: input.notifiedOn,
        notifyingAgency: input.notifyingAgency,
        deathKind: input.deathKind,
        residentInArea: input.residentInArea === 'yes',
        diedInArea: input.diedInArea === 'yes',
        recordedBy: actor.userId,
      })
      await audit(trx, actor, requestId, {
        action: 'cdop.notification.create',
        id,
        childId: input.childId,
        fields: { reference, dateOfDeath: input.dateOfDeath, notifiedOn: input.notifiedOn },
      })
      return { kind: 'recorded' as const, id }
    }),
  )
}

/** One notification with everything recorded about it; reading it is an audited event. */
export function notificationPage(
  db: Db,
  { actor, id, requestId }: { actor: Actor; id: string; requestId: string },
) {
  return inPartnership(db, actorScope(actor), async trx => {
    const notification = await findNotification(trx, id)
    if (!notification) return undefined
    const [requests, recommendations] = await Promise.all([
      listInformationRequests(trx, id),
      listRecommendations(trx, id),
    ])
    await audit(trx, actor, requestId, {
      action: 'cdop.notification.read',
      id,
      childId: notification.childId,
    })
    return { notification, requests, recommendations }
  })
}

export function notificationList(
  db: Db,
  {
    actor,
    filter,
    requestId,
    action = 'cdop.notification.list',
  }: { actor: Actor; filter: NotificationFilter; requestId: string; action?: string },
) {
  return inPartnership(db, actorScope(actor), async trx => {
    const rows = await listNotifications(trx, filter)
    await audit(trx, actor, requestId, { action, detail: { ...filter, count: rows.length } })
    return rows
  })
}

/** Loads the notification a command changes, or stops with not-found. */
async function notificationFor(trx: Trx, id: string) {
  const notification = await findNotification(trx, id)
  if (!notification) throw new RecordNotFound()
  return notification
}

export function recordMeetings(
  db: Db,
  { actor, id, input, requestId }: Command<MeetingsInput> & { id: string },
) {
  return recordCommand(() =>
    inPartnership(db, actorScope(actor), async trx => {
      const notification = await notificationFor(trx, id)
      for (const field of ['cdrMeetingOn', 'panelMeetingOn'] as const) {
        const date = input[field]
        if (date && date < notification.notifiedOn)
          refuse(field, 'The meeting must be on or after the date of notification')
      }
      const values = {
        cdrMeetingOn: input.cdrMeetingOn ?? notification.cdrMeetingOn,
        panelMeetingOn: input.panelMeetingOn ?? notification.panelMeetingOn,
      }
      await updateNotification(trx, id, values)
      await audit(trx, actor, requestId, {
        action: 'cdop.meetings.update',
        id,
        childId: notification.childId,
        fields: values,
      })
      return { kind: 'recorded' as const, id }
    }),
  )
}

export function requestInformation(
  db: Db,
  { actor, id, input, requestId }: Command<InformationRequestInput> & { id: string },
) {
  return recordCommand(() =>
    inPartnership(db, actorScope(actor), async trx => {
      const notification = await notificationFor(trx, id)
      if (input.requestedOn < notification.notifiedOn)
        refuse('requestedOn', 'Information is asked for on or after the date of notification')
      const created = await insertInformationRequest(trx, {
        partnershipId: actor.partnershipId,
        notificationId: id,
        ...input,
      })
      await audit(trx, actor, requestId, {
        action: 'cdop.information-request.create',
        id,
        childId: notification.childId,
        fields: { ...input },
      })
      return { kind: 'recorded' as const, id: created.id }
    }),
  )
}

export function recordInformationReceived(
  db: Db,
  {
    actor,
    id,
    informationRequestId,
    input,
    requestId,
  }: Command<{ receivedOn: string }> & { id: string; informationRequestId: string },
) {
  return recordCommand(() =>
    inPartnership(db, actorScope(actor), async trx => {
      const notification = await notificationFor(trx, id)
      const request = await findInformationRequest(trx, id, informationRequestId)
      if (!request) throw new RecordNotFound()
      if (input.receivedOn < request.requestedOn)
        refuse(
          'receivedOn',
          'The date received must be the same as or after the date it was asked for',
        )
      await markInformationReceived(trx, request.id, input.receivedOn)
      await audit(trx, actor, requestId, {
        action: 'cdop.information-request.received',
        id,
        childId: notification.childId,
        fields: { agencyName: request.agencyName, receivedOn: input.receivedOn },
      })
      return { kind: 'recorded' as const, id }
    }),
  )
}

/**
 * The panel's analysis: the categories that apply, of which the form records the highest ranked,
 * the reason, and the modifiable-factors judgement. It completes the review.
 */
export function recordAnalysis(
  db: Db,
  { actor, id, input, requestId }: Command<AnalysisInput> & { id: string },
) {
  return recordCommand(() =>
    inPartnership(db, actorScope(actor), async trx => {
      const notification = await notificationFor(trx, id)
      if (!notification.panelMeetingOn)
        refuse('reviewCompletedOn', 'Record the panel meeting before completing the analysis')
      if (input.reviewCompletedOn < notification.panelMeetingOn)
        refuse('reviewCompletedOn', 'The review is completed on or after the panel meeting')
      const category = rankedCategory(input.categories)
      if (category === null) refuse('categories', 'Select the categories that apply')
      const values = {
        applicableCategories: [...new Set(input.categories)].sort((a, b) => a - b),
        category,
        categoryReason: input.categoryReason,
        modifiableFactors: input.modifiableFactors,
        modifiableFactorsNotes: input.modifiableFactorsNotes,
        reviewCompletedOn: input.reviewCompletedOn,
      }
      await updateNotification(trx, id, values)
      await audit(trx, actor, requestId, {
        action: 'cdop.analysis.update',
        id,
        childId: notification.childId,
        fields: {
          category,
          modifiableFactors: input.modifiableFactors,
          reviewCompletedOn: input.reviewCompletedOn,
        },
      })
      return { kind: 'recorded' as const, id }
    }),
  )
}

export function addRecommendation(
  db: Db,
  { actor, id, input, requestId }: Command<RecommendationInput> & { id: string },
) {
  return recordCommand(() =>
    inPartnership(db, actorScope(actor), async trx => {
      const notification = await notificationFor(trx, id)
      await insertRecommendation(trx, {
        partnershipId: actor.partnershipId,
        notificationId: id,
        ...input,
      })
      await audit(trx, actor, requestId, {
        action: 'cdop.recommendation.create',
        id,
        childId: notification.childId,
        fields: { category: input.category },
      })
      return { kind: 'recorded' as const, id }
    }),
  )
}

/**
 * Refers the death to the partnership's case review screening, in the same transaction: the
 * reviews module records the referral (its 5 working-day notification clock starts from the day
 * the CDOP was notified), and the review keeps the date and the referral's id.
 */
export function referForCaseReviewScreening(
  db: Db,
  { actor, id, input, requestId }: Command<CaseReviewReferralInput> & { id: string },
) {
  return recordCommand(() =>
    inPartnership(db, actorScope(actor), async trx => {
      const notification = await notificationFor(trx, id)
      if (notification.caseReviewReferredOn)
        refuse('reason', 'This death has already been referred for case review screening')
      const { referralId } = await referCaseForScreening(
        trx,
        { actor, requestId },
        {
          source: 'cdop',
          sourceId: id,
          childName: notification.childName,
          childId: notification.childId,
          dateOfBirth: notification.dateOfBirth,
          awareOn: notification.notifiedOn,
          agencyId: null,
          summary: input.reason,
        },
      )
      const referredOn = londonToday()
      await updateNotification(trx, id, {
        caseReviewReferredOn: referredOn,
        caseReviewReference: referralId,
      })
      await audit(trx, actor, requestId, {
        action: 'cdop.case-review-referral.create',
        id,
        childId: notification.childId,
        fields: { referredOn, caseReviewReferralId: referralId },
      })
      return { kind: 'recorded' as const, id }
    }),
  )
}

/** The year's figures, read in the partnership (counts, no child's details); the read is audited. */
export function annualFigures(
  db: Db,
  { actor, startYear, requestId }: { actor: Actor; startYear: number; requestId: string },
) {
  return inPartnership(db, actorScope(actor), async trx => {
    const figures = cdopYearFigures(await listReviewFacts(trx), startYear)
    await audit(trx, actor, requestId, {
      action: 'cdop.figures.read',
      detail: { year: figures.year },
    })
    return { figures, published: publishCdopFigures(figures) }
  })
}
