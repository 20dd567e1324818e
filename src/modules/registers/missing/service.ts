import type { Db, Trx } from '../../../db/database.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import {
  type Ctx,
  audit,
  londonDateTime,
  registerSettings,
  resolveChild,
  scoped,
} from '../shared.js'
import { isRepeatMissing, interviewOfferedOnTime } from './clocks.js'
import * as repo from './repo.js'
import type { EpisodeInput, InterviewInput } from './schema.js'

export type Saved = { kind: 'saved'; id: string } | { kind: 'not-found' } | Refusal

/** A missing episode reported (and perhaps already found), on the child's record. */
export function recordEpisode(db: Db, ctx: Ctx, input: EpisodeInput): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const child = await resolveChild(trx, ctx, input)
      const reportedAt = londonDateTime(input.reportedOn, input.reportedTime)
      const foundAt =
        input.foundOn && input.foundTime ? londonDateTime(input.foundOn, input.foundTime) : null
      if (foundAt && foundAt < reportedAt)
        refuse(
          'foundOn',
          'The time the child was found must be after the time they were reported missing',
        )
      if (input.policeReference) {
        const taken = await repo.findPoliceReferences(trx, [input.policeReference])
        if (taken.length)
          refuse('policeReference', 'An episode with this police reference is already recorded')
      }
      const { id } = await repo.insertEpisode(trx, {
        partnershipId: ctx.actor.partnershipId,
        childId: child.id,
        reportedAt,
        foundAt,
        missingFrom: input.missingFrom,
        policeReference: input.policeReference,
        source: 'recorded',
        createdBy: ctx.actor.userId,
      })
      await audit(trx, ctx, {
        action: 'register.missing.recorded',
        resourceType: 'missing-episode',
        resourceId: id,
        childId: child.id,
        fields: {
          missingFrom: input.missingFrom,
          reportedAt,
          foundAt,
          policeReference: input.policeReference ? 'set' : null,
        },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

export function recordFound(
  db: Db,
  ctx: Ctx,
  id: string,
  input: { foundOn: string; foundTime: string },
): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const episode = await repo.findEpisode(trx, id)
      if (!episode) return { kind: 'not-found' as const }
      if (episode.foundAt) refuse('foundOn', 'This child has already been recorded as found')
      const foundAt = londonDateTime(input.foundOn, input.foundTime)
      if (foundAt < episode.reportedAt)
        refuse(
          'foundOn',
          'The time the child was found must be after the time they were reported missing',
        )
      await repo.updateEpisode(trx, id, { foundAt })
      await audit(trx, ctx, {
        action: 'register.missing.found',
        resourceType: 'missing-episode',
        resourceId: id,
        childId: episode.childId,
        fields: { foundAt },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

/** The return home interview: when it was offered and, later, whether it was completed or declined. */
export function recordInterview(
  db: Db,
  ctx: Ctx,
  id: string,
  input: InterviewInput,
): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const episode = await repo.findEpisode(trx, id)
      if (!episode) return { kind: 'not-found' as const }
      if (!episode.foundAt)
        refuse('offeredOn', 'Record when the child was found before the return home interview')
      const offeredAt = londonDateTime(input.offeredOn, input.offeredTime)
      if (offeredAt < episode.foundAt)
        refuse('offeredOn', 'The interview must be offered after the child was found')
      if (input.interviewOn && input.interviewOn < input.offeredOn)
        refuse(
          'interviewOn',
          'The interview date must be the same as or after the date it was offered',
        )
      await repo.updateEpisode(trx, id, {
        interviewOfferedAt: offeredAt,
        interviewOutcome: input.outcome,
        interviewOn: input.interviewOn,
      })
      await audit(trx, ctx, {
        action: 'register.missing.interview',
        resourceType: 'missing-episode',
        resourceId: id,
        childId: episode.childId,
        fields: {
          offeredAt,
          outcome: input.outcome,
          interviewOn: input.interviewOn,
          onTime: interviewOfferedOnTime(episode.foundAt, offeredAt),
        },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

/** The children among `childIds` who are repeatedly missing now, by the partnership's rule. */
export async function repeatMissingChildren(
  trx: Trx,
  childIds: readonly string[],
  asOf: Date,
): Promise<Set<string>> {
  const settings = await registerSettings(trx)
  const rule = { episodes: settings.repeatMissingEpisodes, days: settings.repeatMissingDays }
  const byChild = new Map<string, Date[]>()
  for (const row of await repo.listChildReportedAts(trx, childIds)) {
    byChild.set(row.childId, [...(byChild.get(row.childId) ?? []), row.reportedAt])
  }
  return new Set(
    [...byChild].filter(([, ats]) => isRepeatMissing(ats, rule, asOf)).map(([id]) => id),
  )
}

/** An episode as lists and its page show it, with its clock. */
export function episodeView(episode: Awaited<ReturnType<typeof repo.findEpisode>> & object) {
  const onTime =
    episode.foundAt && episode.interviewOfferedAt
      ? interviewOfferedOnTime(episode.foundAt, episode.interviewOfferedAt)
      : null
  return { ...episode, interviewOnTime: onTime }
}
