import type { Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { addLinkedPlanAction, issueVersion } from '../../governance/service.js'
import * as repo from '../repo/priorities.js'
import type { ExerciseInput, PlanFromResultInput } from '../schema/priorities.js'
import { type Ctx, audit, scoped } from '../shared.js'
import { bordaResult, isCompleteRanking } from './ranking.js'

/** Priority-setting: board members rank candidate areas; the top areas start a new plan. */

export function listExercises(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, trx => repo.listExercises(trx))
}

export function createExercise(db: Db, ctx: Ctx, input: ExerciseInput) {
  return scoped(db, ctx.actor, async trx => {
    const partnershipId = ctx.actor.partnershipId
    const { id } = await trx
      .insertInto('engPriorityExercise')
      .values({ partnershipId, title: input.title, prioritiesWanted: input.prioritiesWanted })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('engPriorityArea')
      .values(input.areas.map(name => ({ partnershipId, exerciseId: id, name })))
      .execute()
    await audit(trx, ctx, {
      action: 'engagement.priorities.created',
      resourceType: 'eng-priority-exercise',
      resourceId: id,
      fields: input,
    })
    return id
  })
}

export function exerciseResult(db: Db, ctx: Ctx, id: string) {
  return scoped(db, ctx.actor, async trx => {
    const exercise = await repo.findExercise(trx, id)
    if (!exercise) return null
    const areas = await repo.listAreas(trx, id)
    const ballots = await repo.listBallots(trx, id)
    return {
      exercise,
      areas,
      ballots: ballots.length,
      myBallot: ballots.find(b => b.userId === ctx.actor.userId)?.ranks ?? null,
      result: bordaResult(
        areas,
        ballots.map(b => b.ranks),
      ),
    }
  })
}

/** A board member's ranking of every area, replacing any they cast before. */
export function castBallot(db: Db, ctx: Ctx, exerciseId: string, ranks: Record<string, number>) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const exercise = await repo.findExercise(trx, exerciseId)
      if (!exercise) return { kind: 'not-found' } as const
      if (exercise.status !== 'open')
        refuse('ranks', 'The exercise is closed: ballots can no longer be cast')
      const areas = await repo.listAreas(trx, exerciseId)
      if (
        !isCompleteRanking(
          areas.map(a => a.id),
          ranks,
        )
      )
        refuse('ranks', `Give each area a different rank from 1 to ${areas.length}`)
      await trx
        .insertInto('engPriorityBallot')
        .values({
          partnershipId: ctx.actor.partnershipId,
          exerciseId,
          userId: ctx.actor.userId,
          ranks: JSON.stringify(ranks),
        })
        .onConflict(oc =>
          oc.columns(['exerciseId', 'userId']).doUpdateSet({ ranks: JSON.stringify(ranks) }),
        )
        .execute()
      await audit(trx, ctx, {
        action: 'engagement.priorities.ballot-cast',
        resourceType: 'eng-priority-exercise',
        resourceId: exerciseId,
      })
      return { kind: 'saved' } as const
    }),
  )
}

/**
 * Closes the exercise and starts a business plan from its result: one priority per chosen area
 * (in the result's order), each with a first action to agree, then version 1 of the plan, both
 * through governance's service.
 */
export async function planFromResult(
  db: Db,
  ctx: Ctx,
  exerciseId: string,
  input: PlanFromResultInput,
) {
  const outcome = await refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const exercise = await repo.findExercise(trx, exerciseId)
      if (!exercise) return { kind: 'not-found' } as const
      if (exercise.planId) refuse('planTitle', 'This exercise has already started a plan')
      if (input.endsOn <= input.startsOn) refuse('endsOn', 'The plan must end after it starts')
      const ballots = await repo.listBallots(trx, exerciseId)
      if (ballots.length === 0) refuse('planTitle', 'No ballots have been cast yet')
      const chosen = bordaResult(
        await repo.listAreas(trx, exerciseId),
        ballots.map(b => b.ranks),
      ).slice(0, exercise.prioritiesWanted)
      let planId: string | null = null
      for (const area of chosen) {
        const added: { planId: string } = await addLinkedPlanAction(trx, ctx, {
          planId,
          planTitle: input.planTitle,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          priorityNumber: area.position,
          priorityTitle: area.name,
          reference: `${area.position}.1`,
          specificAction: `Agree the actions for ${area.name}`,
          leadAgencyId: null,
          dueOn: input.endsOn,
          sourceTag: `Priority-setting: ${exercise.title}`,
        })
        planId = added.planId
      }
      await trx
        .updateTable('engPriorityExercise')
        .set({ status: 'closed', planId })
        .where('id', '=', exerciseId)
        .execute()
      await audit(trx, ctx, {
        action: 'engagement.priorities.plan-created',
        resourceType: 'eng-priority-exercise',
        resourceId: exerciseId,
        fields: { planId },
      })
      return { kind: 'saved', planId: planId ?? '', chosen } as const
    }),
  )
  if (outcome.kind !== 'saved') return outcome
  await issueVersion(db, ctx, outcome.planId, {
    number: 1,
    label: 'Version 1, from the priority-setting exercise',
    issuedOn: londonToday(),
    changes: `Priorities ranked by the board (Borda count): ${outcome.chosen.map(a => a.name).join('; ')}`,
  })
  return outcome
}
