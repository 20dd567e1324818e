/**
 * Assessments recorded in Keepsafe: started on the child's open episode (or by a front door
 * decision), recorded by the worker with the census factors and what was decided, and authorised
 * by a manager. The authorisation date is the census AssessmentAuthorisationDate.
 */
import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { formatDate } from '../../../platform/http/web.js'
import {
  findAssessment,
  findChild,
  findOpenEpisode,
  insertAssessment,
  listAssessmentsOfEpisode,
  listUserNames,
  saveSelfAuthorisation,
  selfAuthorisationAllowed,
  updateAssessment,
} from '../repo.js'
import type {
  AuthoriseAssessmentInput,
  RecordAssessmentInput,
  StartAssessmentInput,
} from '../schema.js'
import { audit, auditView, changeRecord, type NotFound, type Refusal } from './shared.js'

export type JourneyChange = NotFound | Refusal | { kind: 'done'; id: string }

type OpenEpisode = NonNullable<Awaited<ReturnType<typeof findOpenEpisode>>>

/**
 * A command that starts an assessment or CIN plan on the child's open episode: its transaction,
 * not found when the child is not there (or not visible), refused when the child has no open
 * episode or when it would start before the referral (census rules 1103 and 4015).
 */
export function startOnOpenEpisode<T>(
  db: Db,
  actor: Actor,
  start: { childId: string; what: 'assessment' | 'plan'; on: string },
  work: (trx: Trx, episode: OpenEpisode) => Promise<T>,
): Promise<T | NotFound | Refusal> {
  const { partnershipId } = actor
  return refusable(() =>
    inPartnership(db, scope(actor), async (trx): Promise<T | NotFound> => {
      const child = await findChild(trx, partnershipId, start.childId)
      if (!child) return { kind: 'not-found' }
      const episode = await findOpenEpisode(trx, partnershipId, start.childId)
      if (!episode) refuse('startedOn-day', 'The child has no open episode: a referral opens one')
      if (start.on < episode.referralDate) {
        refuse(
          'startedOn-day',
          `The ${start.what} cannot start before the referral (${formatDate(episode.referralDate)})`,
        )
      }
      return work(trx, episode)
    }),
  )
}

export function startAssessment(
  db: Db,
  options: { actor: Actor; childId: string; input: StartAssessmentInput; requestId: string },
): Promise<JourneyChange> {
  const { actor, childId, input, requestId } = options
  const { partnershipId } = actor
  const start = { childId, what: 'assessment' as const, on: input.startedOn }
  return startOnOpenEpisode(db, actor, start, async (trx, episode) => {
    const held = await listAssessmentsOfEpisode(trx, partnershipId, episode.id)
    // Census rules 8863Q and 8896: one assessment at a time.
    if (held.some(a => a.authorisationDate === null || a.authorisationDate >= input.startedOn)) {
      return refuse(
        'startedOn-day',
        'Another assessment is still open on this date: authorise it first',
      )
    }
    const { id } = await insertAssessment(trx, {
      partnershipId,
      episodeId: episode.id,
      startDate: input.startedOn,
      internalReviewDate: null,
      authorisationDate: null,
      factors: null,
      leadWorkerId: actor.userId,
    })
    await audit(trx, actor, requestId, {
      action: 'assessment.started',
      resourceType: 'assessment',
      resourceId: id,
      childId,
      fields: { startDate: input.startedOn },
    })
    return { kind: 'done', id }
  })
}

export function assessmentPage(db: Db, options: { actor: Actor; id: string; requestId: string }) {
  const { actor, id, requestId } = options
  const { partnershipId } = actor
  return inPartnership(db, scope(actor), async trx => {
    const assessment = await findAssessment(trx, partnershipId, id)
    if (!assessment) return undefined
    const child = await findChild(trx, partnershipId, assessment.childId)
    if (!child) return undefined
    await auditView(trx, actor, requestId, child.id, 'assessment')
    const people = [assessment.submittedBy, assessment.authorisedBy].filter(
      (user): user is string => user !== null,
    )
    const names = new Map(
      (await listUserNames(trx, people)).map(user => [user.id, user.displayName]),
    )
    return {
      assessment,
      child,
      submittedByName: assessment.submittedBy ? names.get(assessment.submittedBy) : undefined,
      authorisedByName: assessment.authorisedBy ? names.get(assessment.authorisedBy) : undefined,
      selfAuthorisation: await selfAuthorisationAllowed(trx, partnershipId),
    }
  })
}

