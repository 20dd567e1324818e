import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { sendTable, TABLE_FORMATS } from '../../../platform/spreadsheets.js'
import { fieldError, formBody, type GovukErrors } from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { CLOCK_STATE_NAMES, clockState } from '../clocks.js'
import {
  CaseListQuery,
  DECISION_NAMES,
  HARM_NAMES,
  IdParams,
  LOCAL_REVIEW_TYPES,
  REVIEW_TYPE_NAMES,
  STATUS_NAMES,
  dateValues,
  parseDecision,
  parseInformationRequest,
  parseNotification,
  parseRapidReview,
  parseReferral,
  parseScreening,
  type FormResult,
} from '../schema.js'
import {
  askAgency,
  casePage,
  listCasesFor,
  recordDecision,
  recordNotification,
  recordRapidReview,
  recordScreening,
  referCase,
  referralForm,
} from '../service/cases.js'
import { FORM_BODY_LIMIT, agencyItems, ctxOf, items } from './shared.js'

const NO_ERRORS: GovukErrors = { summary: [], fields: {} }
type State = { form?: Record<string, unknown>; errors?: GovukErrors; statusCode?: number }

export function registerCaseRoutes(app: FastifyInstance, db: Db) {
  app.get(
    '/reviews',
    { config: { access: permission('case-review', 'read') } },
    async (request, reply) => {
      const query = CaseListQuery.safeParse(request.query)
      if (!query.success) return reply.code(400).send('Bad request')
      const show = query.data.show ?? 'open'
      const today = londonToday()
      const cases = (await listCasesFor(db, ctxOf(request))).map(c => ({
        ...c,
        clock: caseClock(c, today),
      }))
      const shown = cases.filter(c =>
        show === 'all'
          ? true
          : show === 'decided'
            ? c.status === 'decided'
            : show === 'overdue'
              ? c.clock?.state === 'overdue'
              : c.status !== 'decided',
      )
      return render(request, reply, 'reviews/views/index.njk', {
        title: 'Case reviews',
        cases: shown,
        show,
        filterItems: ['open', 'overdue', 'decided', 'all'].map(value => ({
          value,
          text: { open: 'Open', overdue: 'Overdue', decided: 'Decided', all: 'All' }[value],
          selected: value === show,
        })),
        statusNames: STATUS_NAMES,
        stateNames: CLOCK_STATE_NAMES,
        canRefer: can(rolesOf(request), 'case-review-referral', 'create'),
      })
    },
  )

  for (const format of TABLE_FORMATS) {
    app.get(
      `/reviews/cases.${format}`,
      { config: { access: permission('case-review', 'export') } },
      async (request, reply) => {
        if (Object.keys(request.query ?? {}).length) return reply.code(400).send('Bad request')
        const cases = await listCasesFor(db, ctxOf(request))
        return sendTable(
          reply,
          format,
          'case-reviews',
          [
            'Reference',
            'Referred on',
            'Aware on',
            'Referring agency',
            'Status',
            'Criteria met',
            'Notification due',
            'Notified on',
            'Rapid review due',
            'Rapid review held',
            'Decision',
            'Decided on',
          ],
          cases.map(c => [
            c.reference,
            c.referredOn,
            c.awareOn,
            c.referringAgencyName ?? '',
            STATUS_NAMES[c.status],
            c.criteriaMet === null ? '' : c.criteriaMet ? 'Yes' : 'No',
            c.notificationDueOn,
            c.notifiedOn ?? '',
            c.rapidReviewDueOn ?? '',
            c.rapidReviewHeldOn ?? '',
            c.decision ? DECISION_NAMES[c.decision] : '',
            c.decidedOn ?? '',
          ]),
        )
      },
    )
  }

  async function showReferral(request: FastifyRequest, reply: FastifyReply, state: State = {}) {
    const agencies = await referralForm(db, ctxOf(request))
    const form = state.form ?? {}
    return render(
      request,
      reply,
      'reviews/views/refer.njk',
      {
        title: 'Refer a case for a case review',
        backLink: '/',
        form,
        harmItems: items(HARM_NAMES, form.harm),
        agencyItems: agencyItems(agencies, form.agencyId, 'Select your agency'),
        errors: state.errors ?? NO_ERRORS,
      },
      state.statusCode,
    )
  }

  app.get(
    '/reviews/refer',
    { config: { access: permission('case-review-referral', 'create') } },
    (request, reply) => showReferral(request, reply),
  )

  app.post(
    '/reviews/refer',
    {
      config: { access: permission('case-review-referral', 'create') },
      bodyLimit: FORM_BODY_LIMIT,
    },
    async (request, reply) => {
      const body = formBody(request.body)
      const today = londonToday()
      const parsed = parseReferral(body, today)
      if (!parsed.success)
        return showReferral(request, reply, { form: body, errors: parsed.errors, statusCode: 400 })
      const outcome = await referCase(db, ctxOf(request), parsed.data, today)
      if (outcome.kind === 'refused')
        return showReferral(request, reply, {
          form: body,
          errors: fieldError(outcome.field, outcome.message),
          statusCode: 400,
        })
      return reply.redirect(`/reviews/cases/${outcome.id}`, 303)
    },
  )

  async function showCase(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: State = {},
  ) {
    const found = await casePage(db, ctxOf(request), id)
    if (!found) return reply.callNotFound()
    const roles = rolesOf(request)
    const today = londonToday()
    const c = found.case
    const form = state.form ?? {
      ...dateValues('screenedOn', today),
      ...dateValues('notifiedOn', today),
      ...dateValues('heldOn', today),
      ...dateValues('decidedOn', today),
      workingDays: '10',
    }
    return render(
      request,
      reply,
      'reviews/views/case.njk',
      {
        title: `Case ${c.reference}`,
        backLink: found.full ? '/reviews' : '/',
        ...found,
        c,
        form,
        errors: state.errors ?? NO_ERRORS,
        harmNames: HARM_NAMES,
        statusNames: STATUS_NAMES,
        decisionNames: DECISION_NAMES,
        stateNames: CLOCK_STATE_NAMES,
        notificationState:
          c.criteriaMet === false ? null : clockState(c.notificationDueOn, c.notifiedOn, today),
        rapidState: c.rapidReviewDueOn
          ? clockState(c.rapidReviewDueOn, c.rapidReviewHeldOn, today)
          : null,
        canUpdate: can(roles, 'case-review', 'update'),
        canDecide: can(roles, 'case-review-decision', 'create'),
        agencyItems: agencyItems(found.agencies, form.agencyId, 'Select an agency'),
        yesNo: (name: string) => [
          { value: 'yes', text: 'Yes', checked: form[name] === 'yes' },
          { value: 'no', text: 'No', checked: form[name] === 'no' },
        ],
        decisionItems: items(DECISION_NAMES, form.decision),
        reviewTypeItems: LOCAL_REVIEW_TYPES.map(value => ({
          value,
          text: REVIEW_TYPE_NAMES[value],
          checked: form.reviewType === value,
        })),
      },
      state.statusCode,
    )
  }

  app.get(
    '/reviews/cases/:id',
    { config: { access: permission('case-review-referral', 'read') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      return showCase(request, reply, params.data.id)
    },
  )

  /** A step of the case: parse the form, run the command, show the case again or the errors. */
  function caseStep<T>(
    path: string,
    access: ReturnType<typeof permission>,
    parse: (body: Record<string, unknown>, today: string) => FormResult<T>,
    run: (
      request: FastifyRequest,
      id: string,
      data: T,
      today: string,
    ) => Promise<{ kind: string; field?: string; message?: string; reviewId?: string | null }>,
  ) {
    app.post(
      `/reviews/cases/:id/${path}`,
      { config: { access }, bodyLimit: FORM_BODY_LIMIT },
      async (request, reply) => {
        const params = IdParams.safeParse(request.params)
        if (!params.success) return reply.callNotFound()
        const { id } = params.data
        const body = formBody(request.body)
        const today = londonToday()
        const parsed = parse(body, today)
        if (!parsed.success)
          return showCase(request, reply, id, {
            form: body,
            errors: parsed.errors,
            statusCode: 400,
          })
        const outcome = await run(request, id, parsed.data, today)
        if (outcome.kind === 'refused') {
          if (outcome.field === 'not-found') return reply.callNotFound()
          return showCase(request, reply, id, {
            form: body,
            errors: fieldError(outcome.field ?? 'form', outcome.message ?? ''),
            statusCode: 400,
          })
        }
        return reply.redirect(
          outcome.reviewId ? `/reviews/reviews/${outcome.reviewId}` : `/reviews/cases/${id}`,
          303,
        )
      },
    )
  }

  caseStep(
    'requests',
    permission('case-review', 'update'),
    body => parseInformationRequest(body),
    (request, id, data, today) => askAgency(db, ctxOf(request), id, data, today),
  )
  caseStep('screening', permission('case-review', 'update'), parseScreening, (request, id, data) =>
    recordScreening(db, ctxOf(request), id, data),
  )
  caseStep(
    'notification',
    permission('case-review', 'update'),
    parseNotification,
    (request, id, data) => recordNotification(db, ctxOf(request), id, data.notifiedOn),
  )
  caseStep(
    'rapid-review',
    permission('case-review', 'update'),
    parseRapidReview,
    (request, id, data) => recordRapidReview(db, ctxOf(request), id, data),
  )
  caseStep(
    'decision',
    permission('case-review-decision', 'create'),
    parseDecision,
    (request, id, data) => recordDecision(db, ctxOf(request), id, data),
  )
}

/** The clock a case is waiting on, if any. */
function caseClock(
  c: {
    status: string
    criteriaMet: boolean | null
    notificationDueOn: string
    notifiedOn: string | null
    rapidReviewDueOn: string | null
    rapidReviewHeldOn: string | null
  },
  today: string,
) {
  if (c.status === 'decided' || c.criteriaMet === false) return null
  if (!c.notifiedOn)
    return {
      name: 'Notification',
      dueOn: c.notificationDueOn,
      state: clockState(c.notificationDueOn, null, today),
    }
  if (c.rapidReviewDueOn && !c.rapidReviewHeldOn)
    return {
      name: 'Rapid review',
      dueOn: c.rapidReviewDueOn,
      state: clockState(c.rapidReviewDueOn, null, today),
    }
  return null
}

function rolesOf(request: FastifyRequest) {
  return ctxOf(request).actor.roles
}
