import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { readDateInput } from '../../../platform/date-input.js'
import { fieldError, formBody, govukErrors, toGovukErrors } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { isRefusal } from '../../../platform/refusal.js'
import { markdownToHtml } from '../render/markdown.js'
import { ContributionForm, ContributionRequestForm, ReviewForm } from '../schema.js'
import {
  changeContributionDue,
  contributionPage,
  formatDay,
  myContributions,
  requestContribution,
  reviewContribution,
  submitContribution,
} from '../service.js'
import { FORM_BODY_LIMIT, NO_ERRORS, ctxOf, idOf, notFound, view, type Deps } from './shared.js'
import type { GovukErrors } from '../../../platform/forms.js'

const STATUS_WORDS = {
  requested: 'Asked for',
  submitted: 'Sent, to review',
  accepted: 'Accepted',
  returned: 'Sent back',
}
const ACTION_WORDS = {
  requested: 'Requested',
  reminded: 'Reminded',
  submitted: 'Submitted',
  accepted: 'Accepted',
  returned: 'Returned',
  rescheduled: 'Due date changed',
}

export function registerContributionRoutes(
  app: FastifyInstance,
  { db }: Deps,
  showReport: (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: GovukErrors,
    form: Record<string, unknown>,
  ) => Promise<unknown>,
) {
  const own = { config: { access: permission('report-contribution', 'read') } }

  app.post(
    '/reports/:id/contributions',
    { config: { access: permission('report', 'update') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return notFound(reply)
      const body = formBody(request.body)
      const form = ContributionRequestForm.safeParse(body)
      const due = readDateInput(body, 'dueOn')
      const errors: Record<string, { text: string }> = form.success
        ? {}
        : govukErrors(form.error).fields
      if (due.kind !== 'date')
        errors.dueOn = {
          text:
            due.kind === 'empty'
              ? 'Enter the date the section is due'
              : 'The due date must be a real date',
        }
      if (!form.success || due.kind !== 'date')
        return showReport(request, reply, toGovukErrors(errors), body)
      const outcome = await requestContribution(db, ctxOf(request), id, {
        ...form.data,
        dueOn: due.date,
      })
      if (isRefusal(outcome))
        return showReport(request, reply, fieldError(outcome.field, outcome.message), body)
      return reply.redirect(`/reports/${id}#contributions`, 303)
    },
  )

  app.get('/reports/contributions', own, async (request, reply) =>
    render(request, reply, view('contributions'), {
      title: 'Sections asked of you',
      rows: await myContributions(db, actorOf(request)),
      statusWords: STATUS_WORDS,
      formatDay,
    }),
  )

  async function showContribution(
    request: FastifyRequest,
    reply: FastifyReply,
    form?: Record<string, unknown>,
    errors = NO_ERRORS,
    status = 200,
  ) {
    const id = idOf(request)
    const actor = actorOf(request)
    const manages = can(actor.roles, 'report', 'update')
    const page = id ? await contributionPage(db, actor, id, manages) : null
    if (!page) return notFound(reply)
    const { contribution } = page
    return render(
      request,
      reply,
      view('contribution'),
      {
        title: contribution.sectionTitle,
        backLink: manages
          ? `/reports/${contribution.reportId}#contributions`
          : '/reports/contributions',
        ...page,
        dueText: formatDay(contribution.dueOn),
        isWriter:
          contribution.assigneeId === actor.userId &&
          ['requested', 'returned'].includes(contribution.status),
        canReview: manages && contribution.status === 'submitted',
        canReschedule: manages && contribution.status !== 'accepted',
        actionWords: ACTION_WORDS,
        bodyHtml: markdownToHtml(
          contribution.body,
          can(actor.roles, 'report', 'read')
            ? undefined
            : image => `/reports/contributions/images/${image}`,
        ),
        statusWords: STATUS_WORDS,
        form: form ?? { body: contribution.body },
        errors,
      },
      status,
    )
  }

  /** A refused command: the page again with the person's text kept and the reason at the field. */
  function showRefusal(
    request: FastifyRequest,
    reply: FastifyReply,
    body: Record<string, unknown>,
    refusal: { field: string; message: string },
  ) {
    return showContribution(request, reply, body, fieldError(refusal.field, refusal.message), 400)
  }

  app.get('/reports/contributions/:id', own, (request, reply) => showContribution(request, reply))

  app.post(
    '/reports/contributions/:id',
    { config: { access: permission('report-contribution', 'update') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return notFound(reply)
      const body = formBody(request.body)
      const form = ContributionForm.safeParse(body)
      if (!form.success) return showContribution(request, reply, body, govukErrors(form.error), 400)
      const outcome = await submitContribution(db, ctxOf(request), id, form.data.body)
      // Refused (after the due date): the page comes back with their text in the box, nothing lost.
      if (isRefusal(outcome)) return showRefusal(request, reply, body, outcome)
      return reply.redirect(`/reports/contributions/${id}`, 303)
    },
  )

  app.post(
    '/reports/contributions/:id/review',
    { config: { access: permission('report', 'update') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return notFound(reply)
      const body = formBody(request.body)
      const form = ReviewForm.safeParse(body)
      if (!form.success) return showContribution(request, reply, body, govukErrors(form.error), 400)
      const outcome = await reviewContribution(db, ctxOf(request), id, form.data)
      if (isRefusal(outcome)) return showRefusal(request, reply, body, outcome)
      return reply.redirect(`/reports/${outcome.reportId}#contributions`, 303)
    },
  )

  app.post(
    '/reports/contributions/:id/due',
    { config: { access: permission('report', 'update') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return notFound(reply)
      const body = formBody(request.body)
      const due = readDateInput(body, 'dueOn')
      if (due.kind !== 'date') {
        const text =
          due.kind === 'empty'
            ? 'Enter the new due date'
            : 'The due date must be a real date, like 30 4 2027'
        return showContribution(request, reply, body, fieldError('dueOn', text), 400)
      }
      const outcome = await changeContributionDue(db, ctxOf(request), id, due.date)
      if (isRefusal(outcome)) return showRefusal(request, reply, body, outcome)
      return reply.redirect(`/reports/contributions/${id}`, 303)
    },
  )

  return {
    showContributionWithErrors: (
      request: FastifyRequest,
      reply: FastifyReply,
      errors: GovukErrors,
    ) => showContribution(request, reply, undefined, errors, 400),
  }
}
