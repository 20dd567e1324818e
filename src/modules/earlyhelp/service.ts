/**
 * The early help register: episodes opened by a front door decision of early help (or stepped
 * down to), their lead professional and family plan, reviews, and closure with an outcome. One
 * transaction per command, audited in it; a refused command writes nothing.
 */
import { actorScope as scope } from '../../platform/actor-scope.js'
import { inPartnership, type Db, type Trx } from '../../db/database.js'
import { childIdByLaId } from '../children/queries.js'
import { recordAudit } from '../../platform/audit.js'
import type { Actor } from '../../platform/http/types.js'
import { scopeFor, type Action } from '../../platform/permissions.js'
import { refusable, refuse, type Refusal } from '../../platform/refusal.js'
import * as repo from './repo.js'
import type { CloseInput, LeadInput, OpenInput, ReviewInput } from './schema.js'

export type EpisodeFilter = repo.EpisodeFilter

interface Scope {
  partnershipId: string
  userId: string
  requestId: string
}

/**
 * Opens an early help episode for a child, in the caller's transaction (the front door's
 * decision): a child with an open episode keeps it, and nothing new is written.
 */
export async function openEarlyHelpEpisode(
  trx: Trx,
  actor: Scope,
  input: { childId: string; referralId: string | null; startDate: string; reason: string },
): Promise<'opened' | 'already-open'> {
  const open = await repo.findOpenEpisodeOfChild(trx, actor.partnershipId, input.childId, {
    lock: true,
  })
  if (open) return 'already-open'
  const { id } = await repo.insertEpisode(trx, {
    partnershipId: actor.partnershipId,
    childId: input.childId,
    referralId: input.referralId,
    startDate: input.startDate,
    reason: input.reason.slice(0, 5000) || 'Early help decided at the front door',
    createdBy: actor.userId,
  })
  await recordAudit(trx, {
    partnershipId: actor.partnershipId,
    userId: actor.userId,
    action: 'early-help-episode.opened',
    resourceType: 'early-help-episode',
    resourceId: id,
    childId: input.childId,
    fields: { startDate: { to: input.startDate }, referralId: { to: input.referralId } },
    requestId: actor.requestId,
  })
  return 'opened'
}

/**
 * Step-up to children's social care, as a command the children's journey calls in its own
 * transaction: the child's open early help episode ends on that date with "stepped up".
 */
export async function recordStepUp(
  trx: Trx,
  actor: Scope,
  input: { childId: string; on: string },
): Promise<'stepped-up' | 'no-open-episode'> {
  const open = await repo.findOpenEpisodeOfChild(trx, actor.partnershipId, input.childId, {
    lock: true,
  })
  if (!open) return 'no-open-episode'
  const endDate = input.on < open.startDate ? open.startDate : input.on
  await repo.updateEpisode(trx, actor.partnershipId, open.id, {
    endDate,
    endReason: 'stepped-up',
  })
  await recordAudit(trx, {
    partnershipId: actor.partnershipId,
    userId: actor.userId,
    action: 'early-help-episode.stepped-up',
    resourceType: 'early-help-episode',
    resourceId: open.id,
    childId: input.childId,
    fields: { endDate: { from: null, to: endDate }, endReason: { from: null, to: 'stepped-up' } },
    requestId: actor.requestId,
  })
  return 'stepped-up'
}

/**
 * The lead agencies whose episodes the actor may `action`: null for every agency of the
 * partnership; an agency lead's own agencies otherwise.
 */
export function leadAgenciesOf(actor: Actor, action: Action = 'read'): string[] | null {
  return scopeFor(actor.roles, 'early-help', action) === 'partnership' ? null : actor.agencyIds
}

function mayReach(actor: Actor, action: Action, leadAgencyId: string | null): boolean {
  const agencies = leadAgenciesOf(actor, action)
  return agencies === null || (leadAgencyId !== null && agencies.includes(leadAgencyId))
}

