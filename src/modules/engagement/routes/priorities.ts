import { recordFormPost } from '../../../platform/http/form-post.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { type GovukErrors, fieldError, formBody, govukErrors } from '../../../platform/forms.js'
import { can, permission } from '../../../platform/permissions.js'
import { isRefusal } from '../../../platform/refusal.js'
import { ExerciseForm, PlanFromResultForm } from '../schema/priorities.js'
import {
  castBallot,
  createExercise,
  exerciseResult,
  listExercises,
  planFromResult,
} from '../service/priorities.js'
import { IdParams, ctxOf, view } from '../shared.js'
import { renderFormPage } from '../../../platform/http/form-page.js'

const BASE = '/engagement/priorities'

/** The rank shown in a select: what was just sent, else the person's earlier ballot. */
const chosenRank = (sent: unknown, cast: number | undefined): string =>
  typeof sent === 'string' ? sent : cast === undefined ? '' : String(cast)

/** Priority-setting exercises: the business unit sets them up, board members rank the areas. */
export function registerPriorityRoutes(app: FastifyInstance, db: Db): void {
  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors?: GovukErrors,
  ) => {
    const ctx = ctxOf(request)
    return renderFormPage(
      request,
      reply,
      view('priorities'),
      {
        title: 'Setting priorities',
        exercises: await listExercises(db, ctx),
        canCreate: can(ctx.actor.roles, 'engagement', 'create'),
      },
      { form, errors },
    )
  }
  app.get(BASE, { config: { access: permission('engagement', 'read') } }, (request, reply) =>
    listPage(request, reply),
  )
  app.post(
    BASE,
    { config: { access: permission('engagement', 'create') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const parsed = ExerciseForm.safeParse(body)
      if (!parsed.success) return listPage(request, reply, body, govukErrors(parsed.error))
      const id = await createExercise(db, ctxOf(request), parsed.data)
      return reply.redirect(`${BASE}/${id}`, 303)
    },
  )

  const exercisePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors?: GovukErrors,
  ) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const ctx = ctxOf(request)
    const found = await exerciseResult(db, ctx, params.data.id)
    if (!found) return reply.callNotFound()
    const rankItems = (areaId: string) => [
      { value: '', text: 'Select a rank' },
      ...found.areas.map((_, i) => ({
        value: String(i + 1),
        text: String(i + 1),
        selected: chosenRank(form[`rank-${areaId}`], found.myBallot?.[areaId]) === String(i + 1),
      })),
    ]
    return renderFormPage(
      request,
      reply,
      view('priority-exercise'),
      {
        title: found.exercise.title,
        ...found,
        ballotAreas: found.areas.map(a => ({ ...a, items: rankItems(a.id) })),
        canBallot:
          can(ctx.actor.roles, 'engagement-ballot', 'create') && found.exercise.status === 'open',
        canPlan:
          can(ctx.actor.roles, 'engagement', 'update') &&
          !found.exercise.planId &&
          found.ballots > 0,
      },
      { form, errors },
    )
  }
  app.get(
    `${BASE}/:id`,
    { config: { access: permission('engagement', 'read') } },
    (request, reply) => exercisePage(request, reply),
  )
  app.post(
    `${BASE}/:id/ballot`,
    { config: { access: permission('engagement-ballot', 'create') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const body = formBody(request.body)
      const ranks: Record<string, number> = {}
      for (const [key, value] of Object.entries(body))
        if (key.startsWith('rank-') && typeof value === 'string' && /^\d{1,3}$/.test(value))
          ranks[key.slice(5)] = Number(value)
      const outcome = await castBallot(db, ctxOf(request), params.data.id, ranks)
      if (isRefusal(outcome))
        return exercisePage(request, reply, body, fieldError(outcome.field, outcome.message))
      if (outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(`${BASE}/${params.data.id}`, 303)
    },
  )
  recordFormPost(app, `${BASE}/:id/plan`, {
    access: permission('engagement', 'update'),
    params: IdParams,
    schema: PlanFromResultForm,
    run: (request, id, input) => planFromResult(db, ctxOf(request), id, input),
    show: (request, reply, state) => exercisePage(request, reply, state.form, state.errors),
    done: (reply, _id, outcome) => reply.redirect(`/governance/plans/${outcome.planId}`, 303),
  })
}
