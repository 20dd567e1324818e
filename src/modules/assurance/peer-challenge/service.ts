import type { Db } from '../../../db/database.js'
import { listAgencies } from '../../../platform/directory.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import { addAssuranceChallenge } from '../../governance/service.js'
import { type Ctx, audit, scoped } from '../shared.js'

/** Peer challenge events: who came, which returns were discussed, challenges and outcomes. */

export interface PeerEventInput {
  title: string
  heldOn: string
  cycleId: string | null
  agencyIds: string[]
  returnIds: string[]
  outcomes: string | null
}

export function recordPeerEvent(
  db: Db,
  ctx: Ctx,
  input: PeerEventInput,
): Promise<{ kind: 'saved'; id: string } | Refusal> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const agencies = await listAgencies(trx, ctx.actor.partnershipId)
      if (!input.agencyIds.every(id => agencies.some(a => a.id === id)))
        refuse('agencyIds', 'Select agencies from the list')
      if (input.returnIds.length) {
        const found = await trx
          .selectFrom('asrReturn')
          .select('id')
          .where('id', 'in', input.returnIds)
          .where('partnershipId', '=', ctx.actor.partnershipId)
          .execute()
        if (found.length !== new Set(input.returnIds).size)
          refuse('returnIds', 'Select returns from the list')
      }
      const { id } = await trx
        .insertInto('asrPeerEvent')
        .values({
          partnershipId: ctx.actor.partnershipId,
          title: input.title,
          heldOn: input.heldOn,
          cycleId: input.cycleId,
          agencyIds: JSON.stringify(input.agencyIds),
          returnIds: JSON.stringify(input.returnIds),
          outcomes: input.outcomes,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(trx, ctx, {
        action: 'assurance.peer-event.created',
        resourceType: 'asr-peer-event',
        resourceId: id,
        fields: { ...input },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

export interface PeerChallengeInput {
  raisedBy: string
  challenged: string
  subject: string
}

/** A challenge raised at the event goes into the governance challenge log. */
export function raiseChallenge(
  db: Db,
  ctx: Ctx,
  eventId: string,
  input: PeerChallengeInput,
): Promise<{ kind: 'saved'; id: string } | { kind: 'not-found' } | Refusal> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const event = await trx
        .selectFrom('asrPeerEvent')
        .selectAll()
        .where('id', '=', eventId)
        .where('partnershipId', '=', ctx.actor.partnershipId)
        .executeTakeFirst()
      if (!event) return { kind: 'not-found' as const }
      const challengeId = await addAssuranceChallenge(trx, ctx, {
        raisedOn: event.heldOn,
        raisedBy: input.raisedBy,
        challenged: input.challenged,
        subject: `${event.title}: ${input.subject}`,
      })
      await trx
        .insertInto('asrPeerChallenge')
        .values({ partnershipId: ctx.actor.partnershipId, eventId, govChallengeId: challengeId })
        .execute()
      await audit(trx, ctx, {
        action: 'assurance.peer-challenge.raised',
        resourceType: 'asr-peer-event',
        resourceId: eventId,
        fields: { ...input, challengeId },
      })
      return { kind: 'saved' as const, id: challengeId }
    }),
  )
}

export function listPeerEvents(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, async trx => {
    const events = await trx
      .selectFrom('asrPeerEvent')
      .selectAll()
      .where('partnershipId', '=', ctx.actor.partnershipId)
      .orderBy('heldOn', 'desc')
      .execute()
    const challenges = await trx
      .selectFrom('asrPeerChallenge')
      .selectAll()
      .where('partnershipId', '=', ctx.actor.partnershipId)
      .execute()
    const agencies = await listAgencies(trx, ctx.actor.partnershipId)
    return events.map(e => ({
      ...e,
      agencyNames: e.agencyIds.map(id => agencies.find(a => a.id === id)?.name ?? ''),
      challengeIds: challenges.filter(c => c.eventId === e.id).map(c => c.govChallengeId),
    }))
  })
}
