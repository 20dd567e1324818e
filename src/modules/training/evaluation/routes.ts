import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { type GovukErrors, fieldError, formBody, govukErrors } from '../../../platform/forms.js'
import { findPublicPartnership } from '../../../platform/front-page.js'
import { render } from '../../../platform/http/web.js'
import { PUBLIC, can, permission } from '../../../platform/permissions.js'
import { isRefusal } from '../../../platform/refusal.js'
import { IdParams, SlugTokenParams } from '../booking/schema.js'
import { choices, ctxOf, exportIfAsked, listQuery, view } from '../shared.js'
import { EvaluationForm, FollowUpForm, LinkForm } from './schema.js'
import {
  actionChoices,
  evaluationByToken,
  impactEvidence,
  linkImpact,
  submitEvaluation,
} from './service.js'

const page = (name: string) => view('evaluation', name)

/** The evaluation and follow-up pages that emailed links open, and the impact evidence list. */
export function registerEvaluationRoutes(app: FastifyInstance, db: Db): void {
  for (const kind of ['post-course', 'follow-up'] as const) {
    const path = kind === 'post-course' ? 'evaluation' : 'follow-up'
    const schema = kind === 'post-course' ? EvaluationForm : FollowUpForm
    const form = async (
      request: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown> = {},
      errors?: GovukErrors,
    ) => {
      const params = SlugTokenParams.safeParse(request.params)
      const partnership = params.success
        ? await findPublicPartnership(db, { slug: params.data.slug })
        : undefined
      const booking =
        params.success && partnership
          ? await evaluationByToken(db, partnership.id, params.data.token, kind)
          : null
      if (!params.success || !partnership || !booking) {
        return render(
          request,
          reply,
          view('booking', 'link-expired'),
          { title: 'This link has expired or been used' },
          404,
        )
      }
      return render(
        request,
        reply,
        page(path),
        {
          title: kind === 'post-course' ? `Evaluate ${booking.title}` : 'Three months on',
          booking,
          partnership,
          token: params.data.token,
          form: values,
          errors,
        },
        errors ? 400 : 200,
      )
    }
    app.get(`/programme/:slug/${path}/:token`, { config: { access: PUBLIC } }, (request, reply) =>
      form(request, reply),
    )
    app.post(
      `/programme/:slug/${path}/:token`,
      { config: { access: PUBLIC } },
      async (request, reply) => {
        const params = SlugTokenParams.safeParse(request.params)
        const partnership = params.success
          ? await findPublicPartnership(db, { slug: params.data.slug })
          : undefined
        if (!params.success || !partnership) return form(request, reply)
        const body = formBody(request.body)
        const parsed = schema.safeParse(body)
        if (!parsed.success) return form(request, reply, body, govukErrors(parsed.error))
        const base = {
          partnershipId: partnership.id,
          token: params.data.token,
          requestId: request.id,
        }
        const outcome = await submitEvaluation(
          db,
          kind === 'post-course'
            ? { ...base, kind, answers: EvaluationForm.parse(body) }
            : { ...base, kind, answers: FollowUpForm.parse(body) },
        )
        if (isRefusal(outcome))
          return form(request, reply, body, fieldError(outcome.field, outcome.message))
        if (outcome.kind === 'expired') return form(request, reply)
        return render(request, reply, page('thanks'), { title: 'Thank you', partnership })
      },
    )
  }

  const impactPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: GovukErrors,
    failedId?: string,
  ) => {
    const ctx = ctxOf(request)
    const query = listQuery(request)
    const rows = await impactEvidence(db, ctx)
    const exported = exportIfAsked(ctx, reply, 'training', query.format, () => ({
      name: 'training-impact',
      header: ['course', 'event_date', 'agency', 'impact', 'linked_to_plan'],
      rows: rows.map(r => [
        r.title,
        r.startsOn,
        r.agencyName,
        r.impactText,
        r.linkedActionId ? 'yes' : 'no',
      ]),
    }))
    if (exported) return exported
    const actions = can(ctx.actor.roles, 'business-plan', 'read')
      ? await actionChoices(db, ctx)
      : []
    return render(
      request,
      reply,
      page('impact'),
      {
        title: 'Impact evidence from follow-ups',
        rows,
        actionItems: choices(actions, undefined, 'Select the action'),
        actions: Object.fromEntries(actions.map(a => [a.id, a.label])),
        canLink: can(ctx.actor.roles, 'training', 'update') && actions.length > 0,
        errors,
        failedId,
        notice: query.notice === 'linked' ? 'Evidence linked to the business plan' : undefined,
      },
      errors ? 400 : 200,
    )
  }
  app.get(
    '/training/impact',
    { config: { access: permission('training', 'read') } },
    (request, reply) => impactPage(request, reply),
  )
  app.post(
    '/training/impact/:id/link',
    { config: { access: permission('training', 'update') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const form = LinkForm.safeParse(formBody(request.body))
      if (!form.success) return impactPage(request, reply, govukErrors(form.error), params.data.id)
      const outcome = await linkImpact(db, ctxOf(request), params.data.id, form.data.actionId)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'refused')
        return impactPage(
          request,
          reply,
          fieldError(outcome.field, outcome.message),
          params.data.id,
        )
      return reply.redirect('/training/impact?notice=linked', 303)
    },
  )
}
