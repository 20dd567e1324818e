import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { FrontdoorDeps } from '../../routes/shared.js'
import { londonToday } from '../../../../platform/calendar.js'
import { formBody, namedItems } from '../../../../platform/forms.js'
import { render } from '../../../../platform/http/web.js'
import { PUBLIC, can } from '../../../../platform/permissions.js'
import { findPublicPartnership } from '../../../../platform/front-page.js'
import { listPartnerships } from '../../repo.js'
import {
  AnotherChildForm,
  CONSENT_OPTIONS,
  ChildIndexParams,
  MAX_CHILDREN,
  SECTION_PAGES,
  childFormValues,
  field,
  parseChild,
  type Issue,
  type SectionPage,
} from '../../schema.js'
import {
  DRAFT_COOKIE,
  firstIncompleteStep,
  nextStep,
  openDraft,
  pagesFor,
  saveAnswers,
  startDraft,
  submitReferral,
  submittedReference,
  type OpenDraft,
} from '../../service.js'
import type { DraftAnswers, DraftChild } from '../../table.js'
import { BASE, FORM_BODY_LIMIT } from '../../routes/shared.js'
import { answerSections } from '../answers.js'
import {
  DRAFTS_PER_HOUR,
  SUBMISSIONS_PER_HOUR,
  issuesToErrors,
  rateLimitKey,
  setDraftCookie,
} from './shared.js'

