import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { sendCsv } from '../../../platform/csv.js'
import { type GovukErrors } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { formatDate, render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { entryPanelHistory } from '../panels/service.js'
import {
  IdParams,
  audit,
  childName,
  ctxOf,
  items,
  scoped,
  singleQuery,
  view,
  wordsFor,
} from '../shared.js'
import * as repo from './repo.js'
import {
  DecisionForm,
  FgmListQuery,
  MandatoryReportForm,
  ReferralForm,
  SCREENING_OUTCOMES,
} from './schema.js'
import { recordFgmDecision, recordMandatoryReport, referFgm } from './service.js'
import { sendForm, recordPageForms } from '../../../platform/http/form-post.js'

const BASE = '/registers/fgm'
const v = (name: string) => view('fgm', name)
const outcomeText = (code: string) => wordsFor(SCREENING_OUTCOMES, code)

/** FGM referrals: the list, a referral, the panel's decision and the mandatory report. */
export function registerFgmRoutes(app: FastifyInstance, db: Db): void {
  app.get(BASE, { config: { access: permission('register', 'read') } }, async (request, reply) => {
    const raw = singleQuery(request)
    const parsed = raw && FgmListQuery.safeParse(raw)
    if (!parsed?.success) return reply.code(400).send('Bad query')
    const actor = actorOf(request)
    const ctx = ctxOf(request)
    const { outcome, format } = parsed.data
    if (format && !can(actor.roles, 'register', 'export')) return reply.code(403).send('Forbidden')
    const referrals = await scoped(db, actor, async trx => {
      await audit(trx, ctx, {
        action: format ? 'register.fgm.exported' : 'register.fgm.listed',
        resourceType: 'fgm-referral',
        resourceId: 'list',
        detail: { outcome: outcome ?? '' },
      })
      return (await repo.listReferrals(trx)).filter(r => !outcome || r.screeningOutcome === outcome)
    })
    if (format === 'csv') {
      return sendCsv(
        reply,
        'fgm-referrals.csv',
        [
          'LA child ID',
          'Child',
          'Referred on',
          'Screening outcome',
          'Community',
          'Panel decision',
          'Decided on',
          'Reported to police on',
          'Reported by',
        ],
        referrals.map(r => [
          r.laChildId,
          childName(r),
          formatDate(r.referredOn),
          outcomeText(r.screeningOutcome),
          r.community,
          r.panelDecision,
          formatDate(r.panelDecidedOn),
          formatDate(r.reportedToPoliceOn),
          r.reportedBy,
        ]),
      )
    }
    return render(request, reply, v('list'), {
      title: 'FGM referrals',
      referrals: referrals.map(r => ({
        ...r,
        name: childName(r),
        outcomeText: outcomeText(r.screeningOutcome),
        reportDue: r.screeningOutcome === 'known-case' && !r.reportedToPoliceOn,
      })),
      outcome: outcome ?? '',
      outcomeItems: items(SCREENING_OUTCOMES, outcome ?? '', 'All outcomes'),
      canCreate: can(actor.roles, 'register', 'create'),
      canExport: can(actor.roles, 'register', 'export'),
    })
  })

  const formPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) =>
    render(
      request,
      reply,
      v('new'),
      {
        title: 'Record an FGM referral',
        form,
        errors,
        outcomeItems: items(SCREENING_OUTCOMES, form.screeningOutcome, 'Select the outcome'),
      },
      errors ? 400 : 200,
    )

  app.get(
    `${BASE}/new`,
    { config: { access: permission('register', 'create') } },
    (request, reply) => formPage(request, reply, {}),
  )

  app.post(BASE, { config: { access: permission('register', 'create') } }, (request, reply) =>
    sendForm(request, reply, ReferralForm, {
      run: input => referFgm(db, ctxOf(request), input),
      show: state => formPage(request, reply, state.form, state.errors),
      done: outcome => reply.redirect(`${BASE}/${outcome.id}?saved=referred`, 303),
    }),
  )

  const showPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { form?: Record<string, unknown>; errors?: GovukErrors } = {},
  ) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const actor = actorOf(request)
    const ctx = ctxOf(request)
    const loaded = await scoped(db, actor, async trx => {
      const referral = await repo.findReferral(trx, params.data.id)
      if (!referral) return null
      await audit(trx, ctx, {
        action: 'register.fgm.viewed',
        resourceType: 'fgm-referral',
        resourceId: referral.id,
        childId: referral.childId,
      })
      return { referral, history: await entryPanelHistory(trx, referral.id) }
    })
    if (!loaded) return reply.callNotFound()
    const { referral } = loaded
    const saved = singleQuery(request)?.saved
    return render(
      request,
      reply,
      v('show'),
      {
        title: `FGM referral: ${childName(referral)}`,
        referral,
        name: childName(referral),
        outcomeText: outcomeText(referral.screeningOutcome),
        reviews: loaded.history.reviews,
        actions: loaded.history.actions,
        saved:
          {
            referred: 'FGM referral recorded',
            decision: 'Panel decision recorded',
            report: 'Report to the police recorded',
            action: 'Action marked as done',
          }[saved ?? ''] ?? null,
        canUpdate: can(actor.roles, 'register', 'update'),
        canMarkDone: can(actor.roles, 'register', 'update'),
        form: extra.form ?? {},
        errors: extra.errors,
      },
      extra.errors ? 400 : 200,
    )
  }

  app.get(`${BASE}/:id`, { config: { access: permission('register', 'read') } }, (request, reply) =>
    showPage(request, reply),
  )

  const post = recordPageForms(app, {
    base: BASE,
    access: permission('register', 'update'),
    params: IdParams,
    show: showPage,
  })
  post('decision', DecisionForm, (request, id, data) =>
    recordFgmDecision(db, ctxOf(request), id, data),
  )
  post('report', MandatoryReportForm, (request, id, data) =>
    recordMandatoryReport(db, ctxOf(request), id, data),
  )
}
