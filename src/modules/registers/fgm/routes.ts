import type { FastifyInstance } from 'fastify'
import type { Db } from '../../../db/database.js'
import { sendCsv } from '../../../platform/csv.js'

import { actorOf } from '../../../platform/http/access.js'
import { formatDate, render } from '../../../platform/http/web.js'
import { can } from '../../../platform/permissions.js'
import { entryPanelHistory } from '../panels/service.js'
import {
  audit,
  childName,
  items,
  scoped,
  savedNotice,
  view,
  viewEntry,
  wordsFor,
  type EntryPage,
  type NewEntryPage,
  registerEntryRoutes,
  registerListRoute,
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
import { renderFormPage } from '../../../platform/http/form-page.js'

const BASE = '/registers/fgm'
const v = (name: string) => view('fgm', name)
const outcomeText = (code: string) => wordsFor(SCREENING_OUTCOMES, code)

/** FGM referrals: the list, a referral, the panel's decision and the mandatory report. */
export function registerFgmRoutes(app: FastifyInstance, db: Db): void {
  registerListRoute(app, {
    path: BASE,
    resource: 'register',
    query: FgmListQuery,
    handler: async (request, reply, { outcome, format }, ctx) => {
      const { actor } = ctx
      const referrals = await scoped(db, actor, async trx => {
        await audit(trx, ctx, {
          action: format ? 'register.fgm.exported' : 'register.fgm.listed',
          resourceType: 'fgm-referral',
          resourceId: 'list',
          detail: { outcome: outcome ?? '' },
        })
        return (await repo.listReferrals(trx)).filter(
          r => !outcome || r.screeningOutcome === outcome,
        )
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
    },
  })

  const formPage: NewEntryPage = (request, reply, form, errors) =>
    renderFormPage(
      request,
      reply,
      v('new'),
      {
        title: 'Record an FGM referral',
        outcomeItems: items(SCREENING_OUTCOMES, form.screeningOutcome, 'Select the outcome'),
      },
      { form, errors },
    )

  const showPage: EntryPage = async (request, reply, extra = {}) => {
    const loaded = await viewEntry(db, request, {
      action: 'register.fgm.viewed',
      resourceType: 'fgm-referral',
      load: async (trx, id) => {
        const referral = await repo.findReferral(trx, id)
        return referral && { referral, history: await entryPanelHistory(trx, referral.id) }
      },
      entryOf: found => found.referral,
    })
    if (!loaded) return reply.callNotFound()
    const actor = actorOf(request)
    const { referral } = loaded
    return renderFormPage(
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
        saved: savedNotice(request, {
          referred: 'FGM referral recorded',
          decision: 'Panel decision recorded',
          report: 'Report to the police recorded',
          action: 'Action marked as done',
        }),
        canUpdate: can(actor.roles, 'register', 'update'),
        canMarkDone: can(actor.roles, 'register', 'update'),
      },
      extra,
    )
  }

  const post = registerEntryRoutes(app, db, {
    base: BASE,
    schema: ReferralForm,
    create: referFgm,
    created: 'referred',
    newPage: formPage,
    page: showPage,
  })
  post('decision', DecisionForm, recordFgmDecision)
  post('report', MandatoryReportForm, recordMandatoryReport)
}
