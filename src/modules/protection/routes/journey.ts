import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { formBody } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { formatDate } from '../../../platform/http/web.js'
import { can, permission, type Action, type Resource } from '../../../platform/permissions.js'
import {
  ASSESSMENT_FACTOR_NAMES,
  ASSESSMENT_OUTCOME_NAMES,
  CIN_PLAN_END_REASON_NAMES,
  CLOSURE_REASON_NAMES,
  list,
  parseAuthoriseAssessment,
  parseCinReview,
  parseCloseEpisode,
  parseEndCinPlan,
  parsePreviousPlan,
  parseRecordAssessment,
  parseStartAssessment,
  parseStartCinPlan,
  parseSelfAuthorisation,
  type FormResult,
} from '../schema.js'
import {
  assessmentAuthorisationSetting,
  assessmentPage,
  saveAssessmentAuthorisationSetting,
  authoriseAssessment,
  childName,
  cinPlanPage,
  closeEpisode,
  endCinPlan,
  episodePage,
  journeyPage,
  recordAssessment,
  recordCinReview,
  recordPreviousPlan,
  reopenEpisode,
  startAssessment,
  startCinPlan,
  type JourneyChange,
} from '../service.js'
import { STEP_NAMES } from './journey-names.js'
import { pageOf, postForm, renderForm, type PageState, type ShowPage } from './forms.js'
import { journeyStepRoutes } from './journey-steps.js'

const BODY_LIMIT = 256 * 1024

const items = (names: Readonly<Record<string, string>>, chosen: string[]) =>
  Object.entries(names).map(([value, text]) => ({
    value,
    text: /^[0-9]/.test(value) || /^RC/.test(value) ? `${text} (${value})` : text,
    checked: chosen.includes(value),
  }))

