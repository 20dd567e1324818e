import { z } from 'zod'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../db/database.js'
import { londonToday } from '../../platform/calendar.js'
import { choiceItems, formBody, fieldError, type GovukErrors } from '../../platform/forms.js'
import { ctxOf } from '../../platform/acting.js'
import { actorOf } from '../../platform/http/access.js'
import {
  PRIVATE_RECORD_ACCESS,
  privateRecordPage,
  type RecordPageState,
} from '../../platform/http/private-record.js'
import { render } from '../../platform/http/web.js'
import { figuresPageRoute, queryString, tableExportRoutes } from '../../platform/http/list-pages.js'
import { addNavigation } from '../../platform/navigation.js'
import { can, permission } from '../../platform/permissions.js'
import { isRefusal } from '../../platform/refusal.js'
import { CATEGORY_NAMES, categoryName } from './categories.js'
import { exportRow, EXPORT_HEADER } from './export.js'
import { registerAnnualFiguresApi } from '../../platform/annual-figures.js'
import {
  AnalysisForm,
  CaseReviewReferralForm,
  DEATH_KIND_NAMES,
  IdParams,
  InformationRequestForm,
  ListQuery,
  MeetingsForm,
  MODIFIABLE_FACTOR_NAMES,
  NotificationForm,
  PLACE_OF_DEATH_NAMES,
  ReceivedForm,
  RECOMMENDATION_CATEGORY_NAMES,
  RecommendationForm,
  RequestParams,
  SEX_NAMES,
} from './schema.js'
import {
  addRecommendation,
  annualFigures,
  notificationList,
  notificationPage,
  recordAnalysis,
  recordInformationReceived,
  recordMeetings,
  recordNotification,
  referForCaseReviewScreening,
  requestInformation,
} from './service.js'

const FORM_BODY_LIMIT = 64 * 1024
const NO_ERRORS: GovukErrors = { summary: [], fields: {} }

const names = {
  places: PLACE_OF_DEATH_NAMES,
  deathKinds: DEATH_KIND_NAMES,
  sexes: SEX_NAMES,
  factors: MODIFIABLE_FACTOR_NAMES,
  recommendationCategories: RECOMMENDATION_CATEGORY_NAMES,
  categories: CATEGORY_NAMES,
}

