/**
 * Reviews: local ones opened by the chair's decision, and those held elsewhere (another area's,
 * domestic homicide reviews) that involve local services. Milestones, versioned documents
 * (scoping requests, agency reports, learning briefings) and recommendations whose actions are
 * business plan actions in governance (evidence, steps and RAG there, not a copy here).
 */
import type { Db } from '../../../db/database.js'
import { changedFields } from '../../../platform/audit.js'
import { listActiveAgencies } from '../../../platform/directory.js'
import { formatDate } from '../../../platform/http/web.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { addLinkedPlanAction, linkedPlanActions, paperType } from '../../governance/service.js'
import { publicationTargetOn } from '../clocks.js'
import * as repo from '../repo.js'
import type {
  DocumentInput,
  ElsewhereInput,
  RecommendationInput,
  ReviewDetailsInput,
} from '../schema.js'
import { type Ctx, audit, auditedList, scoped } from './shared.js'

export function listReviewsFor(db: Db, ctx: Ctx) {
  return auditedList(
    db,
    ctx,
    { action: 'case-review.reviews.listed', resourceType: 'cr-review' },
    trx => repo.listReviews(trx, ctx.actor.partnershipId),
  )
}

export function reviewPage(db: Db, ctx: Ctx, id: string) {
  return scoped(db, ctx.actor, async trx => {
    const review = await repo.findReview(trx, ctx.actor.partnershipId, id)
    if (!review) return null
    const [cases, milestones, documents, recommendations, agencies] = await Promise.all([
      repo.listCasesOfReview(trx, id),
      repo.listMilestones(trx, id),
      repo.listDocuments(trx, id),
      repo.listRecommendations(trx, id),
      listActiveAgencies(trx, ctx.actor.partnershipId),
    ])
    const actions = await linkedPlanActions(
      trx,
      recommendations.flatMap(r => (r.planActionId ? [r.planActionId] : [])),
    )
    await audit(trx, ctx, {
      action: 'case-review.review.viewed',
      resourceType: 'cr-review',
      resourceId: id,
    })
    return {
      review,
      cases,
      milestones,
      documents,
      agencies,
      recommendations: recommendations.map(r => ({
        ...r,
        action: actions.find(a => a.actionId === r.planActionId) ?? null,
      })),
    }
  })
}

export function recordReviewElsewhere(db: Db, ctx: Ctx, input: ElsewhereInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const id = await repo.insertReview(trx, {
        partnershipId: ctx.actor.partnershipId,
        title: input.title,
        reviewType: input.reviewType,
        heldBy: input.heldBy,
        decidedOn: input.decidedOn,
        targetPublicationOn: publicationTargetOn(input.decidedOn),
        publishedOn: input.publishedOn,
      })
      await audit(trx, ctx, {
        action: 'case-review.review.recorded',
        resourceType: 'cr-review',
        resourceId: id,
        fields: { ...input },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

async function loadReview(trx: Parameters<typeof repo.findReview>[0], ctx: Ctx, id: string) {
  const review = await repo.findReview(trx, ctx.actor.partnershipId, id)
  if (!review) refuse('not-found', 'There is no such review')
  return review
}

export function updateReviewDetails(db: Db, ctx: Ctx, id: string, input: ReviewDetailsInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const review = await loadReview(trx, ctx, id)
      if (input.publishedOn && input.publishedOn < review.decidedOn)
        refuse(
          'publishedOn-day',
          `The date of publication must be on or after the decision on ${formatDate(review.decidedOn)}`,
        )
      await repo.updateReview(trx, id, input)
      await audit(trx, ctx, {
        action: 'case-review.review.updated',
        resourceType: 'cr-review',
        resourceId: id,
        fields: changedFields(review, input),
      })
      return { kind: 'saved' as const }
    }),
  )
}

export function addMilestone(
  db: Db,
  ctx: Ctx,
  id: string,
  input: { title: string; dueOn: string },
) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      await loadReview(trx, ctx, id)
      await repo.insertMilestone(trx, {
        partnershipId: ctx.actor.partnershipId,
        reviewId: id,
        ...input,
      })
      await audit(trx, ctx, {
        action: 'case-review.milestone.created',
        resourceType: 'cr-review',
        resourceId: id,
        fields: { ...input },
      })
      return { kind: 'saved' as const }
    }),
  )
}

