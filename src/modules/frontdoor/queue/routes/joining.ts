import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { actorOf } from '../../../../platform/http/access.js'
import { fieldError, formBody } from '../../../../platform/forms.js'
import { permission } from '../../../../platform/permissions.js'
import { isRefusal } from '../../../../platform/refusal.js'
import { joinToFirstContact } from '../../decisions/joining.js'
import { ReferralParams } from '../../schema.js'
import { FORM_BODY_LIMIT, type FrontdoorDeps } from '../../routes/shared.js'
import { afterChange } from '../notices.js'
import { referralPage } from './referral.js'

const JoinForm = z.object({
  firstId: z.uuid({ error: 'Select the earlier contact to join this one to' }),
})

/** Joining a likely duplicate contact to the first contact about the child. */
export function registerJoiningRoutes(app: FastifyInstance, { db }: FrontdoorDeps) {
  const showReferral = referralPage(db)

  app.post(
    '/referrals/:id/join',
    { config: { access: permission('referral', 'update') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const params = ReferralParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const body = formBody(request.body)
      const form = JoinForm.safeParse(body)
      const refused = (message: string) =>
        showReferral(request, reply, params.data.id, {
          errors: fieldError('firstId', message),
          form: body,
          statusCode: 400,
        })
      if (!form.success) return refused('Select the earlier contact to join this one to')
      const outcome = await joinToFirstContact(db, {
        actor: actorOf(request),
        referralId: params.data.id,
        firstId: form.data.firstId,
        requestId: request.id,
        now: new Date(),
      })
      if (isRefusal(outcome)) return refused(outcome.message)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(afterChange(`/referrals/${outcome.firstId}`, 'referral-joined'), 303)
    },
  )
}