/** Child death reviews: notifications, meetings, information from agencies, the panel's analysis. */
export const cdopRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  addNavigation({ href: '/cdop', text: 'Child deaths', resource: 'cdop', action: 'read' })
  const figuresOf = (request: FastifyRequest, startYear: number) =>
    annualFigures(db, { ...ctxOf(request), startYear })
  // The year's figures for scripts: counts as recorded and as they may be published.
  registerAnnualFiguresApi(app, 'cdop', 'cdop', figuresOf, {
    summary:
      'Child death review figures for a year (notifications, completed reviews, modifiable factors, categories)',
    description:
      'For the CDOP coordinator, panel members and auditors. `figures` holds the counts as recorded; `published` the same with counts of 1 to 5 shown as "c" (with secondary suppression), as they may leave the partnership.',
    figures: {
      figures: z.record(z.string(), z.unknown()),
      published: z.record(z.string(), z.unknown()),
    },
  })

  app.get('/cdop', { config: { access: permission('cdop', 'read') } }, async (request, reply) => {
    const query = ListQuery.safeParse(request.query)
    if (!query.success) return reply.code(400).send('Bad query')
    const actor = actorOf(request)
    const rows = await notificationList(db, { actor, filter: query.data, requestId: request.id })
    return render(request, reply, 'cdop/views/index.njk', {
      title: 'Child death reviews',
      rows: rows.map(row => ({
        ...row,
        categoryText: row.category ? categoryName(row.category) : '',
      })),
      names,
      statusItems: choiceItems(
        { 'awaiting-review': 'Awaiting review', reviewed: 'Reviewed' },
        query.data.status ?? '',
        { blank: 'Any' },
      ),
      kindItems: choiceItems(DEATH_KIND_NAMES, query.data.deathKind ?? '', { blank: 'Any' }),
      exportQuery: queryString(query.data),
      canCreate: can(actor.roles, 'cdop', 'create'),
      canExport: can(actor.roles, 'cdop', 'export'),
      backlog: rows.filter(row => !row.reviewCompletedOn).length,
    })
  })

  tableExportRoutes(app, {
    path: '/cdop/export',
    access: permission('cdop', 'export'),
    query: ListQuery,
    fileName: 'child-death-reviews',
    header: EXPORT_HEADER,
    rows: async (request, filter) => {
      const rows = await notificationList(db, {
        actor: actorOf(request),
        filter,
        requestId: request.id,
        action: 'cdop.notification.export',
      })
      return rows.map(exportRow)
    },
  })

  figuresPageRoute(app, {
    path: '/cdop/figures',
    access: permission('cdop', 'read'),
    figures: figuresOf,
    show: (request, reply, { figures, published }, years) =>
      render(request, reply, 'cdop/views/figures.njk', {
        title: `Child death review figures ${figures.year}`,
        figures,
        published,
        years,
      }),
  })

  // ---- Notifications ----------------------------------------------------------------------------

  function showNew(
    request: FastifyRequest,
    reply: FastifyReply,
    { form = {}, errors = NO_ERRORS, status = 200 }: RecordPageState,
  ) {
    return render(
      request,
      reply,
      'cdop/views/new.njk',
      {
        title: 'Record a child death notification',
        backLink: '/cdop',
        form,
        errors,
        sexItems: choiceItems(SEX_NAMES, form.sex),
        placeItems: choiceItems(PLACE_OF_DEATH_NAMES, form.placeOfDeath, {
          blank: 'Select the place of death',
        }),
        kindItems: choiceItems(DEATH_KIND_NAMES, form.deathKind),
        residentItems: choiceItems({ yes: 'Yes', no: 'No' }, form.residentInArea),
        diedItems: choiceItems({ yes: 'Yes', no: 'No' }, form.diedInArea),
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
    const page = await notificationPage(db, { actor, id, requestId: request.id })
    if (!page) return reply.callNotFound()
    const form = state.form ?? {}
    const { notification } = page
    const chosen = new Set(
      ([] as unknown[]).concat(form.categories ?? notification.applicableCategories.map(String)),
    )
    return render(
      request,
      reply,
      'cdop/views/show.njk',
      {
        title: `Child death review ${notification.reference}`,
        backLink: '/cdop',
        ...page,
        names,
        categoryText: notification.category ? categoryName(notification.category) : null,
        canUpdate: can(actor.roles, 'cdop', 'update'),
        canSeeChild: can(actor.roles, 'child', 'read'),
        form,
        errors: state.errors ?? NO_ERRORS,
        today: londonToday(),
        categoryItems: Object.entries(CATEGORY_NAMES).map(([value, text]) => ({
          value,
          text: `${value}. ${text}`,
          checked: chosen.has(value),
        })),
        factorItems: choiceItems(
          MODIFIABLE_FACTOR_NAMES,
          form.modifiableFactors ?? notification.modifiableFactors,
        ),
        recommendationItems: choiceItems(RECOMMENDATION_CATEGORY_NAMES, form.category, {
          blank: 'Select a category',
        }),
      },
      state.status ?? 200,
    )
  }

  const record = privateRecordPage(app, {
    db,
    path: '/cdop/notifications',
    resource: 'cdop',
    params: IdParams,
    bodyLimit: FORM_BODY_LIMIT,
    show: showRecord,
  })
  record.create({
    schema: NotificationForm,
    initial: () => ({ notifiedOn: londonToday() }),
    show: showNew,
    command: recordNotification,
  })
  record.form('meetings', MeetingsForm, recordMeetings)
  record.form('information-requests', InformationRequestForm, requestInformation)
  record.form('analysis', AnalysisForm, recordAnalysis)
  record.form('recommendations', RecommendationForm, addRecommendation)
  record.form('case-review-referral', CaseReviewReferralForm, referForCaseReviewScreening)

  app.post(
    '/cdop/notifications/:id/information-requests/:requestId/received',
    { config: { access: PRIVATE_RECORD_ACCESS }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const params = RequestParams.safeParse(request.params)
      if (!params.success || !record.may(request, 'update')) return reply.callNotFound()
      const { id, requestId } = params.data
      const body = formBody(request.body)
      const { _csrf: _, ...fields } = body
      const form = ReceivedForm.safeParse(fields)
      const field = `receivedOn-${requestId}`
      if (!form.success)
        return showRecord(request, reply, id, {
          form: body,
          errors: fieldError(
            field,
            form.error.issues[0]?.message ?? 'Enter the date the information was received',
          ),
          status: 400,
        })
      const outcome = await recordInformationReceived(db, {
        ...ctxOf(request),
        id,
        informationRequestId: requestId,
        input: form.data,
      })
      if (isRefusal(outcome))
        return showRecord(request, reply, id, {
          form: body,
          errors: fieldError(field, outcome.message),
          status: 400,
        })
      if (outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(`/cdop/notifications/${id}`, 303)
    },
  )
}