export function completeMilestone(db: Db, ctx: Ctx, milestoneId: string, today: string) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const milestone = await repo.findMilestone(trx, ctx.actor.partnershipId, milestoneId)
      if (!milestone) refuse('not-found', 'There is no such milestone')
      if (milestone.completedOn) refuse('milestone', 'The milestone is already done')
      await repo.completeMilestone(trx, milestoneId, today)
      await audit(trx, ctx, {
        action: 'case-review.milestone.completed',
        resourceType: 'cr-review',
        resourceId: milestone.reviewId,
        fields: { milestoneId, completedOn: today },
      })
      return { kind: 'saved' as const, reviewId: milestone.reviewId }
    }),
  )
}

/** A document, versioned by kind and title: uploading the same title again adds a version. */
export function uploadDocument(db: Db, ctx: Ctx, id: string, input: DocumentInput, bytes: Buffer) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      await loadReview(trx, ctx, id)
      const type = paperType(bytes)
      if (!type) refuse('file', 'The selected file must be a PDF, Word, Excel or PowerPoint file')
      if (input.agencyId && !(await repo.findAgency(trx, ctx.actor.partnershipId, input.agencyId)))
        refuse('agencyId', 'Select an agency from the list')
      if (input.kind !== 'briefing' && !input.agencyId)
        refuse('agencyId', 'Select the agency the request or report belongs to')
      const version = (await repo.latestVersion(trx, id, input.kind, input.title)) + 1
      const slug = input.title.replace(/[^\w-]+/g, '-').slice(0, 80)
      const documentId = await repo.insertDocument(trx, {
        partnershipId: ctx.actor.partnershipId,
        reviewId: id,
        kind: input.kind,
        agencyId: input.agencyId,
        title: input.title,
        version,
        dueOn: input.dueOn,
        filename: `${slug}-v${String(version)}.${type.extension}`,
        contentType: type.contentType,
        sizeBytes: bytes.length,
        content: bytes,
        uploadedBy: ctx.actor.userId,
      })
      await audit(trx, ctx, {
        action: 'case-review.document.uploaded',
        resourceType: 'cr-document',
        resourceId: documentId,
        fields: {
          reviewId: id,
          kind: input.kind,
          title: input.title,
          version,
          sizeBytes: bytes.length,
        },
      })
      return { kind: 'saved' as const, id: documentId }
    }),
  )
}

export function readDocument(db: Db, ctx: Ctx, id: string) {
  return scoped(db, ctx.actor, async trx => {
    const document = await repo.findDocument(trx, ctx.actor.partnershipId, id)
    if (!document) return null
    await audit(trx, ctx, {
      action: 'case-review.document.read',
      resourceType: 'cr-document',
      resourceId: id,
    })
    return document
  })
}

/**
 * A recommendation and the action that answers it, as an action of the review's plan in
 * governance (made with the first recommendation), so evidence and sign-off follow the same path
 * as every other action the board tracks.
 */
export function addRecommendation(db: Db, ctx: Ctx, id: string, input: RecommendationInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const review = await loadReview(trx, ctx, id)
      const existing = await repo.listRecommendations(trx, id)
      if (existing.some(r => r.number === input.number))
        refuse('number', `Recommendation ${String(input.number)} is already recorded`)
      if (input.dueOn < review.decidedOn)
        refuse(
          'actionDueOn-day',
          `The action cannot be due before the review was decided on ${formatDate(review.decidedOn)}`,
        )
      if (input.agencyId && !(await repo.findAgency(trx, ctx.actor.partnershipId, input.agencyId)))
        refuse('agencyId', 'Select an agency from the list')
      const { planId, actionId } = await addLinkedPlanAction(trx, ctx, {
        planId: review.planId,
        planTitle: `Case review action plan: ${review.title}`,
        startsOn: review.decidedOn,
        endsOn: input.dueOn > review.targetPublicationOn ? input.dueOn : review.targetPublicationOn,
        priorityNumber: 1,
        priorityTitle: `Recommendations of the review: ${review.title}`,
        reference: `1.${String(input.number)}`,
        specificAction: input.action,
        leadAgencyId: input.agencyId,
        dueOn: input.dueOn,
        sourceTag: `Case review: ${review.title}, recommendation ${String(input.number)}`,
      })
      if (!review.planId) await repo.updateReview(trx, id, { planId })
      await repo.insertRecommendation(trx, {
        partnershipId: ctx.actor.partnershipId,
        reviewId: id,
        number: input.number,
        text: input.text,
        planActionId: actionId,
      })
      await audit(trx, ctx, {
        action: 'case-review.recommendation.created',
        resourceType: 'cr-review',
        resourceId: id,
        fields: { number: input.number, planActionId: actionId },
      })
      return { kind: 'saved' as const }
    }),
  )
}
