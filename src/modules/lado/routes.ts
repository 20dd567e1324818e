import { z } from 'zod'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../db/database.js'
import { londonToday } from '../../platform/calendar.js'
import { choiceItems, type GovukErrors } from '../../platform/forms.js'
import { ctxOf } from '../../platform/acting.js'
import { actorOf } from '../../platform/http/access.js'
import { privateRecordPage, type RecordPageState } from '../../platform/http/private-record.js'
import { render } from '../../platform/http/web.js'
import { figuresPageRoute, queryString, tableExportRoutes } from '../../platform/http/list-pages.js'
import { addNavigation } from '../../platform/navigation.js'
import { can, permission } from '../../platform/permissions.js'
import { BAND_NAMES, durationBand } from './clocks.js'
import { FigureCounts, registerAnnualFiguresApi } from '../../platform/annual-figures.js'
import {
  STANDARD_WITHIN_ONE_MONTH_PERCENT,
  STANDARD_WITHIN_THREE_MONTHS_PERCENT,
} from './figures.js'
import {
  ACTION_NAMES,
  ActionForm,
  CloseForm,
  DECISION_NAMES,
  EMPLOYER_NAMES,
  HARM_TEST_NAMES,
  IdParams,
  InitialConsiderationForm,
  InvestigationsForm,
  ListQuery,
  MEETING_KIND_NAMES,
  MeetingForm,
  OUTCOME_NAMES,
  OUTCOME_SHORT_NAMES,
  POLICE_NAMES,
  ReferralForm,
  SECTOR_NAMES,
} from './schema.js'
import {
  annualFigures,
  closeReferral,
  recordAction,
  recordInitialConsideration,
  recordInvestigations,
  recordMeeting,
  recordReferral,
  referralList,
  referralPage,
} from './service.js'

const FORM_BODY_LIMIT = 64 * 1024
const NO_ERRORS: GovukErrors = { summary: [], fields: {} }

const names = {
  sectors: SECTOR_NAMES,
  harmTests: HARM_TEST_NAMES,
  decisions: DECISION_NAMES,
  police: POLICE_NAMES,
  employer: EMPLOYER_NAMES,
  outcomes: OUTCOME_NAMES,
  outcomeShort: OUTCOME_SHORT_NAMES,
  meetingKinds: MEETING_KIND_NAMES,
  actions: ACTION_NAMES,
  bands: BAND_NAMES,
}

const EXPORT_HEADER = [
  'Reference',
  'Received',
  'Referred by',
  'Adult’s role',
  'Employer',
  'Sector',
  'Harm test',
  'Initial consideration due',
  'Initial consideration',
  'Police investigation',
  'Employer investigation',
  'Outcome',
  'Closed',
  'Timescale',
]