/** The child's journey after the front door: assessments, CIN plans, closure, earlier plans. */
export const journeyRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  await app.register(journeyStepRoutes, { db })
  const access = (resource: Resource, action: Action) => ({
    config: { access: permission(resource, action) },
    bodyLimit: BODY_LIMIT,
  })

  /** A form post: parse, run the command, show the page again with errors or go on. */
  function post<T>(
    show: ShowPage,
    parse: (body: Record<string, unknown>) => FormResult<T>,
    run: (request: FastifyRequest, id: string, input: T) => Promise<JourneyChange>,
    next: (id: string, done: string) => string,
  ) {
    return postForm({ show, parse, run, next: (id, outcome) => next(id, outcome.id) })
  }
  const command = <T>(
    run: (
      db: Db,
      options: { actor: ReturnType<typeof actorOf>; id: string; input: T; requestId: string },
    ) => Promise<JourneyChange>,
  ) => {
    return (request: FastifyRequest, id: string, input: T) =>
      run(db, { actor: actorOf(request), id, input, requestId: request.id })
  }
  const childCommand = <T>(
    run: (
      db: Db,
      options: { actor: ReturnType<typeof actorOf>; childId: string; input: T; requestId: string },
    ) => Promise<JourneyChange>,
  ) => {
    return (request: FastifyRequest, childId: string, input: T) =>
      run(db, { actor: actorOf(request), childId, input, requestId: request.id })
  }

  // ---- The child's journey -------------------------------------------------------------------

  const showJourney: ShowPage = async (request, reply, childId, state = {}) => {
    const actor = actorOf(request)
    const found = await journeyPage(db, { actor, childId, requestId: request.id })
    if (!found) return reply.callNotFound()
    const open = found.episodes.find(e => e.closureDate === null && e.referralNfa !== true)
    return renderForm(
      request,
      reply,
      'protection/views/journey.njk',
      {
        title: 'Assessments, plans and closure',
        backLink: `/protection/children/${childId}`,
        name: childName(found.child),
        ...found,
        openEpisode: open,
        canCreate: can(actor.roles, 'protection', 'create'),
        canUpdate: can(actor.roles, 'protection', 'update'),
        outcomeNames: ASSESSMENT_OUTCOME_NAMES,
        closureNames: CLOSURE_REASON_NAMES,
        stepNames: STEP_NAMES,
        form: state.form ?? {},
      },
      state,
    )
  }

  app.get(
    '/protection/children/:childId/journey',
    access('protection', 'read'),
    pageOf(showJourney),
  )

  const START_FORMS = {
    assessments: {
      title: 'Start an assessment',
      dateLegend: 'Date the assessment started',
      buttonText: 'Start the assessment',
      hint: 'The assessment is started on the child’s open episode. Its 45 working-day clock starts on this date.',
    },
    'cin-plans': {
      title: 'Start a child in need plan',
      dateLegend: 'Date the plan started',
      buttonText: 'Start the plan',
      hint: 'A child in need plan cannot run beside a child protection plan.',
    },
    'previous-plans': {
      title: 'Record a child protection plan known from elsewhere',
      dateLegend: 'Date the plan started',
      buttonText: 'Record the plan',
      hint: 'A plan made by another local authority. It counts towards the number of previous plans on a new plan.',
    },
  } as const
  type StartKind = keyof typeof START_FORMS

  function startForm(kind: StartKind): ShowPage {
    return async (request, reply, childId, state = {}) => {
      const actor = actorOf(request)
      const found = await journeyPage(db, { actor, childId, requestId: request.id })
      if (!found) return reply.callNotFound()
      return renderForm(
        request,
        reply,
        'protection/views/journey-start.njk',
        {
          ...START_FORMS[kind],
          backLink: `/protection/children/${childId}/journey`,
          child: found.child,
          name: childName(found.child),
          action: `/protection/children/${childId}/${kind}`,
          withAuthority: kind === 'previous-plans',
          withEnd: kind === 'previous-plans',
          form: state.form ?? {},
        },
        state,
      )
    }
  }

  for (const kind of Object.keys(START_FORMS) as StartKind[]) {
    app.get(
      `/protection/children/:childId/${kind}/new`,
      access('protection', 'create'),
      pageOf(startForm(kind)),
    )
  }

  app.post(
    '/protection/children/:childId/assessments',
    access('protection', 'create'),
    post(
      startForm('assessments'),
      body => parseStartAssessment(body, londonToday()),
      childCommand(startAssessment),
      (_child, id) => `/protection/assessments/${id}`,
    ),
  )

  app.post(
    '/protection/children/:childId/cin-plans',
    access('protection', 'create'),
    post(
      startForm('cin-plans'),
      body => parseStartCinPlan(body, londonToday()),
      childCommand(startCinPlan),
      (_child, id) => `/protection/cin-plans/${id}`,
    ),
  )

  app.post(
    '/protection/children/:childId/previous-plans',
    access('protection', 'create'),
    post(
      startForm('previous-plans'),
      body => parsePreviousPlan(body, londonToday()),
      childCommand(recordPreviousPlan),
      child => `/protection/children/${child}/journey#previous-plans`,
    ),
  )

  // ---- Assessments -----------------------------------------------------------------------------

  const showAssessment: ShowPage = async (request, reply, id, state = {}) => {
    const actor = actorOf(request)
    const found = await assessmentPage(db, { actor, id, requestId: request.id })
    if (!found) return reply.callNotFound()
    const { assessment } = found
    const form = state.form ?? {}
    const chosen = state.form ? list(form, 'factors') : (assessment.factors ?? [])
    const authorised = assessment.authorisationDate !== null
    return renderForm(
      request,
      reply,
      'protection/views/assessment.njk',
      {
        title: 'Assessment',
        backLink: `/protection/children/${found.child.id}/journey`,
        name: childName(found.child),
        ...found,
        dueDate: formatDate(assessment.startDate),
        canRecord: can(actor.roles, 'protection', 'create') && !authorised,
        canAuthorise:
          can(actor.roles, 'assessment-authorisation', 'create') &&
          !authorised &&
          assessment.submittedAt !== null,
        factorNames: assessment.factors?.map(
          code => `${ASSESSMENT_FACTOR_NAMES[code] ?? code} (${code})`,
        ),
        outcomeName: assessment.outcome ? ASSESSMENT_OUTCOME_NAMES[assessment.outcome] : null,
        factorItems: items(ASSESSMENT_FACTOR_NAMES, chosen),
        outcomeItems: items(ASSESSMENT_OUTCOME_NAMES, [
          typeof form.outcome === 'string' ? form.outcome : (assessment.outcome ?? ''),
        ]),
        form,
      },
      state,
    )
  }

  app.get('/protection/assessments/:id', access('protection', 'read'), pageOf(showAssessment))

  app.post(
    '/protection/assessments/:id/record',
    access('protection', 'create'),
    post(showAssessment, parseRecordAssessment, command(recordAssessment), id => {
      return `/protection/assessments/${id}`
    }),
  )

  app.post(
    '/protection/assessments/:id/authorise',
    access('assessment-authorisation', 'create'),
    post(
      showAssessment,
      body => parseAuthoriseAssessment(body, londonToday()),
      command(authoriseAssessment),
      id => `/protection/assessments/${id}`,
    ),
  )

  // ---- CIN plans -------------------------------------------------------------------------------

  const showCinPlan: ShowPage = async (request, reply, id, state = {}) => {
    const actor = actorOf(request)
    const found = await cinPlanPage(db, { actor, id, requestId: request.id })
    if (!found) return reply.callNotFound()
    const form = state.form ?? {}
    return renderForm(
      request,
      reply,
      'protection/views/cin-plan.njk',
      {
        title: 'Child in need plan',
        backLink: `/protection/children/${found.child.id}/journey`,
        name: childName(found.child),
        ...found,
        endReasonName: found.plan.endReason
          ? CIN_PLAN_END_REASON_NAMES[found.plan.endReason]
          : null,
        canUpdate: can(actor.roles, 'protection', 'update') && found.plan.endDate === null,
        endReasonItems: items(CIN_PLAN_END_REASON_NAMES, [
          typeof form.reason === 'string' ? form.reason : '',
        ]),
        form,
      },
      state,
    )
  }

  app.get('/protection/cin-plans/:id', access('protection', 'read'), pageOf(showCinPlan))

  app.post(
    '/protection/cin-plans/:id/reviews',
    access('protection', 'update'),
    post(
      showCinPlan,
      body => parseCinReview(body, londonToday()),
      command(recordCinReview),
      id => `/protection/cin-plans/${id}`,
    ),
  )

  app.post(
    '/protection/cin-plans/:id/end',
    access('protection', 'update'),
    post(
      showCinPlan,
      body => parseEndCinPlan(body, londonToday()),
      command(endCinPlan),
      id => `/protection/cin-plans/${id}`,
    ),
  )

  // ---- Closing and re-opening an episode ---------------------------------------------------------

  const showEpisode: ShowPage = async (request, reply, id, state = {}) => {
    const actor = actorOf(request)
    const found = await episodePage(db, { actor, id, requestId: request.id })
    if (!found) return reply.callNotFound()
    const form = state.form ?? {}
    return renderForm(
      request,
      reply,
      'protection/views/episode.njk',
      {
        title: found.episode.closureDate ? 'Closed episode' : 'Close the episode',
        backLink: `/protection/children/${found.child.id}/journey`,
        name: childName(found.child),
        ...found,
        closureName: found.episode.reasonForClosure
          ? `${CLOSURE_REASON_NAMES[found.episode.reasonForClosure] ?? ''} (${found.episode.reasonForClosure})`
          : null,
        canUpdate: can(actor.roles, 'protection', 'update'),
        reasonItems: items(CLOSURE_REASON_NAMES, [
          typeof form.reason === 'string' ? form.reason : '',
        ]),
        form,
      },
      state,
    )
  }

  app.get('/protection/episodes/:id', access('protection', 'read'), pageOf(showEpisode))

  app.post(
    '/protection/episodes/:id/close',
    access('protection', 'update'),
    post(
      showEpisode,
      body => parseCloseEpisode(body, londonToday()),
      command(closeEpisode),
      id => `/protection/episodes/${id}`,
    ),
  )

  app.post(
    '/protection/episodes/:id/reopen',
    access('protection', 'update'),
    post(
      showEpisode,
      () => ({ success: true, data: null }),
      (request, id) =>
        reopenEpisode(db, {
          actor: actorOf(request),
          id,
          today: londonToday(),
          requestId: request.id,
        }),
      id => `/protection/episodes/${id}`,
    ),
  )

  // ---- Who authorises assessments ----------------------------------------------------------------

  async function showSetting(request: FastifyRequest, reply: FastifyReply, state: PageState = {}) {
    const actor = actorOf(request)
    const allowed = await assessmentAuthorisationSetting(db, actor)
    const given = state.form?.selfAuthorisation
    const chosen = typeof given === 'string' ? given : allowed ? 'yes' : 'no'
    return renderForm(
      request,
      reply,
      'protection/views/assessment-settings.njk',
      {
        title: 'Who authorises assessments',
        backLink: '/protection/settings',
        canUpdate: can(actor.roles, 'protection-settings', 'update'),
        allowed,
        items: [
          { value: 'no', text: 'No: another manager authorises it', checked: chosen === 'no' },
          {
            value: 'yes',
            text: 'Yes: a manager may authorise an assessment they recorded',
            checked: chosen === 'yes',
          },
        ],
      },
      state,
    )
  }

  app.get('/protection/settings/assessments', access('protection-settings', 'read'), (req, reply) =>
    showSetting(req, reply),
  )

  app.post(
    '/protection/settings/assessments',
    access('protection-settings', 'update'),
    async (request, reply) => {
      const body = formBody(request.body)
      const form = parseSelfAuthorisation(body)
      if (!form.success) {
        return showSetting(request, reply, { form: body, errors: form.errors, statusCode: 400 })
      }
      await saveAssessmentAuthorisationSetting(db, {
        actor: actorOf(request),
        allowed: form.data.allowed,
        requestId: request.id,
      })
      return reply.redirect('/protection/settings/assessments', 303)
    },
  )
}
