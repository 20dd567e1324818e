import type { FastifyInstance } from 'fastify'
import type { Db } from '../../../db/database.js'
import { partnershipCalendar } from '../../../platform/admin.js'
import { londonToday } from '../../../platform/calendar.js'
import { sendCsv } from '../../../platform/csv.js'

import { actorOf } from '../../../platform/http/access.js'
import { formatDate, render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { privateFosteringFigures } from '../queries.js'
import {
  audit,
  childName,
  ctxOf,
  items,
  radioItems,
  scoped,
  singleQuery,
  view,
  wordsFor,
  savedNotice,
  viewEntry,
  type EntryPage,
  type NewEntryPage,
  registerEntryRoutes,
} from '../shared.js'
import * as repo from './repo.js'
import {
  ASSESSMENT_OUTCOMES,
  AssessmentForm,
  END_REASONS,
  EndForm,
  FiguresQuery,
  NotificationForm,
  VisitForm,
} from './schema.js'
import {
  arrangementWithVisits,
  endArrangement,
  notifyArrangement,
  recordAssessment,
  recordVisit,
} from './service.js'
import { renderFormPage } from '../../../platform/http/form-page.js'
import { financialYearOf, financialYearPeriod } from '../../../platform/financial-year.js'

const BASE = '/registers/private-fostering'
const v = (name: string) => view('private-fostering', name)
const outcomeText = (code: string | null) => (code ? wordsFor(ASSESSMENT_OUTCOMES, code) : null)
const endText = (code: string | null) =>
  code === 'not-private-fostering'
    ? 'Not private fostering'
    : code
      ? wordsFor(END_REASONS, code)
      : null

/** The financial year (April to March) that `day` falls in. */
const financialYear = (day: string) => financialYearPeriod(financialYearOf(day))

/** Private fostering: notifications, visits, assessments, ends and the year's figures. */
export function registerPrivateFosteringRoutes(app: FastifyInstance, db: Db): void {
  app.get(BASE, { config: { access: permission('register', 'read') } }, async (request, reply) => {
    const raw = singleQuery(request)
    if (!raw || Object.keys(raw).some(k => k !== 'show' && k !== 'format'))
      return reply.code(400).send('Bad query')
    const show = raw.show ?? 'open'
    if (
      !['open', 'ended', 'all'].includes(show) ||
      (raw.format !== undefined && raw.format !== 'csv')
    )
      return reply.code(400).send('Bad query')
    const actor = actorOf(request)
    if (raw.format && !can(actor.roles, 'register', 'export'))
      return reply.code(403).send('Forbidden')
    const ctx = ctxOf(request)
    const rows = await scoped(db, actor, async trx => {
      await audit(trx, ctx, {
        action: raw.format
          ? 'register.private-fostering.exported'
          : 'register.private-fostering.listed',
        resourceType: 'private-fostering',
        resourceId: 'list',
        detail: { show },
      })
      return (await repo.listArrangements(trx)).filter(
        a => show === 'all' || (show === 'open') === (a.endedOn === null),
      )
    })
    if (raw.format === 'csv') {
      return sendCsv(
        reply,
        'private-fostering.csv',
        [
          'LA child ID',
          'Child',
          'Notified',
          'Arrangement started',
          'Disabled',
          'Carer',
          'Assessment completed',
          'Outcome',
          'Ended',
          'Reason',
        ],
        rows.map(a => [
          a.laChildId,
          childName(a),
          formatDate(a.notifiedOn),
          formatDate(a.arrangementStart),
          a.childDisabled ? 'Yes' : 'No',
          a.carerName,
          formatDate(a.assessmentCompletedOn),
          outcomeText(a.assessmentOutcome),
          formatDate(a.endedOn),
          endText(a.endReason),
        ]),
      )
    }
    return render(request, reply, v('list'), {
      title: 'Private fostering',
      rows: rows.map(a => ({
        ...a,
        name: childName(a),
        outcome: outcomeText(a.assessmentOutcome),
      })),
      show,
      showItems: items({ open: 'Open arrangements', ended: 'Ended', all: 'All' }, show),
      canCreate: can(actor.roles, 'register', 'create'),
      canExport: can(actor.roles, 'register', 'export'),
    })
  })

  app.get(
    `${BASE}/figures`,
    { config: { access: permission('register', 'read') } },
    async (request, reply) => {
      const raw = singleQuery(request)
      const parsed = raw && FiguresQuery.safeParse(raw)
      if (!parsed?.success) return reply.code(400).send('Bad query')
      const year = financialYear(londonToday())
      const period = { from: parsed.data.from ?? year.from, to: parsed.data.to ?? year.to }
      if (period.to < period.from) return reply.code(400).send('Bad query')
      const actor = actorOf(request)
      const calendar = await partnershipCalendar(db, actor)
      const figures = await scoped(db, actor, trx => privateFosteringFigures(trx, period, calendar))
      return render(request, reply, v('figures'), {
        title: 'Private fostering figures',
        period,
        figures,
      })
    },
  )

  const formPage: NewEntryPage = (request, reply, form, errors) =>
    renderFormPage(
      request,
      reply,
      v('new'),
      {
        title: 'Record a private fostering notification',
        disabledItems: radioItems({ yes: 'Yes', no: 'No' }, form.childDisabled),
        daysItems: radioItems({ yes: 'Yes', no: 'No' }, form.twentyEightDays),
      },
      { form, errors },
    )

  const showPage: EntryPage = async (request, reply, extra = {}) => {
    const actor = actorOf(request)
    const calendar = await partnershipCalendar(db, actor)
    const loaded = await viewEntry(db, request, {
      action: 'register.private-fostering.viewed',
      resourceType: 'private-fostering',
      load: (trx, id) => arrangementWithVisits(trx, id, calendar),
      entryOf: found => found.arrangement,
    })
    if (!loaded) return reply.callNotFound()
    const { arrangement } = loaded
    const yesNo = (field: string) => radioItems({ yes: 'Yes', no: 'No' }, extra.form?.[field])
    return renderFormPage(
      request,
      reply,
      v('show'),
      {
        title: `Private fostering: ${childName(arrangement)}`,
        arrangement,
        name: childName(arrangement),
        visits: loaded.visits,
        nextDue: loaded.nextDue,
        overdue: loaded.nextDue !== null && loaded.nextDue < londonToday(),
        outcome: outcomeText(arrangement.assessmentOutcome),
        endReason: endText(arrangement.endReason),
        saved: savedNotice(request, {
          notified: 'Notification recorded',
          visits: 'Visit recorded',
          assessment: 'Assessment recorded',
          end: 'Arrangement ended',
        }),
        canUpdate: can(actor.roles, 'register', 'update') && !arrangement.endedOn,
        seenAloneItems: yesNo('seenAlone'),
        outcomeItems: items(ASSESSMENT_OUTCOMES, extra.form?.outcome, 'Select the outcome'),
        reasonItems: items(END_REASONS, extra.form?.reason, 'Select the reason'),
      },
      extra,
    )
  }

  const post = registerEntryRoutes(app, db, {
    base: BASE,
    schema: NotificationForm,
    create: notifyArrangement,
    created: 'notified',
    newPage: formPage,
    page: showPage,
  })
  post('visits', VisitForm, recordVisit)
  post('assessment', AssessmentForm, recordAssessment)
  post('end', EndForm, endArrangement)
}