/** The worker records what the assessment found and decided, and sends it for authorisation. */
export function recordAssessment(
  db: Db,
  options: { actor: Actor; id: string; input: RecordAssessmentInput; requestId: string },
): Promise<JourneyChange> {
  const { actor, id, input, requestId } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findAssessment, id, async (trx, assessment) => {
    if (assessment.authorisationDate !== null) {
      return refuse('factors', 'This assessment has been authorised: it cannot be changed')
    }
    const change = {
      factors: input.factors,
      outcome: input.outcome,
      submittedBy: actor.userId,
      submittedAt: new Date(),
    }
    await updateAssessment(trx, partnershipId, id, change)
    await audit(trx, actor, requestId, {
      action: 'assessment.submitted',
      resourceType: 'assessment',
      resourceId: id,
      childId: assessment.childId,
      fields: {
        factors: { from: assessment.factors, to: input.factors },
        outcome: { from: assessment.outcome, to: input.outcome },
      },
    })
    return { kind: 'done', id }
  })
}

/** A manager authorises a submitted assessment: the census authorisation date. */
export function authoriseAssessment(
  db: Db,
  options: { actor: Actor; id: string; input: AuthoriseAssessmentInput; requestId: string },
): Promise<JourneyChange> {
  const { actor, id, input, requestId } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findAssessment, id, async (trx, assessment) => {
    if (assessment.authorisationDate !== null) {
      return refuse('authorisedOn-day', 'This assessment has already been authorised')
    }
    if (assessment.submittedAt === null) {
      return refuse(
        'authorisedOn-day',
        'The worker has not yet recorded the factors and outcome of this assessment',
      )
    }
    if (
      assessment.submittedBy === actor.userId &&
      !(await selfAuthorisationAllowed(trx, partnershipId))
    ) {
      return refuse(
        'authorisedOn-day',
        'You recorded this assessment: another manager must authorise it',
      )
    }
    // Census rule 8608: not before it started.
    if (input.authorisedOn < assessment.startDate) {
      return refuse(
        'authorisedOn-day',
        `The assessment cannot be authorised before it started (${formatDate(assessment.startDate)})`,
      )
    }
    if (assessment.closureDate !== null && input.authorisedOn > assessment.closureDate) {
      return refuse('authorisedOn-day', 'The episode closed before this date')
    }
    await updateAssessment(trx, partnershipId, id, {
      authorisationDate: input.authorisedOn,
      authorisedBy: actor.userId,
    })
    await audit(trx, actor, requestId, {
      action: 'assessment.authorised',
      resourceType: 'assessment',
      resourceId: id,
      childId: assessment.childId,
      fields: { authorisationDate: { from: null, to: input.authorisedOn } },
    })
    return { kind: 'done', id }
  })
}

export function assessmentAuthorisationSetting(db: Db, actor: Actor) {
  return inPartnership(db, scope(actor), trx => selfAuthorisationAllowed(trx, actor.partnershipId))
}

export function saveAssessmentAuthorisationSetting(
  db: Db,
  options: { actor: Actor; allowed: boolean; requestId: string },
) {
  const { actor, allowed, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const before = await selfAuthorisationAllowed(trx, actor.partnershipId)
    await saveSelfAuthorisation(trx, actor.partnershipId, allowed)
    await audit(trx, actor, requestId, {
      action: 'protection-settings.updated',
      resourceType: 'protection-settings',
      resourceId: actor.partnershipId,
      childId: null,
      fields: { assessmentSelfAuthorisation: { from: before, to: allowed } },
    })
  })
}
