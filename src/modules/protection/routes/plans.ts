import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { actorOf } from '../../../platform/http/access.js'
import { fieldError, formBody, type GovukErrors } from '../../../platform/forms.js'
import { formatDate, render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { londonToday } from '../../../platform/calendar.js'
import {
  CATEGORY_NAMES,
  CONFERENCE_OUTCOME_NAMES,
  CONFERENCE_STATUS_NAMES,
  END_REASON_NAMES,
  IdParams,
  list,
  parseCoreGroup,
  parseEndPlan,
  type FormResult,
} from '../schema.js'
import { childName, endPlan, planPage, recordCoreGroup, type PlanChange } from '../service.js'

const BODY_LIMIT = 256 * 1024
const NO_ERRORS: GovukErrors = { summary: [], fields: {} }

interface PageState {
  form?: Record<string, unknown>
  errors?: GovukErrors
  statusCode?: number
}

/** A child protection plan: its reviews, core groups, and its end outside a conference. */
export const planRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  async function showPlan(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: PageState = {},
  ) {
    const actor = actorOf(request)
    const found = await planPage(db, { actor, id, requestId: request.id })
    if (!found) return reply.callNotFound()
    const { plan, reviews, coreGroups, agencyNames } = found
    const form = state.form ?? {}
    const today = londonToday()
    const heldReviews = reviews.filter(review => review.status === 'held')
    const nextReview = reviews.find(
      review => review.status === 'to-schedule' || review.status === 'scheduled',
    )
    const canUpdate = can(actor.roles, 'protection', 'update') && plan.endDate === null
    const chosen = list(form, 'agencyIds')
    return render(
      request,
      reply,
      'protection/views/plan.njk',
      {
        title: 'Child protection plan',
        backLink: `/protection/children/${found.child.id}`,
        name: childName(found.child),
        ...found,
        canUpdate,
        canRecordCoreGroup: can(actor.roles, 'protection', 'create') && plan.endDate === null,
        summaryRows: [
          ['Initial category', categoryName(plan.initialCategory)],
          ['Latest category', categoryName(plan.latestCategory)],
          ['Started', formatDate(plan.startDate)],
          ['Pre-birth plan', plan.preBirth ? 'Yes' : 'No'],
          ['Lead worker', found.leadWorkerName ?? 'Not allocated'],
          ['Previous plans', String(plan.numberOfPreviousPlans ?? 0)],
          [
            'Next review due',
            nextReview
              ? `${formatDate(nextReview.targetDate)}${nextReview.targetDate < today ? ' (overdue)' : ''}`
              : 'None',
          ],
          [
            'First core group due',
            `${formatDate(found.firstCoreGroupDue)}${
              found.firstCoreGroupMet === null
                ? found.firstCoreGroupDue < today
                  ? ' (overdue: not yet held)'
                  : ' (not yet held)'
                : found.firstCoreGroupMet
                  ? ' (met)'
                  : ' (missed)'
            }`,
          ],
          ...(plan.endDate
            ? [
                ['Ended', formatDate(plan.endDate)],
                ['Why it ended', plan.endReason ? END_REASON_NAMES[plan.endReason] : ''],
                ...(plan.endReasonNotes ? [['Notes on the end', plan.endReasonNotes]] : []),
              ]
            : []),
        ].map(([key = '', value = '']) => ({ key: { text: key }, value: { text: value } })),
        reviews: reviews.map(review => ({
          ...review,
          timeliness:
            review.heldOn === null
              ? review.status === 'cancelled'
                ? 'Cancelled'
                : review.targetDate < today
                  ? 'Overdue'
                  : 'Not yet held'
              : review.heldOn <= review.targetDate
                ? 'On time'
                : 'Late',
        })),
        heldReviews: heldReviews.length,
        nextReview,
        coreGroups: coreGroups.map(meeting => ({
          ...meeting,
          agencies: meeting.agenciesPresent.map(agencyId => agencyNames.get(agencyId) ?? 'Unknown'),
        })),
        agencyItems: found.agencies.map(agency => ({
          value: agency.id,
          text: agency.name,
          checked: chosen.includes(agency.id),
        })),
        endReasonItems: Object.entries(END_REASON_NAMES).map(([value, text]) => ({
          value,
          text,
          checked: form.reason === value,
        })),
        statusNames: CONFERENCE_STATUS_NAMES,
        outcomeNames: CONFERENCE_OUTCOME_NAMES,
        form,
        errors: state.errors ?? NO_ERRORS,
      },
      state.statusCode ?? 200,
    )
  }

  app.get(
    '/protection/plans/:id',
    { config: { access: permission('protection', 'read') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      return showPlan(request, reply, params.data.id)
    },
  )

  function planForm<T>(
    parse: (body: Record<string, unknown>) => FormResult<T>,
    change: (request: FastifyRequest, id: string, input: T) => Promise<PlanChange>,
    anchor: string,
  ) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const { id } = params.data
      const body = formBody(request.body)
      const refuse = (errors: GovukErrors) =>
        showPlan(request, reply, id, { form: body, errors, statusCode: 400 })
      const form = parse(body)
      if (!form.success) return refuse(form.errors)
      const outcome = await change(request, id, form.data)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'refused') return refuse(fieldError(outcome.field, outcome.message))
      return reply.redirect(`/protection/plans/${id}${anchor}`, 303)
    }
  }

  app.post(
    '/protection/plans/:id/core-groups',
    { config: { access: permission('protection', 'create') }, bodyLimit: BODY_LIMIT },
    planForm(
      body => parseCoreGroup(body, londonToday()),
      (request, planId, input) =>
        recordCoreGroup(db, { actor: actorOf(request), planId, input, requestId: request.id }),
      '#core-groups',
    ),
  )

  app.post(
    '/protection/plans/:id/end',
    { config: { access: permission('protection', 'update') }, bodyLimit: BODY_LIMIT },
    planForm(
      body => parseEndPlan(body, londonToday()),
      (request, planId, input) =>
        endPlan(db, { actor: actorOf(request), planId, input, requestId: request.id }),
      '',
    ),
  )
}

function categoryName(code: string | null): string {
  if (!code) return 'Not recorded'
  return code in CATEGORY_NAMES ? CATEGORY_NAMES[code as keyof typeof CATEGORY_NAMES] : code
}