/** Allegations against people who work with children: referral to closure, and the year’s figures. */
export const ladoRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  addNavigation({ href: '/lado', text: 'Allegations', resource: 'lado', action: 'read' })
  const figuresOf = (request: FastifyRequest, startYear: number) =>
    annualFigures(db, { ...ctxOf(request), startYear })
  registerAnnualFiguresApi(app, 'lado', 'lado', figuresOf, {
    summary:
      'Allegation figures for a year (referrals by sector and outcome, the one-month and three-month bands)',
    description:
      'For the designated officers, their manager and auditors: referrals received in the year by sector, outcome and time to close, against the 80% within one month standard.',
    figures: {
      referrals: z.int(),
      bySector: FigureCounts,
      byOutcome: FigureCounts,
      bands: FigureCounts,
      percentWithinOneMonth: z.int(),
      meetsOneMonthStandard: z.boolean(),
    },
  })

  app.get('/lado', { config: { access: permission('lado', 'read') } }, async (request, reply) => {
    const query = ListQuery.safeParse(request.query)
    if (!query.success) return reply.code(400).send('Bad query')
    const actor = actorOf(request)
    const rows = await referralList(db, { actor, filter: query.data, requestId: request.id })
    return render(request, reply, 'lado/views/index.njk', {
      title: 'Allegations against people who work with children',
      rows,
      names,
      today: londonToday(),
      sectorItems: choiceItems(SECTOR_NAMES, query.data.sector, {
        blank: 'Any',
        selectBlankWhenEmpty: true,
      }),
      statusItems: choiceItems({ open: 'Open', closed: 'Closed' }, query.data.status, {
        blank: 'Any',
        selectBlankWhenEmpty: true,
      }),
      exportQuery: queryString(query.data),
      canCreate: can(actor.roles, 'lado', 'create'),
      canExport: can(actor.roles, 'lado', 'export'),
    })
  })

  tableExportRoutes(app, {
    path: '/lado/export',
    access: permission('lado', 'export'),
    query: ListQuery,
    fileName: 'allegations',
    header: EXPORT_HEADER,
    rows: async (request, filter) => {
      const rows = await referralList(db, {
        actor: actorOf(request),
        filter,
        requestId: request.id,
        action: 'lado.referral.export',
      })
      return rows.map(row => [
        row.reference,
        row.receivedOn,
        row.referrerAgency,
        row.adultRole,
        row.employer,
        SECTOR_NAMES[row.sector],
        HARM_TEST_NAMES[row.harmTest],
        row.initialConsiderationDueOn,
        row.initialConsiderationOn ?? '',
        POLICE_NAMES[row.policeInvestigation],
        EMPLOYER_NAMES[row.employerInvestigation],
        row.outcome ? OUTCOME_SHORT_NAMES[row.outcome] : '',
        row.closedOn ?? '',
        row.closedOn ? BAND_NAMES[durationBand(row.receivedOn, row.closedOn)] : 'Open',
      ])
    },
  })

  figuresPageRoute(app, {
    path: '/lado/figures',
    access: permission('lado', 'read'),
    figures: figuresOf,
    show: (request, reply, figures, years) =>
      render(request, reply, 'lado/views/figures.njk', {
        title: `Allegation figures ${figures.year}`,
        figures,
        names,
        standards: {
          oneMonth: STANDARD_WITHIN_ONE_MONTH_PERCENT,
          threeMonths: STANDARD_WITHIN_THREE_MONTHS_PERCENT,
        },
        years,
      }),
  })

  function showNew(
    request: FastifyRequest,
    reply: FastifyReply,
    { form = {}, errors = NO_ERRORS, status = 200 }: RecordPageState,
  ) {
    return render(
      request,
      reply,
      'lado/views/new.njk',
      {
        title: 'Record an allegation',
        backLink: '/lado',
        form,
        errors,
        sectorItems: choiceItems(SECTOR_NAMES, form.sector, {
          blank: 'Select a sector',
          selectBlankWhenEmpty: true,
        }),
        harmItems: choiceItems(HARM_TEST_NAMES, form.harmTest),
      },
      status,
    )
  }

  async function showRecord(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: RecordPageState = {},
  ) {
    const actor = actorOf(request)
    const page = await referralPage(db, { actor, id, requestId: request.id })
    if (!page) return reply.callNotFound()
    const form = state.form ?? {}
    const { referral } = page
    return render(
      request,
      reply,
      'lado/views/show.njk',
      {
        title: `Allegation ${referral.reference}`,
        backLink: '/lado',
        ...page,
        names,
        band: referral.closedOn
          ? BAND_NAMES[durationBand(referral.receivedOn, referral.closedOn)]
          : null,
        canUpdate: can(actor.roles, 'lado', 'update'),
        form,
        errors: state.errors ?? NO_ERRORS,
        today: londonToday(),
        decisionItems: choiceItems(DECISION_NAMES, form.decision),
        meetingItems: choiceItems(MEETING_KIND_NAMES, form.kind ?? referral.initialDecision),
        policeItems: choiceItems(
          POLICE_NAMES,
          form.policeInvestigation ?? referral.policeInvestigation,
        ),
        employerItems: choiceItems(
          EMPLOYER_NAMES,
          form.employerInvestigation ?? referral.employerInvestigation,
        ),
        actionItems: choiceItems(ACTION_NAMES, form.actionKind, {
          blank: 'Select an action',
          selectBlankWhenEmpty: true,
        }),
        outcomeItems: choiceItems(OUTCOME_NAMES, form.outcome),
      },
      state.status ?? 200,
    )
  }

  const record = privateRecordPage(app, {
    db,
    path: '/lado/referrals',
    resource: 'lado',
    params: IdParams,
    bodyLimit: FORM_BODY_LIMIT,
    show: showRecord,
  })
  record.create({
    schema: ReferralForm,
    initial: () => ({ receivedOn: londonToday() }),
    show: showNew,
    command: recordReferral,
  })
  record.form('initial-consideration', InitialConsiderationForm, recordInitialConsideration)
  record.form('meetings', MeetingForm, recordMeeting)
  record.form('investigations', InvestigationsForm, recordInvestigations)
  record.form('actions', ActionForm, recordAction)
  record.form('close', CloseForm, closeReferral)
}