/** The register, by state and (for those who see every agency) by one lead agency if asked. */
export function registerPage(
  db: Db,
  actor: Actor,
  filter: { show: EpisodeFilter; agencyId?: string | undefined },
) {
  const visible = leadAgenciesOf(actor)
  const asked = filter.agencyId ? [filter.agencyId] : null
  const agencyIds = visible && asked ? visible.filter(id => asked.includes(id)) : (asked ?? visible)
  return inPartnership(db, scope(actor), async trx => ({
    episodes: await repo.listEpisodes(trx, actor.partnershipId, { show: filter.show, agencyIds }),
    agencies: await agenciesFor(trx, actor, 'read'),
    seesEveryAgency: visible === null,
  }))
}

/** The active agencies the actor may name as the lead agency (or filter by). */
async function agenciesFor(trx: Trx, actor: Actor, action: Action) {
  const agencies = await repo.listActiveAgencies(trx, actor.partnershipId)
  const allowed = leadAgenciesOf(actor, action)
  return allowed ? agencies.filter(agency => allowed.includes(agency.id)) : agencies
}

/** The form to open an episode by hand: the agencies the actor may name as the lead. */
export function openFormAgencies(db: Db, actor: Actor) {
  return inPartnership(db, scope(actor), trx => agenciesFor(trx, actor, 'create'))
}

export type OpenChange = { kind: 'opened'; id: string } | Refusal

/**
 * Opens an episode by hand (a lead professional starts early help without a front door
 * decision): the child by LA child ID, with no episode open already; audited as it is written.
 */
export function openEpisodeByHand(
  db: Db,
  options: { actor: Actor; input: OpenInput; requestId: string },
): Promise<OpenChange> {
  const { actor, input, requestId } = options
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const agencies = await agenciesFor(trx, actor, 'create')
      if (!agencies.some(agency => agency.id === input.leadAgencyId)) {
        refuse('leadAgencyId', 'Select the lead professional’s agency from the list')
      }
      const childId = await childIdByLaId(trx, actor.partnershipId, input.laChildId)
      if (!childId) refuse('laChildId', 'No child’s record has this LA child ID')
      const open = await repo.findOpenEpisodeOfChild(trx, actor.partnershipId, childId, {
        lock: true,
      })
      if (open) refuse('laChildId', 'This child already has an open early help episode')
      const { id } = await repo.insertEpisode(trx, {
        partnershipId: actor.partnershipId,
        childId,
        referralId: null,
        startDate: input.startedOn,
        reason: input.reason,
        leadProfessional: input.leadProfessional,
        leadAgencyId: input.leadAgencyId,
        createdBy: actor.userId,
      })
      await recordAudit(trx, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        action: 'early-help-episode.opened',
        resourceType: 'early-help-episode',
        resourceId: id,
        childId,
        fields: {
          startDate: { to: input.startedOn },
          leadAgencyId: { to: input.leadAgencyId },
          leadProfessional: 'set',
        },
        detail: { openedBy: 'hand' },
        requestId,
      })
      return { kind: 'opened' as const, id }
    }),
  )
}

/** An episode with its reviews; reading it is audited, as it names a child. */
export function episodePage(db: Db, options: { actor: Actor; id: string; requestId: string }) {
  const { actor, id, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const episode = await repo.findEpisode(trx, actor.partnershipId, id)
    if (!episode || !mayReach(actor, 'read', episode.leadAgencyId)) return undefined
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'early-help-episode.viewed',
      resourceType: 'early-help-episode',
      resourceId: id,
      childId: episode.childId,
      requestId,
    })
    const reviews = await repo.listReviews(trx, actor.partnershipId, id)
    const agencies = await agenciesFor(trx, actor, 'update')
    return { episode, reviews, agencies }
  })
}

export type EpisodeChange = { kind: 'changed' } | { kind: 'not-found' } | Refusal

