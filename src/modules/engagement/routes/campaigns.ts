import { createFormRoutes, type FormPage } from '../../../platform/http/create-form.js'
import { namedItems } from '../../../platform/forms.js'
import { recordFormPost } from '../../../platform/http/form-post.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import type { GovukErrors } from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { TABLE_FORMATS, sendTable } from '../../../platform/spreadsheets.js'
import { CampaignEvidenceForm, CampaignForm, ReachForm } from '../schema/campaigns.js'
import {
  campaignActionChoices,
  campaignPage,
  campaignTable,
  createCampaign,
  linkCampaignEvidence,
  listCampaigns,
  recordReach,
} from '../service/campaigns.js'
import { IdParams, ctxOf, view } from '../shared.js'

const BASE = '/engagement/campaigns'

type Form = Record<string, unknown>

/** Campaigns: the list and its downloads, a new campaign, its reach and its plan evidence. */
export function registerCampaignRoutes(app: FastifyInstance, db: Db): void {
  app.get(
    BASE,
    { config: { access: permission('engagement', 'read') } },
    async (request, reply) => {
      const ctx = ctxOf(request)
      return render(request, reply, view('campaigns'), {
        title: 'Campaigns',
        campaigns: await listCampaigns(db, ctx),
        canCreate: can(ctx.actor.roles, 'engagement', 'create'),
        canExport: can(ctx.actor.roles, 'engagement', 'export'),
      })
    },
  )

  for (const format of TABLE_FORMATS)
    app.get(
      `${BASE}/export.${format}`,
      { config: { access: permission('engagement', 'export') } },
      async (request, reply) => {
        const { header, rows } = await campaignTable(db, ctxOf(request))
        return sendTable(reply, format, 'campaigns', header, rows)
      },
    )

  const newPage: FormPage = (request, reply, form, errors) =>
    render(
      request,
      reply,
      view('campaign-new'),
      { title: 'New campaign', form, errors },
      errors ? 400 : 200,
    )
  createFormRoutes(app, {
    path: BASE,
    access: permission('engagement', 'create'),
    schema: CampaignForm,
    page: newPage,
    run: (request, input) => createCampaign(db, ctxOf(request), input),
    next: id => `${BASE}/${id}`,
  })

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { form?: Form; errors?: GovukErrors } = {},
  ) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const ctx = ctxOf(request)
    const data = await campaignPage(db, ctx, params.data.id)
    if (!data) return reply.callNotFound()
    const canUpdate = can(ctx.actor.roles, 'engagement', 'update')
    const actions =
      canUpdate && can(ctx.actor.roles, 'business-plan', 'read')
        ? await campaignActionChoices(db, ctx)
        : []
    const form = extra.form ?? {}
    return render(
      request,
      reply,
      view('campaign'),
      {
        title: data.campaign.title,
        ...data,
        agencyItems: namedItems(data.agencies, form.agencyId, 'The partnership itself'),
        actionItems: [
          { value: '', text: 'Select the action' },
          ...actions.map(a => ({ value: a.id, text: a.label })),
        ],
        canUpdate,
        form,
        errors: extra.errors,
      },
      extra.errors ? 400 : 200,
    )
  }
  app.get(
    `${BASE}/:id`,
    { config: { access: permission('engagement', 'read') } },
    (request, reply) => page(request, reply),
  )

  recordFormPost(app, `${BASE}/:id/reach`, {
    access: permission('engagement', 'update'),
    params: IdParams,
    schema: ReachForm,
    run: (request, id, input) => recordReach(db, ctxOf(request), id, input),
    show: (request, reply, state) => page(request, reply, state),
    done: (reply, id) => reply.redirect(`${BASE}/${id}#reach`, 303),
  })

  recordFormPost(app, `${BASE}/:id/evidence`, {
    access: permission('engagement', 'update'),
    params: IdParams,
    schema: CampaignEvidenceForm,
    run: (request, id, input) => linkCampaignEvidence(db, ctxOf(request), id, input.actionId),
    show: (request, reply, state) => page(request, reply, state),
    done: (reply, id) => reply.redirect(`${BASE}/${id}#evidence`, 303),
  })
}
