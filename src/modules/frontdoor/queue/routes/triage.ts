import type { FastifyInstance, FastifyRequest } from 'fastify'
import { actorOf } from '../../../../platform/http/access.js'
import { fieldError, formBody, govukErrors } from '../../../../platform/forms.js'
import { can, permission } from '../../../../platform/permissions.js'
import {
  authoriseDecision,
  decideReferral,
  linkChild,
  markFeedbackUnsent,
  rateReferral,
} from '../../decisions.js'
import {
  AuthoriseForm,
  DecisionForm,
  LinkChildForm,
  RagForm,
  ReferralChildParams,
  ReferralParams,
} from '../../schema.js'
import { FORM_BODY_LIMIT, type FrontdoorDeps } from '../../routes/shared.js'
import { NOT_LINKED } from '../referral-page.js'
import { referralPage } from './referral.js'
import { afterChange } from '../notices.js'

/** Triage: RAG rating, decision, authorisation, one child one record. */
export function registerTriageRoutes(app: FastifyInstance, { db, mailer }: FrontdoorDeps) {
  const showReferral = referralPage(db)

  const triage = {
    config: { access: permission('referral', 'update') },
    bodyLimit: FORM_BODY_LIMIT,
  }

  app.post('/referrals/:id/rag', triage, async (request, reply) => {
    const params = ReferralParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const body = formBody(request.body)
    const form = RagForm.safeParse(body)
    if (!form.success) {
      return showReferral(request, reply, params.data.id, {
        errors: govukErrors(form.error),
        form: body,
        statusCode: 400,
      })
    }
    const outcome = await rateReferral(db, {
      actor: actorOf(request),
      referralId: params.data.id,
      ragRating: form.data.ragRating,
      requestId: request.id,
    })
    if (outcome === 'not-found') return reply.callNotFound()
    if (outcome === 'decided') {
      return showReferral(request, reply, params.data.id, {
        errors: fieldError(
          'ragRating',
          'The decision is final: the RAG rating can no longer change',
        ),
        form: body,
        statusCode: 400,
      })
    }
    return reply.redirect(afterChange(`/referrals/${params.data.id}`, 'referral-rated'), 303)
  })

  app.post('/referrals/:id/decision', triage, async (request, reply) => {
    const params = ReferralParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const body = formBody(request.body)
    const form = DecisionForm.safeParse(body)
    if (!form.success) {
      return showReferral(request, reply, params.data.id, {
        errors: govukErrors(form.error),
        form: body,
        statusCode: 400,
      })
    }
    const outcome = await decideReferral(db, mailer, {
      actor: actorOf(request),
      referralId: params.data.id,
      input: form.data,
      requestId: request.id,
      now: new Date(),
    })
    switch (outcome.kind) {
      case 'not-found':
        return reply.callNotFound()
      case 'already-final':
        return showReferral(request, reply, params.data.id, {
          errors: fieldError('decision', 'A final decision has already been made'),
          form: body,
          statusCode: 400,
        })
      case 'joined':
        return showReferral(request, reply, params.data.id, {
          errors: fieldError(
            'decision',
            'This contact is joined to an earlier contact: record the decision on that contact',
          ),
          form: body,
          statusCode: 400,
        })
      case 'children-not-linked':
        return showReferral(request, reply, params.data.id, {
          errors: fieldError('decision', NOT_LINKED),
          form: body,
          statusCode: 400,
        })
      case 'awaiting-authorisation':
        return reply.redirect(afterChange(`/referrals/${params.data.id}`, 'referral-awaiting'), 303)
      case 'decided':
        await afterDecision(request, params.data.id, outcome.afterCommit)
        return reply.redirect(afterChange(`/referrals/${params.data.id}`, 'referral-decided'), 303)
    }
  })

  app.post(
    '/referrals/:id/authorisation',
    {
      config: { access: permission('referral-authorisation', 'create') },
      bodyLimit: FORM_BODY_LIMIT,
    },
    async (request, reply) => {
      const params = ReferralParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const body = formBody(request.body)
      const form = AuthoriseForm.safeParse(body)
      if (!form.success) {
        return showReferral(request, reply, params.data.id, {
          errors: govukErrors(form.error),
          form: body,
          statusCode: 400,
        })
      }
      const outcome = await authoriseDecision(db, mailer, {
        actor: actorOf(request),
        referralId: params.data.id,
        outcome: form.data.outcome,
        requestId: request.id,
        now: new Date(),
      })
      switch (outcome.kind) {
        case 'not-found':
          return reply.callNotFound()
        case 'not-awaiting':
          return showReferral(request, reply, params.data.id, {
            errors: fieldError('outcome', 'There is no decision waiting for authorisation'),
            form: body,
            statusCode: 400,
          })
        case 'children-not-linked':
          return showReferral(request, reply, params.data.id, {
            errors: fieldError('outcome', NOT_LINKED),
            form: body,
            statusCode: 400,
          })
        case 'returned':
          return reply.redirect(
            afterChange(`/referrals/${params.data.id}`, 'referral-returned'),
            303,
          )
        case 'authorised':
          await afterDecision(request, params.data.id, outcome.afterCommit)
          return reply.redirect(
            afterChange(`/referrals/${params.data.id}`, 'referral-authorised'),
            303,
          )
      }
    },
  )

  /** Sends the outcome by SMTP once committed; if it fails, the referral owes feedback again. */
  async function afterDecision(
    request: FastifyRequest,
    referralId: string,
    afterCommit: () => Promise<void>,
  ) {
    try {
      await afterCommit()
    } catch (error) {
      request.log.error({ err: error, event: 'referral.feedback-failed', referralId })
      await markFeedbackUnsent(db, actorOf(request), referralId, request.id)
    }
  }

  for (const [suffix, isNew] of [
    ['link', false],
    ['new-record', true],
  ] as const) {
    app.post(
      `/referrals/:id/children/:childId/${suffix}`,
      {
        config: { access: permission('referral', 'update') },
        bodyLimit: FORM_BODY_LIMIT,
      },
      async (request, reply) => {
        const params = ReferralChildParams.safeParse(request.params)
        if (!params.success) return reply.callNotFound()
        const body = formBody(request.body)
        const actor = actorOf(request)
        let recordId: string | null = null
        if (!isNew) {
          const form = LinkChildForm.safeParse(body)
          if (!form.success) {
            return showReferral(request, reply, params.data.id, {
              errors: fieldError(`record-${params.data.childId}`, 'Select the child’s record'),
              form: body,
              statusCode: 400,
            })
          }
          recordId = form.data.recordId
        }
        if (!can(actor.roles, 'child', isNew ? 'create' : 'read')) {
          return reply.code(403).send()
        }
        const outcome = await linkChild(db, {
          actor,
          referralId: params.data.id,
          referralChildId: params.data.childId,
          recordId,
          requestId: request.id,
        })
        if (outcome === 'not-found') return reply.callNotFound()
        if (outcome === 'linked') {
          return reply.redirect(
            afterChange(
              `/referrals/${params.data.id}#child-${params.data.childId}`,
              isNew ? 'referral-new-record' : 'referral-linked',
            ),
            303,
          )
        }
        return showReferral(request, reply, params.data.id, {
          errors: fieldError(
            `record-${params.data.childId}`,
            outcome === 'no-record'
              ? 'Select one of the child records listed'
              : 'This child is already linked to a record',
          ),
          form: body,
          statusCode: 400,
        })
      },
    )
  }
}
