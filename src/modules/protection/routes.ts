import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import { actorOf } from '../../platform/http/access.js'
import { formBody, type GovukErrors, namedItems } from '../../platform/forms.js'
import { formatDate, render } from '../../platform/http/web.js'
import type { Mailer } from '../../platform/mail.js'
import { addNavigation } from '../../platform/navigation.js'
import { can, permission } from '../../platform/permissions.js'
import { londonToday } from '../../platform/calendar.js'
import { conferenceRoutes } from './routes/conferences.js'
import { planRoutes } from './routes/plans.js'
import { visitRoutes } from './routes/visits.js'
import { journeyRoutes } from './routes/journey.js'
import { planContentsRoutes } from './routes/plan-contents.js'
import { familyRoutes } from './routes/family.js'
import { transferInRoutes } from './routes/transfer-in.js'
import {
  CATEGORY_NAMES,
  CONFERENCE_KIND_NAMES,
  ChildIdParams,
  CONFERENCE_OUTCOME_NAMES,
  CONFERENCE_STATUS_NAMES,
  IdParams,
  PARTICIPANT_ROWS,
  ReferralQuery,
  SECTION47_OUTCOME_NAMES,
  SETTING_LABELS,
  SETTING_RANGES,
  STRATEGY_OUTCOME_NAMES,
  conferenceOutcomeNames,
  dateValues,
  parseCompleteSection47,
  parseSettings,
  parseStrategyDiscussion,
} from './schema.js'
import {
  childName,
  childProtectionSummary,
  completeSection47,
  protectionTimescales,
  recordStrategyDiscussion,
  saveProtectionTimescales,
  section47Page,
  strategyDiscussionForm,
  strategyDiscussionPage,
} from './service.js'
import type { ProtectionTimescales } from './timescales.js'
import { afterChange } from './routes/notices.js'
import { section47State } from './section47-state.js'
import { NO_ERRORS, pageOf, postForm, renderForm, type PageState } from './routes/forms.js'

/** The longest answers fit well inside this; anything bigger is not a person typing. */
export const FORM_BODY_LIMIT = 256 * 1024

const SETTING_HELP: Record<keyof ProtectionTimescales, string> = {
  icpcWorkingDays:
    'Working Together: within 15 working days of the strategy discussion (of the last one, when there were several).',
  coreGroupWorkingDays: 'Working Together: the first core group meets within 10 working days.',
  firstReviewMonths:
    'Working Together: the first review within 3 months of the initial conference.',
  reviewIntervalMonths: 'Working Together: later reviews no more than 6 months apart.',
  reportDueWorkingDays:
    'When agencies’ reports for a conference are due; 0 means on the day of the conference.',
  preBirthIcpcByWeek:
    'Local procedures: a pre-birth conference is usually held by week 32 of the pregnancy.',
  preBirthReviewWorkingDays:
    'Local procedures: a pre-birth plan is reviewed within 10 or 20 working days of the birth.',
  visitWorkingDays:
    'Local procedures: a child on a plan is seen at least every 10 working days. The next visit is due this many working days after the last (or after the plan starts), on the child’s page and in the work tray.',
}

