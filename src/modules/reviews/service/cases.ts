/**
 * A case from referral to the chair's decision: screening against the criteria, the serious
 * incident notification (5 working days from awareness), the rapid review (15 working days from
 * the notification) and the decision, which opens a local review when one is held.
 */
import type { Db, Trx } from '../../../db/database.js'
import { changedFields } from '../../../platform/audit.js'
import { listActiveAgencies, listActiveAgenciesAs } from '../../../platform/directory.js'
import { scopeFor } from '../../../platform/permissions.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { notificationDueOn, publicationTargetOn, rapidReviewDueOn } from '../clocks.js'
import * as repo from '../repo.js'
import type { DecisionInput, RapidReviewInput, ReferralInput, ScreeningInput } from '../schema.js'
import { formatDate } from '../../../platform/http/web.js'
import { type Ctx, audit, auditedList, calendarIn, scoped } from './shared.js'

export interface NewCase extends ReferralInput {
  referredOn: string
  childId: string | null
  source: 'form' | 'cdop'
  sourceId: string | null
}

/** Records a referral in the caller's transaction; the 5 working-day clock starts at awareness. */
export async function insertReferral(trx: Trx, ctx: Ctx, input: NewCase): Promise<string> {
  const partnershipId = ctx.actor.partnershipId
  if (input.agencyId && !(await repo.findAgency(trx, partnershipId, input.agencyId)))
    refuse('agencyId', 'Select an agency from the list')
  if (input.awareOn > input.referredOn)
    refuse('awareOn-day', 'The date the partnership became aware must be today or in the past')
  const calendar = await calendarIn(trx)
  const reference = await repo.nextReference(trx, partnershipId, input.referredOn.slice(0, 4))
  const id = await repo.insertCase(trx, {
    partnershipId,
    reference,
    childName: input.childName,
    childId: input.childId,
    dateOfBirth: input.dateOfBirth,
    harm: input.harm,
    incidentOn: input.incidentOn,
    awareOn: input.awareOn,
    referredOn: input.referredOn,
    referringAgencyId: input.agencyId,
    referredBy: ctx.actor.userId,
    summary: input.summary,
    source: input.source,
    sourceId: input.sourceId,
    notificationDueOn: notificationDueOn(input.awareOn, calendar),
  })
  await audit(trx, ctx, {
    action: 'case-review.case.referred',
    resourceType: 'cr-case',
    resourceId: id,
    childId: input.childId,
    fields: { reference, harm: input.harm, awareOn: input.awareOn, source: input.source },
  })
  return id
}

export function referCase(db: Db, ctx: Ctx, input: ReferralInput, today: string) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => ({
      kind: 'referred' as const,
      id: await insertReferral(trx, ctx, {
        ...input,
        referredOn: today,
        childId: null,
        source: 'form',
        sourceId: null,
      }),
    })),
  )
}

/** Whether the actor sees every case (the business unit, auditors) or only what they referred. */
export function seesAllCases(ctx: Ctx): boolean {
  return scopeFor(ctx.actor.roles, 'case-review', 'read') === 'partnership'
}

/**
 * A case as its reader may see it, with the view audited: the whole case for the case review
 * audience; for the person who referred it, what they sent and where it stands; otherwise null.
 */
export function casePage(db: Db, ctx: Ctx, id: string) {
  return scoped(db, ctx.actor, async trx => {
    const found = await repo.findCase(trx, ctx.actor.partnershipId, id)
    if (!found) return null
    const full = seesAllCases(ctx)
    if (!full && found.referredBy !== ctx.actor.userId) return null
    await audit(trx, ctx, {
      action: 'case-review.case.viewed',
      resourceType: 'cr-case',
      resourceId: id,
      childId: found.childId,
      detail: { view: full ? 'full' : 'referrer' },
    })
    if (!full) return { full, case: found, requests: [], agencies: [], review: null }
    const [requests, agencies, review] = await Promise.all([
      repo.listRequestsOfCase(trx, ctx.actor.partnershipId, id),
      listActiveAgencies(trx, ctx.actor.partnershipId),
      repo.findReviewOfCase(trx, id),
    ])
    return { full, case: found, requests, agencies, review }
  })
}

export function listCasesFor(db: Db, ctx: Ctx) {
  return auditedList(
    db,
    ctx,
    { action: 'case-review.cases.listed', resourceType: 'cr-case' },
    trx => repo.listCases(trx, ctx.actor.partnershipId),
  )
}

export function referralForm(db: Db, ctx: Ctx) {
  return listActiveAgenciesAs(db, ctx.actor)
}

async function loadCase(trx: Trx, ctx: Ctx, id: string) {
  const found = await repo.findCase(trx, ctx.actor.partnershipId, id)
  if (!found) refuse('not-found', 'There is no such case')
  return found
}

