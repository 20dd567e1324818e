import type { FastifyInstance } from 'fastify'
import { actorOf } from '../../../../platform/http/access.js'
import { render } from '../../../../platform/http/web.js'
import { can, permission } from '../../../../platform/permissions.js'
import { DECISION_NAMES, ReferralParams } from '../../schema.js'
import { listOwnDraftsAndReferrals, resumeDraft, startDraft } from '../../service.js'
import type { DraftAnswers } from '../../table.js'
import { BASE, FORM_BODY_LIMIT, STATUS_NAMES, type FrontdoorDeps } from '../../routes/shared.js'
import { setDraftCookie } from './shared.js'

const QUEUE_LIMIT = 2000

/** Professionals: their drafts and the referrals they have sent. */
export function registerDraftRoutes(app: FastifyInstance, { db, config }: FrontdoorDeps) {
  app.get(
    '/referrals',
    { config: { access: permission('referral', 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { drafts, referrals } = await listOwnDraftsAndReferrals(db, actor, QUEUE_LIMIT)
      const saved = (request.query as { saved?: unknown }).saved === '1'
      return render(request, reply, 'frontdoor/views/referrals.njk', {
        title: 'Your referrals',
        notice: saved ? 'Your draft has been saved' : undefined,
        canCreate: can(actor.roles, 'referral', 'create'),
        statusNames: STATUS_NAMES,
        decisionNames: DECISION_NAMES,
        drafts: drafts.map(draft => ({
          ...draft,
          label: draftLabel(draft.answers),
        })),
        referrals,
      })
    },
  )

  app.post(
    '/referrals/new',
    { config: { access: permission('referral', 'create') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const actor = actorOf(request)
      const cookie = await startDraft(db, {
        partnershipId: actor.partnershipId,
        source: 'professional',
        userId: actor.userId,
        answers: {
          professional: {
            name: actor.displayName,
            email: actor.email,
            phone: '',
            agencyId: actor.agencyIds[0] ?? '',
            jobTitle: '',
            relationship: '',
          },
        },
        requestId: request.id,
      })
      setDraftCookie(reply, config, cookie, true)
      return reply.redirect(`${BASE}/child/1`, 303)
    },
  )

  app.post(
    '/referrals/drafts/:id/resume',
    { config: { access: permission('referral', 'create') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const params = ReferralParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const cookie = await resumeDraft(db, actorOf(request), params.data.id)
      if (!cookie) return reply.callNotFound()
      setDraftCookie(reply, config, cookie, true)
      return reply.redirect(`${BASE}/check-answers`, 303)
    },
  )
}

function draftLabel(answers: DraftAnswers): string {
  const names = (answers.children ?? []).map(child => child.givenName)
  return names.length ? names.join(', ') : 'No children added yet'
}
