import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { fieldError, formBody, govukErrors, type GovukErrors } from '../../../../platform/forms.js'
import { actorOf } from '../../../../platform/http/access.js'
import { formatDate, formatDateTime, render } from '../../../../platform/http/web.js'
import { permission } from '../../../../platform/permissions.js'
import { agencyChecks, answerCheck, requestChecks } from '../../checks.js'
import {
  AnswerCheckForm,
  CHECK_STATUS_NAMES,
  CheckParams,
  ReferralParams,
  RequestChecksForm,
} from '../../schema.js'
import { FORM_BODY_LIMIT, type FrontdoorDeps } from '../../routes/shared.js'
import { referralPage, type ReferralPageState } from './referral.js'
import { afterChange } from '../notices.js'

/** Checks with partner agencies: asking them from a referral, and each agency's answers. */
export function registerCheckRoutes(app: FastifyInstance, { db }: FrontdoorDeps) {
  const showReferral = referralPage(db)

  app.post(
    '/referrals/:id/checks',
    { config: { access: permission('referral-check', 'create') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const params = ReferralParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const body = formBody(request.body)
      const form = RequestChecksForm.safeParse(body)
      const refuse = (errors: GovukErrors) =>
        showReferral(request, reply, params.data.id, { errors, form: body, statusCode: 400 })
      if (!form.success) return refuse(govukErrors(form.error))
      const outcome = await requestChecks(db, {
        actor: actorOf(request),
        referralId: params.data.id,
        input: form.data,
        requestId: request.id,
        now: new Date(),
      })
      switch (outcome.kind) {
        case 'not-found':
          return reply.callNotFound()
        case 'decided':
          return refuse(
            fieldError('agencyIds', 'The decision is final: checks can no longer be requested'),
          )
        case 'unknown-agency':
          return refuse(fieldError('agencyIds', 'Select agencies from the partnership’s list'))
        case 'too-late-today':
          return refuse(
            fieldError(
              'due',
              'It is after 5pm or not a working day: choose the next working day by 12:00',
            ),
          )
        case 'requested':
          return reply.redirect(
            afterChange(`/referrals/${params.data.id}#checks`, 'checks-requested'),
            303,
          )
      }
    },
  )

  /** Only what the agency needs to answer: the children's names and dates of birth, and the question. */
  function agencyCheckRows(check: Awaited<ReturnType<typeof agencyChecks>>[number]) {
    const row = (key: string, text: string) => ({ key: { text: key }, value: { text } })
    return [
      ...check.children.map((child, index) =>
        row(
          `Child ${String(index + 1)}`,
          child.birthDate
            ? `${child.name}, born ${formatDate(child.birthDate)}`
            : child.approximateAge !== null
              ? `${child.name}, about ${String(child.approximateAge)} years old`
              : child.name,
        ),
      ),
      row('Asked of', check.agencyName),
      row('Question', check.question ?? 'What does your agency know about the child and family?'),
      row('Requested', formatDateTime(check.requestedAt)),
      row('Due', formatDateTime(check.dueAt)),
      ...(check.answer ? [row('Your agency’s answer', check.answer)] : []),
    ]
  }

  async function showAgencyChecks(
    request: FastifyRequest,
    reply: FastifyReply,
    state: ReferralPageState = {},
  ) {
    const actor = actorOf(request)
    const checks = await agencyChecks(db, { actor, requestId: request.id })
    return render(
      request,
      reply,
      'frontdoor/views/checks.njk',
      {
        title: 'Checks asked of your agency',
        checks: checks.map(check => ({ ...check, rows: agencyCheckRows(check) })),
        statusNames: CHECK_STATUS_NAMES,
        form: state.form ?? {},
        errors: state.errors ?? { summary: [], fields: {} },
      },
      state.statusCode ?? 200,
    )
  }

  app.get(
    '/front-door/checks',
    { config: { access: permission('referral-check', 'read') } },
    async (request, reply) => showAgencyChecks(request, reply),
  )

  app.post(
    '/front-door/checks/:checkId/answer',
    { config: { access: permission('referral-check', 'update') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const params = CheckParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const body = formBody(request.body)
      const field = `answer-${params.data.checkId}`
      const form = AnswerCheckForm.safeParse(body)
      const refuse = (text: string) =>
        showAgencyChecks(request, reply, {
          errors: fieldError(field, text),
          form: { [field]: body.answer },
          statusCode: 400,
        })
      if (!form.success) return refuse(form.error.issues[0]?.message ?? 'Enter the agency’s answer')
      const outcome = await answerCheck(db, {
        actor: actorOf(request),
        checkId: params.data.checkId,
        answer: form.data.answer,
        requestId: request.id,
        now: new Date(),
      })
      if (outcome === 'not-found') return reply.callNotFound()
      if (outcome === 'already-answered') return refuse('This check has already been answered')
      return reply.redirect(afterChange('/front-door/checks', 'check-answered'), 303)
    },
  )
}
