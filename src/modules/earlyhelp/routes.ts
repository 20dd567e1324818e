import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../db/database.js'
import { londonToday } from '../../platform/calendar.js'
import { actorOf } from '../../platform/http/access.js'
import { fieldError, formBody, type GovukErrors, namedItems } from '../../platform/forms.js'
import { defineNotices, withNotice } from '../../platform/http/notice.js'
import { formatDate, render } from '../../platform/http/web.js'
import { addNavigation } from '../../platform/navigation.js'
import { can, permission } from '../../platform/permissions.js'
import { sendTable } from '../../platform/spreadsheets.js'
import {
  END_REASON_NAMES,
  EpisodeParams,
  ExportParams,
  RegisterQuery,
  parseClose,
  parseLead,
  parseOpen,
  parseReview,
  type FormResult,
} from './schema.js'
import {
  closeEpisode,
  episodePage,
  openEpisodeByHand,
  openFormAgencies,
  recordLead,
  recordReview,
  registerPage,
  type EpisodeChange,
} from './service.js'

const NO_ERRORS: GovukErrors = { summary: [], fields: {} }
const notice = defineNotices({ 'early-help-opened': 'Early help episode opened' })
const FILTERS = [
  { value: 'open', text: 'Open episodes' },
  { value: 'closed', text: 'Closed episodes' },
  { value: 'all', text: 'All episodes' },
] as const

const EXPORT_HEADER = [
  'Child ID',
  'Child',
  'Start date',
  'End date',
  'Outcome',
  'Lead professional',
  'Lead agency',
  'Next review',
]

