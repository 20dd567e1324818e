import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type GovukErrors, fieldError, formBody, govukErrors } from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { isRefusal } from '../../../platform/refusal.js'
import { FREE_SECTIONS, IssueForm } from '../schema/bulletin.js'
import {
  composeOptions,
  createIssue,
  issueForPreview,
  listIssues,
  publishIssue,
} from '../service/bulletin.js'
import { type SendDeps, sendIssue } from '../service/subscribers.js'
import { IdParams, ctxOf, partnershipById, view } from '../shared.js'
import { renderFormPage } from '../../../platform/http/form-page.js'

const BASE = '/engagement/bulletin'

const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value]

/** The business unit's bulletin pages: issues, composing, preview and publishing. */
export function registerBulletinRoutes(app: FastifyInstance, deps: SendDeps): void {
  const { db } = deps
  app.get(
    BASE,
    { config: { access: permission('engagement', 'read') } },
    async (request, reply) => {
      const ctx = ctxOf(request)
      const { issues, subscribers } = await listIssues(db, ctx)
      return render(request, reply, view('bulletin'), {
        title: 'The bulletin',
        issues,
        subscribers,
        canCreate: can(ctx.actor.roles, 'engagement', 'create'),
      })
    },
  )

  const composePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const options = await composeOptions(db, ctxOf(request))
    const items = (key: keyof typeof options) =>
      options[key].map(item => ({
        value: item.id,
        text: item.text,
        checked: asList(form[key]).includes(item.id),
      }))
    return renderFormPage(
      request,
      reply,
      view('bulletin-compose'),
      {
        title: 'Compose an issue',
        decisionItems: items('decisions'),
        paperItems: items('papers'),
        keyPointItems: items('keyPoints'),
        eventItems: items('events'),
        freeSections: Array.from({ length: FREE_SECTIONS }, (_, i) => i + 1),
      },
      { form, errors },
    )
  }
  app.get(
    `${BASE}/new`,
    { config: { access: permission('engagement', 'create') } },
    (request, reply) => composePage(request, reply, {}),
  )
  app.post(
    BASE,
    { config: { access: permission('engagement', 'create') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const parsed = IssueForm.safeParse(body)
      if (!parsed.success) return composePage(request, reply, body, govukErrors(parsed.error))
      const outcome = await createIssue(db, ctxOf(request), parsed.data)
      if (isRefusal(outcome))
        return composePage(request, reply, body, fieldError(outcome.field, outcome.message))
      return reply.redirect(`${BASE}/${outcome.id}`, 303)
    },
  )

  const previewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: GovukErrors,
  ) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const ctx = ctxOf(request)
    const found = await issueForPreview(db, ctx, params.data.id)
    if (!found) return reply.callNotFound()
    return render(
      request,
      reply,
      view('bulletin-preview'),
      {
        title: found.issue.status === 'draft' ? `Preview: ${found.issue.title}` : found.issue.title,
        ...found,
        canPublish: can(ctx.actor.roles, 'engagement', 'update') && found.issue.status === 'draft',
        errors,
      },
      errors ? 400 : 200,
    )
  }
  app.get(
    `${BASE}/:id`,
    { config: { access: permission('engagement', 'read') } },
    (request, reply) => previewPage(request, reply),
  )
  app.post(
    `${BASE}/:id/publish`,
    { config: { access: permission('engagement', 'update') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const ctx = ctxOf(request)
      const outcome = await publishIssue(db, ctx, params.data.id)
      if (isRefusal(outcome))
        return previewPage(request, reply, fieldError(outcome.field, outcome.message))
      if (outcome.kind === 'not-found') return reply.callNotFound()
      const partnership = await partnershipById(db, ctx.actor.partnershipId)
      await sendIssue(deps, partnership, params.data.id)
      return reply.redirect(`${BASE}/${params.data.id}`, 303)
    },
  )
}
