import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { attachment } from '../../../platform/csv.js'
import { sendTable, TABLE_FORMATS } from '../../../platform/spreadsheets.js'
import { fieldError, formBody, type GovukErrors } from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { CLOCK_STATE_NAMES, clockState } from '../clocks.js'
import {
  DOCUMENT_KIND_NAMES,
  ELSEWHERE_REVIEW_TYPES,
  IdParams,
  REVIEW_TYPE_NAMES,
  dateValues,
  parseDocument,
  parseElsewhere,
  parseMilestone,
  parseRecommendation,
  parseReviewDetails,
  type FormResult,
} from '../schema.js'
import {
  addMilestone,
  addRecommendation,
  completeMilestone,
  listReviewsFor,
  readDocument,
  recordReviewElsewhere,
  reviewPage,
  updateReviewDetails,
  uploadDocument,
} from '../service/reviews.js'
import { FORM_BODY_LIMIT, agencyItems, ctxOf, items } from './shared.js'

const NO_ERRORS: GovukErrors = { summary: [], fields: {} }
type State = { form?: Record<string, unknown>; errors?: GovukErrors; statusCode?: number }

export function registerReviewRoutes(app: FastifyInstance, db: Db) {
  app.get(
    '/reviews/reviews',
    { config: { access: permission('case-review', 'read') } },
    async (request, reply) => {
      if (Object.keys(request.query ?? {}).length) return reply.code(400).send('Bad request')
      const today = londonToday()
      const reviews = (await listReviewsFor(db, ctxOf(request))).map(r => ({
        ...r,
        state: clockState(r.targetPublicationOn, r.publishedOn, today),
      }))
      return render(request, reply, 'reviews/views/reviews.njk', {
        title: 'Reviews',
        backLink: '/reviews',
        reviews,
        typeNames: REVIEW_TYPE_NAMES,
        stateNames: CLOCK_STATE_NAMES,
        canCreate: can(ctxOf(request).actor.roles, 'case-review', 'create'),
      })
    },
  )

  for (const format of TABLE_FORMATS) {
    app.get(
      `/reviews/reviews.${format}`,
      { config: { access: permission('case-review', 'export') } },
      async (request, reply) => {
        if (Object.keys(request.query ?? {}).length) return reply.code(400).send('Bad request')
        const reviews = await listReviewsFor(db, ctxOf(request))
        return sendTable(
          reply,
          format,
          'reviews',
          [
            'Title',
            'Type',
            'Held by',
            'Reviewer',
            'Decided on',
            'Publication target',
            'Published on',
          ],
          reviews.map(r => [
            r.title,
            REVIEW_TYPE_NAMES[r.reviewType],
            r.heldBy ?? 'This partnership',
            r.reviewerName ?? '',
            r.decidedOn,
            r.targetPublicationOn,
            r.publishedOn ?? '',
          ]),
        )
      },
    )
  }

  async function showElsewhere(request: FastifyRequest, reply: FastifyReply, state: State = {}) {
    const form = state.form ?? {}
    return render(
      request,
      reply,
      'reviews/views/elsewhere.njk',
      {
        title: 'Record a review held elsewhere',
        backLink: '/reviews/reviews',
        form,
        typeItems: ELSEWHERE_REVIEW_TYPES.map(value => ({
          value,
          text: REVIEW_TYPE_NAMES[value],
          checked: form.reviewType === value,
        })),
        errors: state.errors ?? NO_ERRORS,
      },
      state.statusCode,
    )
  }

  app.get(
    '/reviews/reviews/elsewhere',
    { config: { access: permission('case-review', 'create') } },
    (request, reply) => showElsewhere(request, reply),
  )

  app.post(
    '/reviews/reviews/elsewhere',
    { config: { access: permission('case-review', 'create') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const body = formBody(request.body)
      const parsed = parseElsewhere(body, londonToday())
      if (!parsed.success)
        return showElsewhere(request, reply, { form: body, errors: parsed.errors, statusCode: 400 })
      const outcome = await recordReviewElsewhere(db, ctxOf(request), parsed.data)
      if (outcome.kind === 'refused')
        return showElsewhere(request, reply, {
          form: body,
          errors: fieldError(outcome.field, outcome.message),
          statusCode: 400,
        })
      return reply.redirect(`/reviews/reviews/${outcome.id}`, 303)
    },
  )

  async function showReview(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: State = {},
  ) {
    const found = await reviewPage(db, ctxOf(request), id)
    if (!found) return reply.callNotFound()
    const today = londonToday()
    const { review } = found
    const form = state.form ?? {
      reviewerName: review.reviewerName ?? '',
      termsOfReference: review.termsOfReference ?? '',
      ...dateValues('publishedOn', review.publishedOn),
      number: String(found.recommendations.length + 1),
    }
    return render(
      request,
      reply,
      'reviews/views/review.njk',
      {
        title: review.title,
        backLink: '/reviews/reviews',
        ...found,
        form,
        errors: state.errors ?? NO_ERRORS,
        today,
        typeNames: REVIEW_TYPE_NAMES,
        kindNames: DOCUMENT_KIND_NAMES,
        stateNames: CLOCK_STATE_NAMES,
        publicationState: clockState(review.targetPublicationOn, review.publishedOn, today),
        canUpdate: can(ctxOf(request).actor.roles, 'case-review', 'update'),
        kindItems: items(DOCUMENT_KIND_NAMES, form.kind),
        agencyItems: agencyItems(found.agencies, form.agencyId, 'No agency'),
      },
      state.statusCode,
    )
  }

  app.get(
    '/reviews/reviews/:id',
    { config: { access: permission('case-review', 'read') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      return showReview(request, reply, params.data.id)
    },
  )

  function reviewStep<T>(
    path: string,
    parse: (body: Record<string, unknown>) => FormResult<T>,
    run: (
      request: FastifyRequest,
      id: string,
      data: T,
    ) => Promise<{ kind: string; field?: string; message?: string }>,
  ) {
    app.post(
      `/reviews/reviews/:id/${path}`,
      { config: { access: permission('case-review', 'update') }, bodyLimit: FORM_BODY_LIMIT },
      async (request, reply) => {
        const params = IdParams.safeParse(request.params)
        if (!params.success) return reply.callNotFound()
        const { id } = params.data
        const body = formBody(request.body)
        const parsed = parse(body)
        if (!parsed.success)
          return showReview(request, reply, id, {
            form: body,
            errors: parsed.errors,
            statusCode: 400,
          })
        const outcome = await run(request, id, parsed.data)
        if (outcome.kind === 'refused') {
          if (outcome.field === 'not-found') return reply.callNotFound()
          return showReview(request, reply, id, {
            form: body,
            errors: fieldError(outcome.field ?? 'form', outcome.message ?? ''),
            statusCode: 400,
          })
        }
        return reply.redirect(`/reviews/reviews/${id}`, 303)
      },
    )
  }

  reviewStep(
    'details',
    body => parseReviewDetails(body, londonToday()),
    (request, id, data) => updateReviewDetails(db, ctxOf(request), id, data),
  )
  reviewStep('milestones', parseMilestone, (request, id, data) =>
    addMilestone(db, ctxOf(request), id, data),
  )
  reviewStep('recommendations', parseRecommendation, (request, id, data) =>
    addRecommendation(db, ctxOf(request), id, data),
  )
  reviewStep(
    'documents',
    body => {
      const parsed = parseDocument({ ...body, file: undefined })
      const file = body.file
      if (!Buffer.isBuffer(file) || file.length === 0) {
        const errors = parsed.success ? { summary: [], fields: {} } : parsed.errors
        errors.fields.file = { text: 'Select a file' }
        errors.summary.push({ text: 'Select a file', href: '#file' })
        return { success: false, errors }
      }
      return parsed.success ? { success: true, data: { ...parsed.data, file } } : parsed
    },
    (request, id, data) => uploadDocument(db, ctxOf(request), id, data, data.file),
  )

  app.post(
    '/reviews/milestones/:id/complete',
    { config: { access: permission('case-review', 'update') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const outcome = await completeMilestone(db, ctxOf(request), params.data.id, londonToday())
      if (outcome.kind === 'refused')
        return outcome.field === 'not-found'
          ? reply.callNotFound()
          : reply.code(400).send(outcome.message)
      return reply.redirect(`/reviews/reviews/${outcome.reviewId}`, 303)
    },
  )

  app.get(
    '/reviews/documents/:id',
    { config: { access: permission('case-review', 'read') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const document = await readDocument(db, ctxOf(request), params.data.id)
      if (!document) return reply.callNotFound()
      return reply
        .header('content-type', document.contentType)
        .header('content-disposition', attachment(document.filename))
        .header('cache-control', 'no-store')
        .send(document.content)
    },
  )
}