/** The early help register: episodes, their lead professional, family plan, reviews and closure. */
export const earlyhelpRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  addNavigation({ href: '/early-help', text: 'Early help', resource: 'early-help', action: 'read' })

  app.get(
    '/early-help',
    { config: { access: permission('early-help', 'read') } },
    async (request, reply) => {
      const { show, agency } = RegisterQuery.parse(request.query)
      const actor = actorOf(request)
      const { episodes, agencies, seesEveryAgency } = await registerPage(db, actor, {
        show,
        agencyId: agency,
      })
      const agencyQuery = agency ? `&agency=${agency}` : ''
      return render(request, reply, 'earlyhelp/views/register.njk', {
        title: seesEveryAgency ? 'Early help register' : 'Early help led by your agency',
        show,
        seesEveryAgency,
        agencyQuery,
        agencyItems: namedItems(agencies, agency, 'Every agency'),
        filters: FILTERS.map(filter => ({
          ...filter,
          href: `/early-help?show=${filter.value}${agencyQuery}`,
          current: filter.value === show,
        })),
        episodes: episodes.map(episode => ({
          ...episode,
          outcome: episode.endReason ? END_REASON_NAMES[episode.endReason] : 'Open',
        })),
        canExport: can(actor.roles, 'early-help', 'export'),
        canCreate: can(actor.roles, 'early-help', 'create'),
      })
    },
  )

  app.get(
    '/early-help/export/:format',
    { config: { access: permission('early-help', 'export') } },
    async (request, reply) => {
      const params = ExportParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const { show, agency } = RegisterQuery.parse(request.query)
      const { episodes } = await registerPage(db, actorOf(request), { show, agencyId: agency })
      return sendTable(
        reply,
        params.data.format,
        `early-help-${show}`,
        EXPORT_HEADER,
        episodes.map(episode => [
          episode.laChildId,
          episode.childName,
          episode.startDate,
          episode.endDate ?? '',
          episode.endReason ? END_REASON_NAMES[episode.endReason] : 'Open',
          episode.leadProfessional ?? '',
          episode.leadAgencyName ?? '',
          episode.nextReviewOn ?? '',
        ]),
      )
    },
  )

  async function showOpenForm(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { form?: Record<string, unknown>; errors?: GovukErrors; statusCode?: number } = {},
  ) {
    const agencies = await openFormAgencies(db, actorOf(request))
    const form = state.form ?? {}
    return render(
      request,
      reply,
      'earlyhelp/views/new.njk',
      {
        title: 'Open an early help episode',
        backLink: '/early-help',
        form,
        agencyItems: namedItems(agencies, form.leadAgencyId, 'Select an agency'),
        errors: state.errors ?? NO_ERRORS,
      },
      state.statusCode ?? 200,
    )
  }

  const create = { config: { access: permission('early-help', 'create') } }
  app.get('/early-help/new', create, (request, reply) => showOpenForm(request, reply))

  app.post('/early-help', create, async (request, reply) => {
    const body = formBody(request.body)
    const refused = (errors: GovukErrors) =>
      showOpenForm(request, reply, { form: body, errors, statusCode: 400 })
    const form = parseOpen(body, londonToday())
    if (!form.success) return refused(form.errors)
    const outcome = await openEpisodeByHand(db, {
      actor: actorOf(request),
      input: form.data,
      requestId: request.id,
    })
    if (outcome.kind === 'refused') return refused(fieldError(outcome.field, outcome.message))
    return reply.redirect(withNotice(`/early-help/${outcome.id}`, notice('early-help-opened')), 303)
  })

  async function showEpisode(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: { form?: Record<string, unknown>; errors?: GovukErrors; statusCode?: number } = {},
  ) {
    const actor = actorOf(request)
    const found = await episodePage(db, { actor, id, requestId: request.id })
    if (!found) return reply.callNotFound()
    const { episode, reviews, agencies } = found
    const form = state.form ?? {}
    const chosenAgency =
      typeof form.leadAgencyId === 'string' ? form.leadAgencyId : episode.leadAgencyId
    const rows: [string, string][] = [
      ['Child', `${episode.childName} (${episode.laChildId})`],
      ['Started', formatDate(episode.startOn)],
      ['Why', episode.reason],
      ['Front door referral', episode.referralReference ?? 'None'],
      ['Lead professional', episode.leadProfessional ?? 'Not yet named'],
      ['Lead agency', episode.leadAgencyName ?? 'Not yet named'],
      ['Family plan', episode.familyPlan ?? 'Not yet agreed'],
      [
        'Family plan agreed',
        episode.familyPlanAgreedOnText ? formatDate(episode.familyPlanAgreedOnText) : '',
      ],
      ...(episode.endOn
        ? ([
            ['Ended', formatDate(episode.endOn)],
            ['Outcome', episode.endReason ? END_REASON_NAMES[episode.endReason] : ''],
            ['Notes on the end', episode.endNotes ?? ''],
          ] as [string, string][])
        : []),
    ]
    return render(
      request,
      reply,
      'earlyhelp/views/episode.njk',
      {
        title: `Early help for ${episode.childName}`,
        backLink: '/early-help',
        episode,
        summaryRows: rows
          .filter(([, value]) => value !== '')
          .map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
        reviews,
        canUpdate: can(actor.roles, 'early-help', 'update') && episode.endOn === null,
        agencyItems: namedItems(agencies, chosenAgency, 'Select an agency'),
        endReasonItems: Object.entries(END_REASON_NAMES).map(([value, text]) => ({
          value,
          text,
          checked: form.endReason === value,
        })),
        form: {
          leadProfessional: episode.leadProfessional ?? '',
          familyPlan: episode.familyPlan ?? '',
          ...form,
        },
        errors: state.errors ?? NO_ERRORS,
      },
      state.statusCode ?? 200,
    )
  }

  app.get(
    '/early-help/:id',
    { config: { access: permission('early-help', 'read') } },
    async (request, reply) => {
      const params = EpisodeParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      return showEpisode(request, reply, params.data.id)
    },
  )

  function episodeForm<T>(
    parse: (body: Record<string, unknown>, today: string) => FormResult<T>,
    change: (
      db: Db,
      options: { actor: ReturnType<typeof actorOf>; id: string; input: T; requestId: string },
    ) => Promise<EpisodeChange>,
    anchor: string,
  ) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const params = EpisodeParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const { id } = params.data
      const body = formBody(request.body)
      const refused = (errors: GovukErrors) =>
        showEpisode(request, reply, id, { form: body, errors, statusCode: 400 })
      const form = parse(body, londonToday())
      if (!form.success) return refused(form.errors)
      const outcome = await change(db, {
        actor: actorOf(request),
        id,
        input: form.data,
        requestId: request.id,
      })
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'refused') return refused(fieldError(outcome.field, outcome.message))
      return reply.redirect(`/early-help/${id}${anchor}`, 303)
    }
  }

  const update = { config: { access: permission('early-help', 'update') } }
  app.post('/early-help/:id/lead', update, episodeForm(parseLead, recordLead, ''))
  app.post('/early-help/:id/reviews', update, episodeForm(parseReview, recordReview, '#reviews'))
  app.post('/early-help/:id/close', update, episodeForm(parseClose, closeEpisode, ''))
}
