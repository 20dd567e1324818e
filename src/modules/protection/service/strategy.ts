import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import {
  findChild,
  findOpenEpisode,
  findOpenSection47,
  findReferralOfChild,
  findStrategyDiscussion,
  findTeamOfUser,
  insertParticipants,
  insertSection47,
  insertStrategyDiscussion,
  latestStrategyDate,
  listActiveAgencies,
  listOpenConferences,
  listParticipants,
  listSection47sOfChild,
  listUsersWithRoles,
  updateConference,
  updateSection47,
} from '../repo.js'
import type { StrategyDiscussionInput } from '../schema.js'
import { icpcTargetDate, preBirthIcpcTargetDate } from '../timescales.js'
import { LEAD_WORKER_ROLES, audit, auditView, clocksIn, isUnborn, type NotFound } from './shared.js'

// ---- Strategy discussions ---------------------------------------------------------------------

/** What the strategy discussion form needs; audited, as it shows the child. */
export function strategyDiscussionForm(
  db: Db,
  options: { actor: Actor; childId: string; referralId: string | undefined; requestId: string },
) {
  const { actor, childId, referralId, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const child = await findChild(trx, actor.partnershipId, childId)
    if (!child) return undefined
    const referral = referralId
      ? await findReferralOfChild(trx, actor.partnershipId, referralId, childId)
      : undefined
    await auditView(trx, actor, requestId, childId, 'strategy-discussion-form')
    const episode = await findOpenEpisode(trx, actor.partnershipId, childId)
    return {
      child,
      preBirth: isUnborn(child),
      episode,
      openSection47: episode
        ? await findOpenSection47(trx, actor.partnershipId, episode.id)
        : undefined,
      referral,
      agencies: await listActiveAgencies(trx, actor.partnershipId),
      workers: await listUsersWithRoles(trx, actor.partnershipId, LEAD_WORKER_ROLES),
    }
  })
}

export const NO_OPEN_EPISODE =
  'This child has no open child in need episode. A strategy discussion follows a front door decision or an episode open in the census: record the referral first.'

export type RecordStrategyOutcome =
  NotFound | Refusal | { kind: 'recorded'; id: string; section47Id: string | null }

/**
 * Records a strategy discussion. Outcome section-47 starts an enquiry in the census table with
 * its initial conference target or, when an enquiry is already open in the episode, moves that
 * target to count from this (the last) discussion.
 */