/** The journey's pages, public and professional alike: the children, the questions, sending. */
export function registerJourneyRoutes(app: FastifyInstance, { db, config, mailer }: FrontdoorDeps) {
  const publicRoute = { config: { access: PUBLIC }, bodyLimit: FORM_BODY_LIMIT }

  /** The draft this browser is working on, or a redirect to the start when there is none. */
  async function draftOf(request: FastifyRequest, reply: FastifyReply) {
    const session = request.session
    const open = await openDraft(
      db,
      request.cookies[DRAFT_COOKIE],
      session
        ? { userId: session.user.id, partnershipId: session.partnership?.partnershipId ?? null }
        : null,
      londonToday(),
    )
    if (!open) {
      await reply.redirect(`${BASE}?expired=1`, 303)
      return null
    }
    return open
  }

  function pageModel(open: OpenDraft, request: FastifyRequest, extra: Record<string, unknown>) {
    const query = request.query as { returnTo?: unknown }
    const body = formBody(request.body)
    const returnTo = query.returnTo === 'check' || body.returnTo === 'check' ? 'check' : undefined
    return {
      isProfessional: open.draft.source === 'professional',
      partnership: open.partnership,
      returnTo,
      errors: { summary: [], fields: {} },
      ...extra,
    }
  }

  function afterSave(reply: FastifyReply, open: OpenDraft, request: FastifyRequest, next: string) {
    const body = formBody(request.body)
    if (body.action === 'save' && open.draft.source === 'professional') {
      return reply.redirect('/referrals?saved=1', 303)
    }
    if (body.returnTo === 'check') return reply.redirect(`${BASE}/check-answers`, 303)
    return reply.redirect(`${BASE}/${next}`, 303)
  }

  // ---- Start -------------------------------------------------------------------------------

  app.get(BASE, publicRoute, async (request, reply) => {
    const query = request.query as { partnership?: unknown; expired?: unknown }
    const partnerships = await listPartnerships(db)
    const slug =
      typeof query.partnership === 'string'
        ? query.partnership
        : partnerships.length === 1
          ? partnerships[0]?.slug
          : undefined
    const partnership = slug ? await findPublicPartnership(db, { slug }) : undefined
    if (!partnership) {
      const chosen = typeof query.partnership === 'string'
      return render(
        request,
        reply,
        'frontdoor/views/choose-partnership.njk',
        {
          title: 'Where does the child live?',
          items: partnerships.map(p => ({ value: p.slug, text: p.name })),
          errors: chosen
            ? issuesToErrors([{ field: 'partnership', message: 'Select where the child lives' }])
            : { summary: [], fields: {} },
        },
        chosen ? 400 : 200,
      )
    }
    const actor = request.session?.partnership
    return render(request, reply, 'frontdoor/views/start.njk', {
      title: 'Report a concern about a child',
      partnership,
      expired: query.expired === '1',
      canRefer: actor ? can(actor.roles, 'referral', 'create') : false,
    })
  })

  app.post(
    `${BASE}/start`,
    {
      ...publicRoute,
      config: {
        access: PUBLIC,
        rateLimit: { max: DRAFTS_PER_HOUR, timeWindow: '1 hour', keyGenerator: rateLimitKey },
      },
    },
    async (request, reply) => {
      const slug = field(formBody(request.body), 'partnership')
      const partnership = slug ? await findPublicPartnership(db, { slug }) : undefined
      if (!partnership) return reply.redirect(BASE, 303)
      const cookie = await startDraft(db, {
        partnershipId: partnership.id,
        source: 'public',
        userId: null,
        answers: {},
        requestId: request.id,
      })
      setDraftCookie(reply, config, cookie, false)
      return reply.redirect(`${BASE}/child/1`, 303)
    },
  )

  // ---- The children ------------------------------------------------------------------------

  function renderChild(
    request: FastifyRequest,
    reply: FastifyReply,
    open: OpenDraft,
    index: number,
    form: Record<string, unknown>,
    issues: Issue[] = [],
  ) {
    return render(
      request,
      reply,
      'frontdoor/views/child.njk',
      pageModel(open, request, {
        title: 'About the child',
        index,
        action: `${BASE}/child/${String(index)}`,
        backLink: index > 1 ? `${BASE}/children` : undefined,
        form,
        errors: issuesToErrors(issues),
      }),
      issues.length ? 400 : 200,
    )
  }

  app.get(`${BASE}/child/:index`, publicRoute, async (request, reply) => {
    const params = ChildIndexParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const open = await draftOf(request, reply)
    if (!open) return reply
    if (open.draft.submittedReferralId) return reply.redirect(`${BASE}/confirmation`, 303)
    const children = open.draft.answers.children ?? []
    if (params.data.index > children.length + 1) return reply.redirect(`${BASE}/children`, 303)
    return renderChild(
      request,
      reply,
      open,
      params.data.index,
      childFormValues(children[params.data.index - 1]),
    )
  })

  app.post(`${BASE}/child/:index`, publicRoute, async (request, reply) => {
    const params = ChildIndexParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const open = await draftOf(request, reply)
    if (!open) return reply
    if (open.draft.submittedReferralId) return reply.redirect(`${BASE}/confirmation`, 303)
    const children: DraftChild[] = [...(open.draft.answers.children ?? [])]
    const { index } = params.data
    if (index > children.length + 1) return reply.redirect(`${BASE}/children`, 303)
    const body = formBody(request.body)
    const parsed = parseChild(body, open.ctx)
    if (!parsed.success) return renderChild(request, reply, open, index, body, parsed.issues)
    children[index - 1] = parsed.data
    await saveAnswers(db, open, { ...open.draft.answers, children })
    return afterSave(reply, open, request, 'children')
  })

  app.get(`${BASE}/children`, publicRoute, async (request, reply) => {
    const open = await draftOf(request, reply)
    if (!open) return reply
    return renderChildren(request, reply, open)
  })

  function renderChildren(
    request: FastifyRequest,
    reply: FastifyReply,
    open: OpenDraft,
    issues: Issue[] = [],
  ) {
    const children = open.draft.answers.children ?? []
    if (!children.length) return reply.redirect(`${BASE}/child/1`, 303)
    return render(
      request,
      reply,
      'frontdoor/views/children.njk',
      pageModel(open, request, {
        title:
          children.length === 1
            ? 'You have told us about 1 child'
            : `You have told us about ${String(children.length)} children`,
        action: `${BASE}/children`,
        backLink: `${BASE}/child/${String(children.length)}`,
        children,
        canAddMore: children.length < MAX_CHILDREN,
        maxChildren: MAX_CHILDREN,
        errors: issuesToErrors(issues),
      }),
      issues.length ? 400 : 200,
    )
  }

  app.post(`${BASE}/children`, publicRoute, async (request, reply) => {
    const open = await draftOf(request, reply)
    if (!open) return reply
    const children = open.draft.answers.children ?? []
    const body = formBody(request.body)
    if (body.action === 'save' && open.draft.source === 'professional') {
      return reply.redirect('/referrals?saved=1', 303)
    }
    const form = AnotherChildForm.safeParse(body)
    if (!form.success) {
      return renderChildren(request, reply, open, [
        { field: 'another', message: 'Select yes if you need to tell us about another child' },
      ])
    }
    if (form.data.another === 'yes' && children.length < MAX_CHILDREN) {
      return reply.redirect(`${BASE}/child/${String(children.length + 1)}`, 303)
    }
    if (body.returnTo === 'check') return reply.redirect(`${BASE}/check-answers`, 303)
    return reply.redirect(`${BASE}/${nextStep('children', open.draft.source)}`, 303)
  })

  // ---- The other questions -----------------------------------------------------------------

  function renderSection(
    request: FastifyRequest,
    reply: FastifyReply,
    open: OpenDraft,
    page: SectionPage,
    form: Record<string, unknown>,
    issues: Issue[] = [],
  ) {
    const pages = pagesFor(open.draft.source).map(p => p.slug)
    const index = pages.indexOf(page.slug)
    const agencyId = typeof form.agencyId === 'string' ? form.agencyId : ''
    return render(
      request,
      reply,
      page.template,
      pageModel(open, request, {
        title: page.title,
        action: `${BASE}/${page.slug}`,
        backLink: index > 0 ? `${BASE}/${pages[index - 1] ?? ''}` : `${BASE}/children`,
        form,
        consentOptions: CONSENT_OPTIONS,
        agencyItems: namedItems(open.ctx.agencies, agencyId, 'Select your agency'),
        errors: issuesToErrors(issues),
      }),
      issues.length ? 400 : 200,
    )
  }

  for (const page of SECTION_PAGES) {
    const url = `${BASE}/${page.slug}`
    const fits = (open: OpenDraft) => pagesFor(open.draft.source).includes(page)

    app.get(url, publicRoute, async (request, reply) => {
      const open = await draftOf(request, reply)
      if (!open) return reply
      if (open.draft.submittedReferralId) return reply.redirect(`${BASE}/confirmation`, 303)
      if (!fits(open)) return reply.callNotFound()
      return renderSection(request, reply, open, page, page.values(open.draft.answers))
    })

    app.post(url, publicRoute, async (request, reply) => {
      const open = await draftOf(request, reply)
      if (!open) return reply
      if (open.draft.submittedReferralId) return reply.redirect(`${BASE}/confirmation`, 303)
      if (!fits(open)) return reply.callNotFound()
      const body = formBody(request.body)
      const parsed = page.parse(body, open.ctx)
      if (!parsed.success) return renderSection(request, reply, open, page, body, parsed.issues)
      const answers: DraftAnswers = { ...open.draft.answers, ...parsed.data }
      await saveAnswers(db, open, answers)
      return afterSave(reply, open, request, nextStep(page.slug, open.draft.source))
    })
  }

  // ---- Check your answers, send, confirmation ----------------------------------------------

  app.get(`${BASE}/check-answers`, publicRoute, async (request, reply) => {
    const open = await draftOf(request, reply)
    if (!open) return reply
    if (open.draft.submittedReferralId) return reply.redirect(`${BASE}/confirmation`, 303)
    const step = firstIncompleteStep(open.draft.answers, open.draft.source, open.ctx)
    if (step) return reply.redirect(`${BASE}/${step}`, 303)
    return render(
      request,
      reply,
      'frontdoor/views/check-answers.njk',
      pageModel(open, request, {
        title: 'Check your answers before sending',
        backLink: `${BASE}/${pagesFor(open.draft.source).at(-1)?.slug ?? 'children'}`,
        sections: answerSections(open),
      }),
    )
  })

  app.post(
    `${BASE}/check-answers`,
    {
      ...publicRoute,
      config: {
        access: PUBLIC,
        rateLimit: { max: SUBMISSIONS_PER_HOUR, timeWindow: '1 hour', keyGenerator: rateLimitKey },
      },
    },
    async (request, reply) => {
      const open = await draftOf(request, reply)
      if (!open) return reply
      if (field(formBody(request.body), 'website')) {
        // Only software fills in the hidden field. Nothing is stored; the event has no content.
        request.log.warn({ event: 'referral.honeypot' }, 'referral refused by honeypot')
        return render(
          request,
          reply,
          'frontdoor/views/rejected.njk',
          { title: 'Sorry, your report could not be sent', partnership: open.partnership },
          400,
        )
      }
      const outcome = await submitReferral(db, mailer, {
        open,
        requestId: request.id,
        now: new Date(),
      })
      switch (outcome.kind) {
        case 'gone':
          return reply.redirect(`${BASE}?expired=1`, 303)
        case 'incomplete':
          return reply.redirect(`${BASE}/${outcome.step}`, 303)
        case 'already-submitted':
          return reply.redirect(`${BASE}/confirmation`, 303)
        case 'submitted':
          request.log.info(
            { event: 'referral.submitted', referralId: outcome.referralId },
            'referral submitted',
          )
          await outcome.afterCommit().catch((error: unknown) => {
            request.log.error({ err: error, event: 'referral.acknowledgement-failed' })
          })
          return reply.redirect(`${BASE}/confirmation`, 303)
      }
    },
  )

  app.get(`${BASE}/confirmation`, publicRoute, async (request, reply) => {
    const open = await draftOf(request, reply)
    if (!open) return reply
    const referral = await submittedReference(db, open.draft)
    if (!referral) return reply.redirect(`${BASE}/check-answers`, 303)
    return render(
      request,
      reply,
      'frontdoor/views/confirmation.njk',
      pageModel(open, request, {
        title: open.draft.source === 'professional' ? 'Referral sent' : 'Report sent',
        reference: referral.reference,
      }),
    )
  })
}
