import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db } from '../../../db/database.js'
import { changedFields } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import { refuse, type Refusal } from '../../../platform/refusal.js'
import {
  findChild,
  findSection47,
  findStrategyDiscussion,
  insertConference,
  listConferencesOfChild,
  listStrategyDiscussionsOfChild,
  listUserNames,
  updateSection47,
} from '../repo.js'
import type { CompleteSection47Input } from '../schema.js'
import { icpcTargetDate } from '../timescales.js'
import { audit, auditView, changeRecord, clocksIn, isUnborn, type NotFound } from './shared.js'

// ---- Section 47 enquiries ---------------------------------------------------------------------

export function section47Page(db: Db, options: { actor: Actor; id: string; requestId: string }) {
  const { actor, id, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const section47 = await findSection47(trx, actor.partnershipId, id)
    if (!section47) return undefined
    const child = await findChild(trx, actor.partnershipId, section47.childId)
    if (!child) return undefined
    await auditView(trx, actor, requestId, child.id, 'section47')
    const discussions = (
      await listStrategyDiscussionsOfChild(trx, actor.partnershipId, child.id)
    ).filter(d => d.episodeId === section47.episodeId && d.heldOn >= section47.startDate)
    const conferences = (await listConferencesOfChild(trx, actor.partnershipId, child.id)).filter(
      c => c.section47Id === id,
    )
    const lead = section47.leadWorkerId ? await listUserNames(trx, [section47.leadWorkerId]) : []
    return { section47, child, discussions, conferences, leadWorkerName: lead[0]?.displayName }
  })
}

export type CompleteSection47Outcome =
  NotFound | Refusal | { kind: 'completed'; conferenceId: string | null }

/**
 * Records how the enquiry ended. Concerns substantiated: an initial conference to schedule, due
 * by the enquiry's target date. Otherwise the census marks the conference as not required.
 */
export function completeSection47(
  db: Db,
  options: { actor: Actor; id: string; input: CompleteSection47Input; requestId: string },
): Promise<CompleteSection47Outcome> {
  const { actor, id, input, requestId } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findSection47, id, async (trx, section47) => {
    if (section47.completedOn || section47.dateOfInitialCpc || section47.icpcNotRequired === true) {
      return refuse('outcome', 'The outcome of this enquiry is already recorded')
    }
    if (input.completedOn < section47.startDate) {
      return refuse(
        'completedOn-day',
        `The enquiry cannot end before it started (${section47.startDate})`,
      )
    }
    const child = await findChild(trx, partnershipId, section47.childId)
    if (!child) return { kind: 'not-found' }
    const isConference = input.outcome === 'conference'
    const change = {
      completedOn: input.completedOn,
      outcome: input.outcome,
      icpcNotRequired: !isConference,
    }
    await updateSection47(trx, partnershipId, id, change)
    let conferenceId: string | null = null
    if (isConference) {
      const discussion = section47.strategyDiscussionId
        ? await findStrategyDiscussion(trx, partnershipId, section47.strategyDiscussionId)
        : undefined
      const { timescales, calendar } = await clocksIn(trx, partnershipId)
      const targetDate =
        section47.icpcTargetDate ?? icpcTargetDate(section47.startDate, timescales, calendar)
      const conference = await insertConference(trx, {
        partnershipId,
        childId: child.id,
        kind: 'initial',
        preBirth: discussion?.preBirth ?? isUnborn(child),
        section47Id: id,
        targetDate,
        createdBy: actor.userId,
      })
      conferenceId = conference.id
      await audit(trx, actor, requestId, {
        action: 'conference.created',
        resourceType: 'conference',
        resourceId: conference.id,
        childId: child.id,
        fields: { kind: 'initial', status: 'to-schedule', targetDate, section47Id: id },
      })
    }
    await audit(trx, actor, requestId, {
      action: 'section47.completed',
      resourceType: 'section47',
      resourceId: id,
      childId: child.id,
      fields: changedFields<Record<string, unknown>>(
        {
          completedOn: section47.completedOn,
          outcome: section47.outcome,
          icpcNotRequired: section47.icpcNotRequired,
        },
        change,
      ),
    })
    return { kind: 'completed', conferenceId }
  })
}
