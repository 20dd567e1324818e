import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import { londonInstant } from '../../../platform/calendar.js'
import { partnershipSlug } from '../../../platform/front-page.js'
import { enqueueJob } from '../../../platform/jobs.js'
import type { Mailer } from '../../../platform/mail.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { addCalendarMonths } from '../../../platform/working-days.js'
import { addLinkedEvidence, planActionChoices } from '../../governance/service.js'
import { type Ctx, audit, publicRequest, scoped } from '../shared.js'
import { findUsableToken, issueToken, useToken } from '../tokens.js'
import * as repo from './repo.js'
import type { EvaluationInput, FollowUpInput } from './schema.js'
import { formatDate } from '../../../platform/http/web.js'

/**
 * Evaluation: a short evaluation is sent to everyone marked as attending, and a follow-up three
 * months later asks whether the course changed their practice. Follow-ups that say it did are the
 * impact evidence a business plan action can cite.
 */

type Send = () => Promise<void>
export const FOLLOW_UP_MONTHS = 3

async function sendEvaluation(
  trx: Trx,
  mailer: Mailer,
  publicUrl: string,
  bookingId: string,
  kind: 'post-course' | 'follow-up',
): Promise<Send | null> {
  const booking = await repo.bookingWithCourse(trx, bookingId)
  if (booking?.attendance !== 'attended' || (await repo.findEvaluation(trx, bookingId, kind)))
    return null
  await trx
    .insertInto('trnEvaluation')
    .values({ partnershipId: booking.partnershipId, bookingId, kind })
    .execute()
  const token = await issueToken(
    trx,
    booking.partnershipId,
    bookingId,
    kind === 'post-course' ? 'evaluation' : 'follow-up',
  )
  const path = kind === 'post-course' ? 'evaluation' : 'follow-up'
  const link = `${publicUrl}/programme/${await partnershipSlug(trx, booking.partnershipId)}/${path}/${token}`
  return mailer.queue(trx, {
    partnershipId: booking.partnershipId,
    to: booking.email,
    subject:
      kind === 'post-course'
        ? `How was ${booking.title}?`
        : `Three months on: has ${booking.title} changed your practice?`,
    text:
      kind === 'post-course'
        ? `Dear ${booking.name},\n\nThank you for attending ${booking.title}. Please tell us what you thought of it (two questions):\n${link}`
        : `Dear ${booking.name},\n\nThree months ago you attended ${booking.title}. Please tell us whether it has changed how you work with children and families:\n${link}`,
  })
}

/** On attendance: the evaluation now, and the follow-up job three months after the event. */
export async function onAttended(
  trx: Trx,
  mailer: Mailer,
  publicUrl: string,
  booking: { id: string; partnershipId: string; startsOn: string },
): Promise<Send | null> {
  const send = await sendEvaluation(trx, mailer, publicUrl, booking.id, 'post-course')
  await enqueueJob(trx, {
    kind: 'training-follow-up',
    partnershipId: booking.partnershipId,
    runAt: londonInstant(addCalendarMonths(booking.startsOn, FOLLOW_UP_MONTHS), 10 * 3600),
    payload: { bookingId: booking.id },
    dedupeKey: `training-follow-up:${booking.id}`,
  })
  return send
}

/** The follow-up job's work. */
export async function sendFollowUp(
  deps: { db: Db; mailer: Mailer; publicUrl: string },
  partnershipId: string,
  bookingId: string,
) {
  const send = await inPartnership(deps.db, { partnershipId, userId: null }, trx =>
    sendEvaluation(trx, deps.mailer, deps.publicUrl, bookingId, 'follow-up'),
  )
  await send?.()
}

/** What an evaluation link shows: the course, and whether it is still open to answer. */
export function evaluationByToken(
  db: Db,
  partnershipId: string,
  token: string,
  kind: 'post-course' | 'follow-up',
) {
  return inPartnership(db, { partnershipId, userId: null }, async trx => {
    const usable = await findUsableToken(trx, token, [
      kind === 'post-course' ? 'evaluation' : 'follow-up',
    ])
    if (!usable) return null
    return repo.bookingWithCourse(trx, usable.bookingId)
  })
}

/** Answers an evaluation from its link, once. */
export function submitEvaluation(
  db: Db,
  input: {
    partnershipId: string
    token: string
    requestId: string
  } & (
    | { kind: 'post-course'; answers: EvaluationInput }
    | { kind: 'follow-up'; answers: FollowUpInput }
  ),
) {
  return refusable(() =>
    inPartnership(db, { partnershipId: input.partnershipId, userId: null }, async trx => {
      const usable = await findUsableToken(trx, input.token, [
        input.kind === 'post-course' ? 'evaluation' : 'follow-up',
      ])
      if (!usable) return { kind: 'expired' } as const
      const evaluation = await repo.findEvaluation(trx, usable.bookingId, input.kind)
      if (!evaluation || evaluation.completedAt)
        refuse('form', 'This evaluation has already been answered')
      await useToken(trx, usable.id)
      const answers =
        input.kind === 'post-course'
          ? { rating: input.answers.rating, comments: input.answers.comments }
          : { impact: input.answers.impact, impactText: input.answers.impactText }
      await trx
        .updateTable('trnEvaluation')
        .set({ ...answers, completedAt: new Date() })
        .where('id', '=', evaluation.id)
        .execute()
      await audit(trx, publicRequest(input), {
        action: 'training.evaluation.answered',
        resourceType: 'trn-evaluation',
        resourceId: evaluation.id,
        fields: { kind: input.kind },
      })
      return { kind: 'answered' } as const
    }),
  )
}

export function impactEvidence(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, trx => repo.listImpactEvidence(trx))
}

export function actionChoices(db: Db, ctx: Ctx) {
  return planActionChoices(db, ctx.actor)
}

/**
 * Links a follow-up's impact to a business plan action: governance records it as the action's
 * evidence (through its own service), and the follow-up remembers the action.
 */
export async function linkImpact(db: Db, ctx: Ctx, evaluationId: string, actionId: string) {
  const impact = await scoped(db, ctx.actor, trx => repo.findImpact(trx, evaluationId))
  if (!impact) return { kind: 'not-found' } as const
  if (impact.linkedActionId)
    return {
      kind: 'refused',
      field: 'actionId',
      message: 'This evidence is already linked to an action',
    } as const
  const added = await addLinkedEvidence(
    db,
    ctx,
    actionId,
    `Training follow-up (${impact.title}, ${formatDate(impact.startsOn)}): ${impact.impactText ?? ''}`,
  )
  if (added.kind === 'refused') return added
  await scoped(db, ctx.actor, async trx => {
    await trx
      .updateTable('trnEvaluation')
      .set({ linkedActionId: actionId })
      .where('id', '=', evaluationId)
      .execute()
    await audit(trx, ctx, {
      action: 'training.impact.linked',
      resourceType: 'trn-evaluation',
      resourceId: evaluationId,
      fields: { actionId },
    })
  })
  return { kind: 'linked', planId: added.planId } as const
}