export function recordStrategyDiscussion(
  db: Db,
  options: {
    actor: Actor
    childId: string
    referralId: string | undefined
    input: StrategyDiscussionInput
    requestId: string
  },
): Promise<RecordStrategyOutcome> {
  const { actor, childId, referralId, input, requestId } = options
  const { partnershipId } = actor
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const child = await findChild(trx, partnershipId, childId)
      if (!child) return { kind: 'not-found' }
      const referral = referralId
        ? await findReferralOfChild(trx, partnershipId, referralId, childId)
        : undefined
      if (referralId && !referral) return { kind: 'not-found' }
      const episode = await findOpenEpisode(trx, partnershipId, childId)
      if (!episode) return refuse('form', NO_OPEN_EPISODE)
      const preBirth = isUnborn(child)
      if (child.birthDate && input.heldOn < child.birthDate) {
        return refuse(
          'heldOn-day',
          'The date of the strategy discussion cannot be before the child’s date of birth',
        )
      }
      if (input.heldOn < episode.referralDate) {
        return refuse(
          'heldOn-day',
          `The date of the strategy discussion cannot be before the referral date of the open episode (${episode.referralDate})`,
        )
      }
      const agencies = new Set((await listActiveAgencies(trx, partnershipId)).map(a => a.id))
      const unknown = input.participants.findIndex(p => !agencies.has(p.agencyId))
      if (unknown >= 0) {
        return refuse(`participant-${String(unknown)}-agency`, 'Select an agency from the list')
      }
      if (input.leadWorkerId) {
        const workers = await listUsersWithRoles(trx, partnershipId, LEAD_WORKER_ROLES)
        if (!workers.some(w => w.id === input.leadWorkerId)) {
          return refuse('leadWorkerId', 'Select a lead worker from the list')
        }
      }

      const { id } = await insertStrategyDiscussion(trx, {
        partnershipId,
        childId,
        episodeId: episode.id,
        referralId: referral?.id ?? null,
        heldOn: input.heldOn,
        preBirth,
        reason: input.reason,
        outcome: input.outcome,
        outcomeNotes: input.outcomeNotes,
        leadWorkerId: input.leadWorkerId,
        teamId: input.leadWorkerId
          ? await findTeamOfUser(trx, partnershipId, input.leadWorkerId)
          : null,
        recordedBy: actor.userId,
      })
      await insertParticipants(
        trx,
        input.participants.map(p => ({ partnershipId, strategyDiscussionId: id, ...p })),
      )
      await audit(trx, actor, requestId, {
        action: 'strategy-discussion.recorded',
        resourceType: 'strategy-discussion',
        resourceId: id,
        childId,
        // The reason and notes describe the child: the trail says they were set, not what they say.
        fields: {
          heldOn: input.heldOn,
          outcome: input.outcome,
          preBirth,
          reason: 'set',
          outcomeNotes: input.outcomeNotes ? 'set' : null,
          leadWorkerId: input.leadWorkerId,
          participantAgencyIds: input.participants.map(p => p.agencyId),
          episodeId: episode.id,
          referralId: referral?.id ?? null,
        },
      })
      if (input.outcome !== 'section-47') return { kind: 'recorded', id, section47Id: null }

      const { timescales, calendar } = await clocksIn(trx, partnershipId)
      const target = (from: string) =>
        preBirth && child.expectedBirthDate
          ? preBirthIcpcTargetDate(from, child.expectedBirthDate, timescales, calendar)
          : icpcTargetDate(from, timescales, calendar)
      const open = await findOpenSection47(trx, partnershipId, episode.id)
      if (open) {
        const last =
          (await latestStrategyDate(trx, partnershipId, childId, open.startDate)) ?? input.heldOn
        const icpcTarget = target(last)
        if (icpcTarget !== open.icpcTargetDate) {
          await updateSection47(trx, partnershipId, open.id, { icpcTargetDate: icpcTarget })
          for (const conference of await listOpenConferences(trx, partnershipId, {
            section47Id: open.id,
          })) {
            await updateConference(trx, partnershipId, conference.id, { targetDate: icpcTarget })
          }
          await audit(trx, actor, requestId, {
            action: 'section47.target-moved',
            resourceType: 'section47',
            resourceId: open.id,
            childId,
            fields: { icpcTargetDate: { from: open.icpcTargetDate, to: icpcTarget } },
            detail: { strategyDiscussionId: id },
          })
        }
        return { kind: 'recorded', id, section47Id: open.id }
      }
      const started = await listSection47sOfChild(trx, partnershipId, childId)
      if (started.some(s => s.episodeId === episode.id && s.startDate === input.heldOn)) {
        return refuse('heldOn-day', 'A Section 47 enquiry already started on this date')
      }
      const icpcTarget = target(input.heldOn)
      const section47 = await insertSection47(trx, {
        partnershipId,
        episodeId: episode.id,
        startDate: input.heldOn,
        icpcTargetDate: icpcTarget,
        strategyDiscussionId: id,
        leadWorkerId: input.leadWorkerId,
      })
      await audit(trx, actor, requestId, {
        action: 'section47.started',
        resourceType: 'section47',
        resourceId: section47.id,
        childId,
        fields: {
          startDate: input.heldOn,
          icpcTargetDate: icpcTarget,
          icpcNotRequired: false,
          strategyDiscussionId: id,
          leadWorkerId: input.leadWorkerId,
        },
      })
      return { kind: 'recorded', id, section47Id: section47.id }
    }),
  )
}

/** One strategy discussion with its participants; audited. */
export function strategyDiscussionPage(
  db: Db,
  options: { actor: Actor; id: string; requestId: string },
) {
  const { actor, id, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const discussion = await findStrategyDiscussion(trx, actor.partnershipId, id)
    if (!discussion) return undefined
    const child = await findChild(trx, actor.partnershipId, discussion.childId)
    if (!child) return undefined
    await auditView(trx, actor, requestId, child.id, 'strategy-discussion')
    const section47 = (await listSection47sOfChild(trx, actor.partnershipId, child.id)).find(
      s => s.strategyDiscussionId === id,
    )
    return {
      discussion,
      child,
      participants: await listParticipants(trx, actor.partnershipId, [id]),
      section47,
    }
  })
}