export function askAgency(
  db: Db,
  ctx: Ctx,
  caseId: string,
  input: { agencyId: string; question: string; workingDays: number },
  today: string,
) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const found = await loadCase(trx, ctx, caseId)
      if (found.status === 'decided')
        refuse('question', 'The case is decided: no more information can be asked for')
      if (!(await repo.findAgency(trx, ctx.actor.partnershipId, input.agencyId)))
        refuse('agencyId', 'Select an agency from the list')
      const dueOn = (await calendarIn(trx)).addWorkingDays(today, input.workingDays)
      const id = await repo.insertRequest(trx, {
        partnershipId: ctx.actor.partnershipId,
        caseId,
        agencyId: input.agencyId,
        question: input.question,
        requestedOn: today,
        dueOn,
      })
      await audit(trx, ctx, {
        action: 'case-review.request.created',
        resourceType: 'cr-information-request',
        resourceId: id,
        childId: found.childId,
        fields: { caseId, agencyId: input.agencyId, dueOn },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

/** A step of the case's journey: its row changed and the change audited, in one go. */
async function saveCaseStep(
  trx: Trx,
  ctx: Ctx,
  found: { childId: string | null },
  change: {
    caseId: string
    action: string
    values: Parameters<typeof repo.updateCase>[2]
    fields: Record<string, unknown>
  },
) {
  await repo.updateCase(trx, change.caseId, change.values)
  await audit(trx, ctx, {
    action: change.action,
    resourceType: 'cr-case',
    resourceId: change.caseId,
    childId: found.childId,
    fields: change.fields,
  })
}

export function recordScreening(db: Db, ctx: Ctx, caseId: string, input: ScreeningInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const found = await loadCase(trx, ctx, caseId)
      if (found.status !== 'screening')
        refuse('screenedOn-day', 'The case has already been screened')
      if (input.screenedOn < found.awareOn)
        refuse(
          'screenedOn-day',
          `The date of the screening must be on or after the partnership became aware on ${formatDate(found.awareOn)}`,
        )
      if (input.criteriaMet && !input.abuseSuspected)
        refuse(
          'criteriaMet',
          'A case meets the criteria only when abuse or neglect is known or suspected',
        )
      const values = {
        screenedOn: input.screenedOn,
        abuseSuspected: input.abuseSuspected,
        criteriaMet: input.criteriaMet,
        screeningNotes: input.notes,
        status: input.criteriaMet ? ('rapid-review' as const) : ('decision' as const),
      }
      await saveCaseStep(trx, ctx, found, {
        caseId,
        action: 'case-review.case.screened',
        values,
        fields: changedFields(found, values),
      })
      return { kind: 'saved' as const }
    }),
  )
}

export function recordNotification(db: Db, ctx: Ctx, caseId: string, notifiedOn: string) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const found = await loadCase(trx, ctx, caseId)
      if (found.status !== 'rapid-review' || found.notifiedOn)
        refuse(
          'notifiedOn-day',
          'Only a case that meets the criteria and is not yet notified can be notified',
        )
      if (notifiedOn < found.awareOn)
        refuse(
          'notifiedOn-day',
          `The notification must be on or after the partnership became aware on ${formatDate(found.awareOn)}`,
        )
      const values = {
        notifiedOn,
        rapidReviewDueOn: rapidReviewDueOn(notifiedOn, await calendarIn(trx)),
      }
      await saveCaseStep(trx, ctx, found, {
        caseId,
        action: 'case-review.case.notified',
        values,
        fields: values,
      })
      return { kind: 'saved' as const }
    }),
  )
}

export function recordRapidReview(db: Db, ctx: Ctx, caseId: string, input: RapidReviewInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const found = await loadCase(trx, ctx, caseId)
      if (found.status !== 'rapid-review' || !found.notifiedOn)
        refuse(
          'heldOn-day',
          'Record the notification to the national panel before the rapid review',
        )
      if (input.heldOn < found.notifiedOn)
        refuse(
          'heldOn-day',
          `The rapid review must be on or after the notification on ${formatDate(found.notifiedOn)}`,
        )
      const values = {
        rapidReviewHeldOn: input.heldOn,
        rapidReviewSentOn: input.sentOn,
        rapidReviewFindings: input.findings,
        status: 'decision' as const,
      }
      await saveCaseStep(trx, ctx, found, {
        caseId,
        action: 'case-review.case.rapid-review',
        values,
        fields: { heldOn: input.heldOn, sentOn: input.sentOn },
      })
      return { kind: 'saved' as const }
    }),
  )
}

/** The chair's decision; a local review starts here, its publication target six months on. */
export function recordDecision(db: Db, ctx: Ctx, caseId: string, input: DecisionInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const found = await loadCase(trx, ctx, caseId)
      if (found.status === 'decided') refuse('decision', 'The chair has already decided this case')
      if (found.status !== 'decision')
        refuse(
          'decision',
          found.status === 'screening'
            ? 'Screen the case before the chair decides'
            : 'Record the rapid review before the chair decides',
        )
      const after = found.rapidReviewHeldOn ?? found.screenedOn ?? found.awareOn
      if (input.decidedOn < after)
        refuse('decidedOn-day', `The date of the decision must be on or after ${formatDate(after)}`)
      const values = {
        decision: input.decision,
        decidedOn: input.decidedOn,
        decidedBy: ctx.actor.userId,
        decisionRationale: input.rationale,
        alternativeAction: input.alternativeAction,
        status: 'decided' as const,
      }
      await repo.updateCase(trx, caseId, values)
      let reviewId: string | null = null
      if (input.decision === 'local-review' && input.reviewType && input.reviewTitle) {
        reviewId = await repo.insertReview(trx, {
          partnershipId: ctx.actor.partnershipId,
          title: input.reviewTitle,
          reviewType: input.reviewType,
          decidedOn: input.decidedOn,
          targetPublicationOn: publicationTargetOn(input.decidedOn),
        })
        await repo.linkReviewCase(trx, ctx.actor.partnershipId, reviewId, caseId)
      }
      await audit(trx, ctx, {
        action: 'case-review.case.decided',
        resourceType: 'cr-case',
        resourceId: caseId,
        childId: found.childId,
        fields: { decision: input.decision, decidedOn: input.decidedOn, reviewId },
      })
      return { kind: 'saved' as const, reviewId }
    }),
  )
}
