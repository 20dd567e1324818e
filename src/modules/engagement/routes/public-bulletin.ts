import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type GovukErrors, formBody, govukErrors } from '../../../platform/forms.js'
import { findPublicPartnership } from '../../../platform/front-page.js'
import { render } from '../../../platform/http/web.js'
import { PUBLIC } from '../../../platform/permissions.js'
import { IssueParams, SubscribeForm, UnsubscribeParams } from '../schema/bulletin.js'
import { issueView } from '../service/bulletin.js'
import { issuePdf } from '../service/pdf.js'
import {
  type SendDeps,
  confirmSubscription,
  isSignedUnsubscribe,
  pendingByToken,
  publishedIssue,
  publishedIssues,
  subscribe,
  unsubscribe,
} from '../service/subscribers.js'
import {
  PUBLIC_POST,
  SlugParams,
  SlugTokenParams,
  isHoneypotFilled,
  rejectAsSoftware,
  view,
} from '../shared.js'

/** The public archive of issues, and subscribing, confirming and unsubscribing. */
export function registerPublicBulletinRoutes(app: FastifyInstance, deps: SendDeps): void {
  const { db } = deps
  const partnershipOf = async (request: FastifyRequest) => {
    const params = SlugParams.safeParse({ slug: (request.params as { slug?: unknown }).slug })
    return params.success ? findPublicPartnership(db, { slug: params.data.slug }) : undefined
  }
  const linkProblem = (request: FastifyRequest, reply: FastifyReply, title: string, text: string) =>
    render(request, reply, view('bulletin-link-problem'), { title, text }, 404)

  app.get('/bulletin/:slug', { config: { access: PUBLIC } }, async (request, reply) => {
    const partnership = await partnershipOf(request)
    if (!partnership) return reply.callNotFound()
    return render(request, reply, view('bulletin-archive'), {
      title: `${partnership.name} bulletin`,
      partnership,
      issues: await publishedIssues(db, partnership.id),
    })
  })

  const issueOf = async (request: FastifyRequest) => {
    const params = IssueParams.safeParse(request.params)
    const partnership = params.success
      ? await findPublicPartnership(db, { slug: params.data.slug })
      : undefined
    const issue =
      params.success && partnership
        ? await publishedIssue(db, partnership.id, params.data.number)
        : undefined
    return partnership && issue ? { partnership, issue } : null
  }
  app.get(
    '/bulletin/:slug/issues/:number',
    { config: { access: PUBLIC } },
    async (request, reply) => {
      const found = await issueOf(request)
      if (!found) return reply.callNotFound()
      return render(request, reply, view('bulletin-issue'), {
        title: found.issue.title,
        ...found,
        sections: issueView(found.issue),
      })
    },
  )
  app.get(
    '/bulletin/:slug/issues/:number/pdf',
    { config: { access: PUBLIC } },
    async (request, reply) => {
      const found = await issueOf(request)
      if (!found) return reply.callNotFound()
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="bulletin-${found.issue.number}.pdf"`)
        .send(await issuePdf(found.partnership.name, found.issue))
    },
  )

  const subscribePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const partnership = await partnershipOf(request)
    if (!partnership) return reply.callNotFound()
    return render(
      request,
      reply,
      view('bulletin-subscribe'),
      { title: 'Get the bulletin by email', partnership, form, errors },
      errors ? 400 : 200,
    )
  }
  app.get('/bulletin/:slug/subscribe', { config: { access: PUBLIC } }, (request, reply) =>
    subscribePage(request, reply, {}),
  )
  app.post('/bulletin/:slug/subscribe', PUBLIC_POST, async (request, reply) => {
    const body = formBody(request.body)
    if (isHoneypotFilled(body))
      return rejectAsSoftware(request, reply, 'Sorry, your request could not be sent')
    const partnership = await partnershipOf(request)
    if (!partnership) return reply.callNotFound()
    const parsed = SubscribeForm.safeParse(body)
    if (!parsed.success) return subscribePage(request, reply, body, govukErrors(parsed.error))
    await subscribe(deps, partnership, parsed.data.email)
    return render(request, reply, view('bulletin-message'), {
      title: 'Check your email',
      text: 'If the address can receive the bulletin, we have sent it a link to confirm your subscription. Nothing will be sent until you follow it.',
    })
  })

  const confirmTarget = async (request: FastifyRequest) => {
    const params = SlugTokenParams.safeParse(request.params)
    const partnership = params.success
      ? await findPublicPartnership(db, { slug: params.data.slug })
      : undefined
    return params.success && partnership ? { partnership, token: params.data.token } : null
  }
  app.get(
    '/bulletin/:slug/confirm/:token',
    { config: { access: PUBLIC } },
    async (request, reply) => {
      const target = await confirmTarget(request)
      const pending = target
        ? await pendingByToken(db, target.partnership.id, target.token)
        : undefined
      if (!target || !pending)
        return linkProblem(
          request,
          reply,
          'This link has expired or been used',
          'Ask for the bulletin again to get a new link.',
        )
      return render(request, reply, view('bulletin-confirm'), {
        title: 'Confirm your subscription',
        action: `/bulletin/${target.partnership.slug}/confirm/${target.token}`,
      })
    },
  )
  app.post('/bulletin/:slug/confirm/:token', PUBLIC_POST, async (request, reply) => {
    const target = await confirmTarget(request)
    if (!target || !(await confirmSubscription(db, target.partnership.id, target.token)))
      return linkProblem(
        request,
        reply,
        'This link has expired or been used',
        'Ask for the bulletin again to get a new link.',
      )
    return render(request, reply, view('bulletin-message'), {
      title: 'Subscription confirmed',
      text: 'You will get each new issue of the bulletin by email. Every email has a link to unsubscribe.',
    })
  })

  const unsubscribeTarget = async (request: FastifyRequest) => {
    const params = UnsubscribeParams.safeParse(request.params)
    if (!params.success || !/^[0-9a-f-]{36}$/.test(params.data.id)) return null
    if (!isSignedUnsubscribe(deps.secret, params.data.id, params.data.signature)) return null
    const partnership = await findPublicPartnership(db, { slug: params.data.slug })
    return partnership ? { partnership, ...params.data } : null
  }
  const badUnsubscribe = (request: FastifyRequest, reply: FastifyReply) =>
    render(
      request,
      reply,
      view('bulletin-link-problem'),
      {
        title: 'This unsubscribe link is not valid',
        text: 'The link is not the one we sent: nothing has been changed. Use the link in the latest email exactly as it is, or contact the partnership’s business unit.',
      },
      400,
    )
  app.get(
    '/bulletin/:slug/unsubscribe/:id/:signature',
    { config: { access: PUBLIC } },
    async (request, reply) => {
      const target = await unsubscribeTarget(request)
      if (!target) return badUnsubscribe(request, reply)
      return render(request, reply, view('bulletin-unsubscribe'), {
        title: 'Unsubscribe from the bulletin',
        action: `/bulletin/${target.slug}/unsubscribe/${target.id}/${target.signature}`,
      })
    },
  )
  app.post('/bulletin/:slug/unsubscribe/:id/:signature', PUBLIC_POST, async (request, reply) => {
    const target = await unsubscribeTarget(request)
    if (!target || !(await unsubscribe(db, target.partnership.id, target.id)))
      return badUnsubscribe(request, reply)
    return render(request, reply, view('bulletin-message'), {
      title: 'You have unsubscribed',
      text: 'You will not get the bulletin by email any more.',
    })
  })
}