type Change<T> = (
  trx: Trx,
  episode: LockedEpisode,
  input: T,
  actor: Scope & { agencyIds: string[] | null },
) => Promise<void>
type LockedEpisode = NonNullable<Awaited<ReturnType<typeof repo.findEpisode>>>

function episodeCommand<T>(change: Change<T>) {
  return (
    db: Db,
    options: { actor: Actor; id: string; input: T; requestId: string },
  ): Promise<EpisodeChange> => {
    const { actor, id, input, requestId } = options
    return refusable(() =>
      inPartnership(db, scope(actor), async trx => {
        const episode = await repo.findEpisode(trx, actor.partnershipId, id, true)
        if (!episode || !mayReach(actor, 'update', episode.leadAgencyId)) {
          return { kind: 'not-found' as const }
        }
        if (episode.endOn !== null) refuse('form', 'This early help episode has ended')
        const agencyIds = leadAgenciesOf(actor, 'update')
        await change(trx, episode, input, { ...scope(actor), requestId, agencyIds })
        return { kind: 'changed' as const }
      }),
    )
  }
}

export const recordLead = episodeCommand<LeadInput>(async (trx, episode, input, actor) => {
  const agencies = await repo.listActiveAgencies(trx, actor.partnershipId)
  const allowed = agencies.filter(a => actor.agencyIds === null || actor.agencyIds.includes(a.id))
  if (!allowed.some(agency => agency.id === input.leadAgencyId)) {
    refuse('leadAgencyId', 'Select the lead professional’s agency from the list')
  }
  if (input.familyPlanAgreedOn && input.familyPlanAgreedOn < episode.startOn) {
    refuse('agreedOn-day', 'The family plan cannot be agreed before the episode started')
  }
  await repo.updateEpisode(trx, actor.partnershipId, episode.id, input)
  await recordAudit(trx, {
    ...audit(actor, episode, 'early-help-episode.lead-recorded'),
    fields: {
      leadAgencyId: { from: episode.leadAgencyId, to: input.leadAgencyId },
      leadProfessional: 'changed',
      familyPlan: 'changed',
      familyPlanAgreedOn: { from: episode.familyPlanAgreedOnText, to: input.familyPlanAgreedOn },
    },
  })
})

export const recordReview = episodeCommand<ReviewInput>(async (trx, episode, input, actor) => {
  if (input.heldOn < episode.startOn) {
    refuse('heldOn-day', 'The review cannot be before the episode started')
  }
  const { id } = await repo.insertReview(trx, {
    partnershipId: actor.partnershipId,
    episodeId: episode.id,
    heldOn: input.heldOn,
    notes: input.notes,
    nextReviewOn: input.nextReviewOn,
    recordedBy: actor.userId,
  })
  await recordAudit(trx, {
    ...audit(actor, episode, 'early-help-review.recorded'),
    fields: { reviewId: { to: id }, heldOn: { to: input.heldOn } },
  })
})

export const closeEpisode = episodeCommand<CloseInput>(async (trx, episode, input, actor) => {
  if (input.endedOn < episode.startOn) {
    refuse('endedOn-day', 'The date the episode ended must be on or after the date it started')
  }
  await repo.updateEpisode(trx, actor.partnershipId, episode.id, {
    endDate: input.endedOn,
    endReason: input.reason,
    endNotes: input.notes,
  })
  await recordAudit(trx, {
    ...audit(actor, episode, 'early-help-episode.closed'),
    fields: {
      endDate: { from: null, to: input.endedOn },
      endReason: { from: null, to: input.reason },
    },
  })
})

function audit(actor: Scope, episode: LockedEpisode, action: string) {
  return {
    partnershipId: actor.partnershipId,
    userId: actor.userId,
    action,
    resourceType: 'early-help-episode',
    resourceId: episode.id,
    childId: episode.childId,
    requestId: actor.requestId,
  }
}
export { EARLY_HELP_RETENTION } from './retention.js'