/** The child protection journey: strategy discussions, Section 47 enquiries, conferences, plans and core groups. */
export const protectionRoutes: FastifyPluginAsync<{
  db: Db
  config: Config
  mailer: Mailer
}> = async (app, options) => {
  const { db } = options
  addNavigation({
    href: '/protection/conferences',
    text: 'Conferences',
    resource: 'protection',
    action: 'update',
  })

  await app.register(conferenceRoutes, { db })
  await app.register(planRoutes, { db })
  await app.register(visitRoutes, { db })
  await app.register(journeyRoutes, { db })
  await app.register(planContentsRoutes, { db })
  await app.register(familyRoutes, { db })
  await app.register(transferInRoutes, { db })

  // ---- A child's protection summary ------------------------------------------------------------

  app.get(
    '/protection/children/:childId',
    { config: { access: permission('protection', 'read') } },
    async (request, reply) => {
      const params = ChildIdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const actor = actorOf(request)
      const summary = await childProtectionSummary(db, {
        actor,
        childId: params.data.childId,
        requestId: request.id,
      })
      if (!summary) return reply.callNotFound()
      return render(request, reply, 'protection/views/child.njk', {
        title: `Child protection: ${childName(summary.child)}`,
        backLink: can(actor.roles, 'child', 'read') ? `/children/${summary.child.id}` : undefined,
        ...summary,
        events: protectionEvents(summary),
        canRecord: can(actor.roles, 'protection', 'create'),
      })
    },
  )

  // ---- Strategy discussions -------------------------------------------------------------------

  async function showStrategyForm(
    request: FastifyRequest,
    reply: FastifyReply,
    childId: string,
    state: PageState = {},
  ) {
    const actor = actorOf(request)
    const { referralId } = ReferralQuery.parse(request.query)
    const found = await strategyDiscussionForm(db, {
      actor,
      childId,
      referralId,
      requestId: request.id,
    })
    if (!found) return reply.callNotFound()
    const form = state.form ?? {
      ...dateValues('heldOn', londonToday()),
      leadWorkerId: found.workers.some(worker => worker.id === actor.userId) ? actor.userId : '',
    }
    const rows = Array.from({ length: PARTICIPANT_ROWS }, (_, index) => index)
    return renderForm(
      request,
      reply,
      'protection/views/strategy-new.njk',
      {
        title: 'Record a strategy discussion',
        backLink: `/protection/children/${childId}`,
        ...found,
        name: childName(found.child),
        action: `/protection/children/${childId}/strategy-discussions${
          found.referral ? `?referralId=${found.referral.id}` : ''
        }`,
        participantRows: rows.map(row => ({
          index: row,
          agencyItems: namedItems(
            found.agencies,
            form[`participant-${String(row)}-agency`],
            'Select an agency',
          ),
        })),
        outcomeItems: Object.entries(STRATEGY_OUTCOME_NAMES).map(([value, text]) => ({
          value,
          text,
          checked: form.outcome === value,
        })),
        workerItems: [
          { value: '', text: 'Not yet allocated' },
          ...found.workers.map(worker => ({
            value: worker.id,
            text: worker.displayName,
            selected: form.leadWorkerId === worker.id,
          })),
        ],
        form,
      },
      state,
    )
  }

  app.get(
    '/protection/children/:childId/strategy-discussions/new',
    { config: { access: permission('protection', 'create') } },
    pageOf(showStrategyForm),
  )

  app.post(
    '/protection/children/:childId/strategy-discussions',
    { config: { access: permission('protection', 'create') }, bodyLimit: FORM_BODY_LIMIT },
    postForm({
      show: showStrategyForm,
      parse: body => parseStrategyDiscussion(body, londonToday()),
      run: (request, childId, input) =>
        recordStrategyDiscussion(db, {
          actor: actorOf(request),
          childId,
          referralId: ReferralQuery.parse(request.query).referralId,
          input,
          requestId: request.id,
        }),
      next: (_childId, outcome) =>
        afterChange(
          outcome.section47Id
            ? `/protection/section47s/${outcome.section47Id}`
            : `/protection/strategy-discussions/${outcome.id}`,
          'strategy-recorded',
        ),
    }),
  )

  app.get(
    '/protection/strategy-discussions/:id',
    { config: { access: permission('protection', 'read') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const found = await strategyDiscussionPage(db, {
        actor: actorOf(request),
        id: params.data.id,
        requestId: request.id,
      })
      if (!found) return reply.callNotFound()
      return render(request, reply, 'protection/views/strategy.njk', {
        title: `Strategy discussion on ${formatDate(found.discussion.heldOn)}`,
        backLink: `/protection/children/${found.child.id}`,
        name: childName(found.child),
        outcomeNames: STRATEGY_OUTCOME_NAMES,
        ...found,
      })
    },
  )

  // ---- Section 47 enquiries -------------------------------------------------------------------

  async function showSection47(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: PageState = {},
  ) {
    const actor = actorOf(request)
    const found = await section47Page(db, { actor, id, requestId: request.id })
    if (!found) return reply.callNotFound()
    const form = state.form ?? dateValues('completedOn', londonToday())
    return renderForm(
      request,
      reply,
      'protection/views/section47.njk',
      {
        title: 'Section 47 enquiry',
        backLink: `/protection/children/${found.child.id}`,
        name: childName(found.child),
        ...found,
        canComplete: can(actor.roles, 'protection', 'update'),
        state: section47State(found.section47),
        outcomeNames: SECTION47_OUTCOME_NAMES,
        statusNames: CONFERENCE_STATUS_NAMES,
        strategyOutcomeNames: STRATEGY_OUTCOME_NAMES,
        outcomeItems: Object.entries(SECTION47_OUTCOME_NAMES).map(([value, text]) => ({
          value,
          text,
          checked: form.outcome === value,
        })),
        form,
      },
      state,
    )
  }

  app.get(
    '/protection/section47s/:id',
    { config: { access: permission('protection', 'read') } },
    pageOf(showSection47),
  )

  app.post(
    '/protection/section47s/:id/outcome',
    { config: { access: permission('protection', 'update') }, bodyLimit: FORM_BODY_LIMIT },
    postForm({
      show: showSection47,
      parse: body => parseCompleteSection47(body, londonToday()),
      run: (request, id, input) =>
        completeSection47(db, { actor: actorOf(request), id, input, requestId: request.id }),
      next: (id, outcome) =>
        afterChange(
          outcome.conferenceId
            ? `/protection/conferences/${outcome.conferenceId}`
            : `/protection/section47s/${id}`,
          'section47-completed',
        ),
    }),
  )

  // ---- Settings -------------------------------------------------------------------------------

  function renderSettings(
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors: GovukErrors = NO_ERRORS,
    notice?: string,
  ) {
    const actor = actorOf(request)
    return render(
      request,
      reply,
      'protection/views/settings.njk',
      {
        title: 'Child protection timescales',
        notice,
        canUpdate: can(actor.roles, 'protection-settings', 'update'),
        settings: (Object.keys(SETTING_RANGES) as (keyof ProtectionTimescales)[]).map(key => ({
          key,
          label: SETTING_LABELS[key],
          hint: `${SETTING_HELP[key]} From ${String(SETTING_RANGES[key][0])} to ${String(SETTING_RANGES[key][1])}.`,
        })),
        form,
        errors,
      },
      errors.summary.length ? 400 : 200,
    )
  }

  app.get(
    '/protection/settings',
    { config: { access: permission('protection-settings', 'read') } },
    async (request, reply) => {
      const timescales = await protectionTimescales(db, actorOf(request))
      const form = Object.fromEntries(
        Object.entries(timescales).map(([key, value]) => [key, String(value)]),
      )
      const saved = (request.query as Record<string, unknown>).saved === '1'
      return renderSettings(request, reply, form, NO_ERRORS, saved ? 'Timescales saved' : undefined)
    },
  )

  app.post(
    '/protection/settings',
    { config: { access: permission('protection-settings', 'update') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const body = formBody(request.body)
      const form = parseSettings(body)
      if (!form.success) return renderSettings(request, reply, body, form.errors)
      await saveProtectionTimescales(db, {
        actor: actorOf(request),
        input: form.data,
        requestId: request.id,
      })
      return reply.redirect('/protection/settings?saved=1', 303)
    },
  )
}

interface SummaryForEvents {
  discussions: { id: string; heldOn: string; outcome: keyof typeof STRATEGY_OUTCOME_NAMES }[]
  section47s: {
    id: string
    startDate: string
    icpcTargetDate: string | null
    dateOfInitialCpc: string | null
    icpcNotRequired: boolean | null
    completedOn: string | null
    outcome: keyof typeof SECTION47_OUTCOME_NAMES | null
  }[]
  conferences: {
    id: string
    kind: keyof typeof CONFERENCE_KIND_NAMES
    status: keyof typeof CONFERENCE_STATUS_NAMES
    targetDate: string
    heldOn: string | null
    outcome: keyof typeof CONFERENCE_OUTCOME_NAMES | null
    category: keyof typeof CATEGORY_NAMES | null
  }[]
  plans: { id: string; startDate: string; endDate: string | null; latestCategory: string | null }[]
}

/** Everything on the journey, in date order, each with a link to its page. */
function protectionEvents(summary: SummaryForEvents) {
  const events: { date: string; title: string; detail: string; href: string; order: number }[] = []
  for (const d of summary.discussions) {
    events.push({
      date: d.heldOn,
      title: 'Strategy discussion',
      detail: STRATEGY_OUTCOME_NAMES[d.outcome],
      href: `/protection/strategy-discussions/${d.id}`,
      order: 0,
    })
  }
  for (const s of summary.section47s) {
    events.push({
      date: s.startDate,
      title: 'Section 47 enquiry',
      detail: section47State(s).text,
      href: `/protection/section47s/${s.id}`,
      order: 1,
    })
  }
  for (const c of summary.conferences) {
    events.push({
      date: c.heldOn ?? c.targetDate,
      title: CONFERENCE_KIND_NAMES[c.kind],
      detail:
        c.status === 'held' && c.outcome
          ? `Held: ${conferenceOutcomeNames(c.kind)[c.outcome]}${c.category ? ` (${CATEGORY_NAMES[c.category]})` : ''}`
          : `${CONFERENCE_STATUS_NAMES[c.status]}: due by ${formatDate(c.targetDate)}`,
      href: `/protection/conferences/${c.id}`,
      order: 2,
    })
  }
  for (const p of summary.plans) {
    events.push({
      date: p.startDate,
      title: 'Child protection plan',
      detail: p.endDate ? `Ended ${formatDate(p.endDate)}` : 'Open',
      href: `/protection/plans/${p.id}`,
      order: 3,
    })
  }
  return events.sort((a, b) => (a.date === b.date ? a.order - b.order : a.date < b.date ? -1 : 1))
}
