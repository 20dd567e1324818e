import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { inPartnership, type Db } from '../../db/database.js'
import type { AgencySector } from '../../platform/admin.js'
import { recordAudit } from '../../platform/audit.js'
import { sendCsv } from '../../platform/csv.js'
import { actorOf } from '../../platform/http/access.js'
import {
  fieldError,
  formBody,
  govukErrors,
  toGovukErrors,
  type GovukErrors,
} from '../../platform/forms.js'
import { formatDate, formatDateTime, render } from '../../platform/http/web.js'
import type { Mailer } from '../../platform/mail.js'
import { addNavigation } from '../../platform/navigation.js'
import { PUBLIC, can, permission, scopeFor } from '../../platform/permissions.js'
import { agencyChecks, answerCheck, requestChecks } from './checks.js'
import {
  findPartnershipBySlug,
  findReferral,
  listActiveAgencies,
  listChecksOfReferral,
  listOwnDrafts,
  listPartnerships,
  listReferralChildren,
  listQueuePage,
  listReferrals,
  queueCounts,
  type QueueFilters,
} from './repo.js'
import {
  authoriseDecision,
  decideReferral,
  frontDoorSettings,
  linkChild,
  markFeedbackUnsent,
  matchReferralChildren,
  rateReferral,
  saveFrontDoorSettings,
  type ChildMatching,
} from './decisions.js'
import {
  AnotherChildForm,
  AnswerCheckForm,
  AuthoriseForm,
  CHECK_DUE_NAMES,
  CHECK_STATUS_NAMES,
  CheckParams,
  RequestChecksForm,
  DECISION_NAMES,
  DecisionForm,
  FrontDoorSettingsForm,
  LinkChildForm,
  RAG_NAMES,
  RagForm,
  ReferralChildParams,
  CONSENT_OPTIONS,
  ChildIndexParams,
  MAX_CHILDREN,
  QueueQuery,
  ReferralParams,
  type QueueQueryInput,
  SECTION_PAGES,
  childFormValues,
  field,
  parseChild,
  type Issue,
  type SectionPage,
} from './schema.js'
import { londonToday } from '../../platform/calendar.js'
import {
  DRAFT_COOKIE,
  PROFESSIONAL_DRAFT_DAYS,
  PUBLIC_DRAFT_HOURS,
  firstIncompleteStep,
  nextStep,
  openDraft,
  pagesFor,
  resumeDraft,
  saveAnswers,
  startDraft,
  submitReferral,
  submittedReference,
  type OpenDraft,
} from './service.js'
import type { DraftAnswers, DraftChild } from './table.js'
import { PRIMARY_NEED_NAMES, REFERRAL_SOURCE_NAMES } from '../census/queries.js'

const BASE = '/report-a-concern'
/** The longest answers fit well inside this; anything bigger is not a person typing. */
const FORM_BODY_LIMIT = 64 * 1024
/** Reports sent from one address (or by one signed-in person) in an hour. */
export const SUBMISSIONS_PER_HOUR = 10
/** Reports started from one address in an hour: each makes a draft row. */
export const DRAFTS_PER_HOUR = 30
const QUEUE_LIMIT = 2000
const CSV_ROW_LIMIT = 50_000

const SOURCE_NAMES = { public: 'Member of the public', professional: 'Professional' }
const STATUS_NAMES = {
  received: 'Received',
  'awaiting-authorisation': 'Awaiting authorisation',
  decided: 'Decided',
}

function issuesToErrors(issues: Issue[]) {
  const fields: Record<string, { text: string }> = {}
  for (const issue of issues) fields[issue.field || 'form'] ??= { text: issue.message }
  return toGovukErrors(fields)
}

function rateLimitKey(request: FastifyRequest): string {
  return request.session ? `user:${request.session.user.id}` : `ip:${request.ip}`
}

export const frontdoorRoutes: FastifyPluginAsync<{
  db: Db
  config: Config
  mailer: Mailer
}> = async (app, { db, config, mailer }) => {
  // Export is held only by the front door, whose queue this is; referrers have their own page.
  addNavigation({ href: '/front-door', text: 'Front door', resource: 'referral', action: 'export' })
  addNavigation({ href: '/referrals', text: 'Referrals', resource: 'referral', action: 'create' })
  addNavigation({
    href: '/front-door/checks',
    text: 'Agency checks',
    resource: 'referral-check',
    action: 'update',
  })

  const publicRoute = { config: { access: PUBLIC }, bodyLimit: FORM_BODY_LIMIT }

  function setDraftCookie(reply: FastifyReply, value: string, professional: boolean) {
    reply.setCookie(DRAFT_COOKIE, value, {
      path: BASE,
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      maxAge: professional ? PROFESSIONAL_DRAFT_DAYS * 86_400 : PUBLIC_DRAFT_HOURS * 3600,
    })
  }

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
    const partnership = slug ? await findPartnershipBySlug(db, slug) : undefined
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
      const partnership = slug ? await findPartnershipBySlug(db, slug) : undefined
      if (!partnership) return reply.redirect(BASE, 303)
      const cookie = await startDraft(db, {
        partnershipId: partnership.id,
        source: 'public',
        userId: null,
        answers: {},
        requestId: request.id,
      })
      setDraftCookie(reply, cookie, false)
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
        agencyItems: [
          { value: '', text: 'Select your agency' },
          ...open.ctx.agencies.map(agency => ({
            value: agency.id,
            text: agency.name,
            selected: agency.id === agencyId,
          })),
        ],
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

  // ---- Professionals: their drafts and referrals ---------------------------------------------

  app.get(
    '/referrals',
    { config: { access: permission('referral', 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { drafts, referrals } = await inPartnership(db, actor, async trx => ({
        drafts: await listOwnDrafts(trx, actor.partnershipId, actor.userId),
        referrals: await listReferrals(trx, actor.partnershipId, {
          sort: 'received',
          order: 'desc',
          referrerUserId: actor.userId,
          limit: QUEUE_LIMIT,
        }),
      }))
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
      setDraftCookie(reply, cookie, true)
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
      setDraftCookie(reply, cookie, true)
      return reply.redirect(`${BASE}/check-answers`, 303)
    },
  )

  interface ReferralPageState {
    errors?: GovukErrors
    form?: Record<string, unknown>
    statusCode?: number
  }

  /** The referral page: what was referred, and for the front door its triage and decision. */
  async function showReferral(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: ReferralPageState = {},
  ) {
    const actor = actorOf(request)
    const ownOnly = scopeFor(actor.roles, 'referral', 'read') !== 'partnership'
    const canTriage = can(actor.roles, 'referral', 'update')
    const canRequestChecks = can(actor.roles, 'referral-check', 'create')
    const query = request.query as Record<string, unknown>
    const identifiers: Record<string, string> = {}
    for (const [key, value] of Object.entries(query)) {
      if (key.startsWith('identifier-') && typeof value === 'string') {
        identifiers[key.slice('identifier-'.length)] = value
      }
    }
    const found = await inPartnership(db, actor, async trx => {
      const referral = await findReferral(
        trx,
        actor.partnershipId,
        id,
        ownOnly ? actor.userId : undefined,
      )
      if (!referral) return undefined
      const children = await listReferralChildren(trx, actor.partnershipId, referral.id)
      const matching = canTriage
        ? await matchReferralChildren(trx, actor.partnershipId, children, identifiers)
        : []
      const linked = children.flatMap(child => (child.childId ? [child.childId] : []))
      // Every view of a referral is recorded, with the child records it shows.
      await recordAudit(trx, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        action: 'referral.viewed',
        resourceType: 'referral',
        resourceId: referral.id,
        childId: null,
        ...(canTriage && linked.length ? { detail: { childIds: linked } } : {}),
        requestId: request.id,
      })
      const checks = canRequestChecks
        ? {
            list: await listChecksOfReferral(trx, actor.partnershipId, referral.id),
            agencies: await listActiveAgencies(trx, actor.partnershipId),
          }
        : undefined
      return { referral, children, matching, checks }
    })
    if (!found) return reply.callNotFound()
    const { referral } = found
    const settings = canTriage ? await frontDoorSettings(db, actor) : undefined
    return render(
      request,
      reply,
      'frontdoor/views/referral.njk',
      {
        title: `Referral ${referral.reference}`,
        referral,
        sourceNames: SOURCE_NAMES,
        statusNames: STATUS_NAMES,
        decisionNames: DECISION_NAMES,
        ragNames: RAG_NAMES,
        sections: referralSections(found.referral, found.children),
        outcome: outcomeRows(referral, !canTriage),
        triage: canTriage
          ? {
              settings,
              canAuthorise: can(actor.roles, 'referral-authorisation', 'create'),
              decisionItems: Object.entries(DECISION_NAMES).map(([value, text]) => ({
                value,
                text,
                checked: state.form?.decision === value,
              })),
              referralSourceItems: referralSourceItems(
                typeof state.form?.referralSource === 'string'
                  ? state.form.referralSource
                  : defaultReferralSource(referral),
              ),
              primaryNeedItems: primaryNeedItems(
                typeof state.form?.primaryNeed === 'string' ? state.form.primaryNeed : '',
              ),
              allLinked: found.children.every(child => child.childId !== null),
              children: found.matching.map(matchingModel),
            }
          : undefined,
        checks: found.checks && checksModel(found.checks, state.form ?? {}),
        form: state.form ?? {},
        errors: state.errors ?? { summary: [], fields: {} },
        backHref: ownOnly ? '/referrals' : '/front-door',
        backText: ownOnly ? 'your referrals' : 'the front door queue',
      },
      state.statusCode ?? 200,
    )
  }

  function checksModel(
    checks: {
      list: Awaited<ReturnType<typeof listChecksOfReferral>>
      agencies: { id: string; name: string }[]
    },
    form: Record<string, unknown>,
  ) {
    const chosen = new Set([form.agencyIds].flat().filter(id => typeof id === 'string'))
    return {
      list: checks.list,
      outstanding: checks.list.filter(check => check.status !== 'answered').length,
      overdue: checks.list.filter(check => check.status === 'overdue').length,
      statusNames: CHECK_STATUS_NAMES,
      agencyItems: checks.agencies.map(agency => ({
        value: agency.id,
        text: agency.name,
        checked: chosen.has(agency.id),
      })),
      dueItems: Object.entries(CHECK_DUE_NAMES).map(([value, text]) => ({
        value,
        text,
        checked: form.due === value,
      })),
    }
  }

  app.get(
    '/referrals/:id',
    { config: { access: permission('referral', 'read') } },
    async (request, reply) => {
      const params = ReferralParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      return showReferral(request, reply, params.data.id)
    },
  )

  // ---- Triage: RAG rating, decision, authorisation, one child one record ----------------------

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
    return reply.redirect(`/referrals/${params.data.id}`, 303)
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
      case 'children-not-linked':
        return showReferral(request, reply, params.data.id, {
          errors: fieldError('decision', NOT_LINKED),
          form: body,
          statusCode: 400,
        })
      case 'awaiting-authorisation':
        return reply.redirect(`/referrals/${params.data.id}`, 303)
      case 'decided':
        await afterDecision(request, params.data.id, outcome.afterCommit)
        return reply.redirect(`/referrals/${params.data.id}`, 303)
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
          return reply.redirect(`/referrals/${params.data.id}`, 303)
        case 'authorised':
          await afterDecision(request, params.data.id, outcome.afterCommit)
          return reply.redirect(`/referrals/${params.data.id}`, 303)
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
          return reply.redirect(`/referrals/${params.data.id}#child-${params.data.childId}`, 303)
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

  // ---- Checks with partner agencies ----------------------------------------------------------

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
          return reply.redirect(`/referrals/${params.data.id}#checks`, 303)
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
      return reply.redirect('/front-door/checks?answered=1', 303)
    },
  )

  // ---- Front door settings -----------------------------------------------------------------

  function renderSettings(
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors: GovukErrors = { summary: [], fields: {} },
  ) {
    return render(
      request,
      reply,
      'frontdoor/views/settings.njk',
      { title: 'Front door timescales and authorisation', form, errors },
      errors.summary.length ? 400 : 200,
    )
  }

  app.get(
    '/front-door/settings',
    { config: { access: permission('front-door-settings', 'read') } },
    async (request, reply) => {
      const settings = await frontDoorSettings(db, actorOf(request))
      return renderSettings(request, reply, {
        redHours: String(settings.redHours),
        amberWorkingDays: String(settings.amberWorkingDays),
        greenWorkingDays: String(settings.greenWorkingDays),
        requiresAuthorisation: settings.requiresAuthorisation ? 'yes' : 'no',
      })
    },
  )

  app.post(
    '/front-door/settings',
    { config: { access: permission('front-door-settings', 'update') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const body = formBody(request.body)
      const form = FrontDoorSettingsForm.safeParse(body)
      if (!form.success) return renderSettings(request, reply, body, govukErrors(form.error))
      await saveFrontDoorSettings(db, {
        actor: actorOf(request),
        input: form.data,
        requestId: request.id,
      })
      return reply.redirect('/front-door?saved=settings', 303)
    },
  )

  // ---- The front door queue ------------------------------------------------------------------

  app.get(
    '/front-door',
    { config: { access: permission('referral', 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      if (scopeFor(actor.roles, 'referral', 'read') !== 'partnership') {
        return reply.redirect('/referrals', 303)
      }
      const query = QueueQuery.parse(request.query)
      const filters = queueFilters(query)
      const { counts, rows } = await inPartnership(db, actor, async trx => ({
        counts: await queueCounts(trx, actor.partnershipId, filters),
        rows: await listQueuePage(trx, actor.partnershipId, {
          filters,
          order: query,
          limit: QUEUE_PAGE_SIZE,
          offset: (query.page - 1) * QUEUE_PAGE_SIZE,
        }),
      }))
      const { matching } = counts
      const pages = Math.max(1, Math.ceil(matching / QUEUE_PAGE_SIZE))
      return render(request, reply, 'frontdoor/views/queue.njk', {
        title: 'Front door',
        referrals: rows,
        counts,
        matching,
        page: query.page,
        pages,
        firstShown: (query.page - 1) * QUEUE_PAGE_SIZE + 1,
        lastShown: (query.page - 1) * QUEUE_PAGE_SIZE + rows.length,
        isFiltered: isFiltered(filters),
        sort: query.sort,
        order: query.order,
        filterItems: queueFilterItems(filters),
        links: queueLinks(query),
        pagination: queuePagination(query, pages),
        decisionNames: DECISION_NAMES,
        ragNames: RAG_NAMES,
        canChangeSettings: can(actor.roles, 'front-door-settings', 'update'),
        sourceNames: SOURCE_NAMES,
        statusNames: STATUS_NAMES,
      })
    },
  )

  app.get(
    '/front-door/export.csv',
    { config: { access: permission('referral', 'export') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const query = QueueQuery.parse(request.query)
      const filters = queueFilters(query)
      // Every page of the filtered queue, in the order the queue shows it.
      const referrals = await inPartnership(db, actor, async trx => {
        const rows = await listQueuePage(trx, actor.partnershipId, {
          filters,
          order: query,
          limit: CSV_ROW_LIMIT,
          offset: 0,
        })
        await recordAudit(trx, {
          partnershipId: actor.partnershipId,
          userId: actor.userId,
          action: 'referral.exported',
          resourceType: 'referral',
          detail: {
            rows: rows.length,
            format: 'csv',
            sort: query.sort,
            order: query.order,
            filters,
          },
          requestId: request.id,
        })
        return rows
      })
      const instant = (value: Date | string | null) => (value ? new Date(value).toISOString() : '')
      return sendCsv(
        reply,
        'front-door-queue.csv',
        [
          'reference',
          'source',
          'status',
          'received_at',
          'decision_due_at',
          'overdue',
          'children',
          'rag_rating',
          'decision',
          'decided_at',
          'authorised_at',
          'checks_requested',
          'checks_outstanding',
          'checks_overdue',
          'feedback_owed',
          'allocated_to',
        ],
        referrals.map(r => [
          r.reference,
          r.source,
          r.status,
          instant(r.receivedAt),
          instant(r.decisionDueAt),
          r.isOverdue ? 'yes' : 'no',
          r.childCount,
          r.ragRating ?? '',
          r.decision ?? '',
          instant(r.decidedAt),
          instant(r.authorisedAt),
          r.checkCount,
          r.openCheckCount,
          r.overdueCheckCount,
          r.isFeedbackOwed ? 'yes' : 'no',
          r.allocatedToName ?? '',
        ]),
      )
    },
  )
}

const QUEUE_PAGE_SIZE = 50
const UNFILTERED: QueueFilters = {
  status: 'all',
  rag: 'any',
  due: 'any',
  allocation: 'any',
  feedback: 'any',
}
const QUEUE_DEFAULTS: QueueQueryInput = { ...UNFILTERED, sort: 'due', order: 'asc', page: 1 }

function queueFilters(query: QueueQueryInput): QueueFilters {
  const { status, rag, due, allocation, feedback } = query
  return { status, rag, due, allocation, feedback }
}

function isFiltered(filters: QueueFilters): boolean {
  return (Object.keys(UNFILTERED) as (keyof QueueFilters)[]).some(
    key => filters[key] !== UNFILTERED[key],
  )
}

/** The queue's address with its sort, filters and page; what is left at the default is left out. */
function queueHref(
  path: string,
  query: QueueQueryInput,
  changes: Partial<QueueQueryInput> = {},
): string {
  const merged: QueueQueryInput = { ...query, ...changes }
  const params = new URLSearchParams()
  for (const key of Object.keys(QUEUE_DEFAULTS) as (keyof QueueQueryInput)[]) {
    if (merged[key] !== QUEUE_DEFAULTS[key]) params.set(key, String(merged[key]))
  }
  const search = params.toString()
  return search ? `${path}?${search}` : path
}

const QUEUE_FILTER_NAMES = {
  status: {
    label: 'Status',
    options: {
      all: 'Any status',
      open: 'Open (received or awaiting authorisation)',
      received: 'Received',
      'awaiting-authorisation': 'Awaiting authorisation',
      decided: 'Decided',
    },
  },
  rag: {
    label: 'RAG rating',
    options: {
      any: 'Any rating',
      red: 'Red',
      amber: 'Amber',
      green: 'Green',
      unrated: 'Not rated',
    },
  },
  due: { label: 'Decision due', options: { any: 'Any time', overdue: 'Overdue' } },
  allocation: {
    label: 'Allocation',
    options: { any: 'Allocated or not', allocated: 'Allocated', unallocated: 'Not allocated' },
  },
  feedback: {
    label: 'Feedback to referrer',
    options: { any: 'Owed or not', owed: 'Owed' },
  },
} as const

function queueFilterItems(filters: QueueFilters) {
  return (Object.keys(QUEUE_FILTER_NAMES) as (keyof QueueFilters)[]).map(name => ({
    name,
    label: QUEUE_FILTER_NAMES[name].label,
    items: Object.entries(QUEUE_FILTER_NAMES[name].options).map(([value, text]) => ({
      value,
      text,
      selected: filters[name] === value,
    })),
  }))
}

/** Links that keep the queue's sort and filters: sorting, the CSV, and the counts' own views. */
function queueLinks(query: QueueQueryInput) {
  const firstPage = { ...query, page: 1 }
  const only = (changes: Partial<QueueFilters>) =>
    queueHref('/front-door', { ...firstPage, ...UNFILTERED }, changes)
  const flip = (sort: QueueQueryInput['sort']) =>
    queueHref('/front-door', firstPage, {
      sort,
      order: query.sort === sort && query.order === 'asc' ? 'desc' : 'asc',
    })
  return {
    clear: only({}),
    csv: queueHref('/front-door/export.csv', firstPage),
    sortReceived: flip('received'),
    sortDue: flip('due'),
    open: only({ status: 'open' }),
    overdue: only({ due: 'overdue' }),
    awaiting: only({ status: 'awaiting-authorisation' }),
    feedbackOwed: only({ feedback: 'owed' }),
  }
}

/** GOV.UK pagination: previous, next, and the page numbers around this one. */
function queuePagination(query: QueueQueryInput, pages: number) {
  const href = (page: number) => queueHref('/front-door', query, { page })
  return {
    previous: query.page > 1 ? { href: href(query.page - 1) } : undefined,
    next: query.page < pages ? { href: href(query.page + 1) } : undefined,
    items: pageNumbers(query.page, pages).map(n =>
      n === null ? { ellipsis: true } : { number: n, href: href(n), current: n === query.page },
    ),
  }
}

/** Page numbers around the current page, with null for a gap. */
function pageNumbers(page: number, pages: number): (number | null)[] {
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter(n => n >= 1 && n <= pages)
    .sort((a, b) => a - b)
  const numbers: (number | null)[] = []
  for (const n of shown) {
    const last = numbers.at(-1)
    if (typeof last === 'number' && n - last > 1) numbers.push(null)
    numbers.push(n)
  }
  return numbers
}

function draftLabel(answers: DraftAnswers): string {
  const names = (answers.children ?? []).map(child => child.givenName)
  return names.length ? names.join(', ') : 'No children added yet'
}

function childSummary(child: {
  givenName: string
  familyName: string | null
  birthDate: string | null
  approximateAge: number | null
  address: string | null
  postcode: string | null
}): string {
  const age = child.birthDate
    ? `born ${formatDate(child.birthDate)}`
    : `about ${String(child.approximateAge ?? '')} years old`
  const where = [child.address, child.postcode].filter(Boolean).join(', ')
  return [`${child.givenName} ${child.familyName ?? ''}`.trim(), age, where]
    .filter(Boolean)
    .join('; ')
}

interface SummaryRow {
  key: { text: string }
  value: { text: string }
  actions?: { items: { href: string; text: string; visuallyHiddenText: string }[] }
}

function row(key: string, value: string | null | undefined, change?: string): SummaryRow {
  return {
    key: { text: key },
    value: { text: value ? value : 'Not given' },
    ...(change
      ? {
          actions: {
            items: [
              {
                href: `${BASE}/${change}?returnTo=check`,
                text: 'Change',
                visuallyHiddenText: key.toLowerCase(),
              },
            ],
          },
        }
      : {}),
  }
}

function answerSections(open: OpenDraft) {
  const a = open.draft.answers
  const consent = a.consent
  const sections = [
    {
      heading: 'Children',
      rows: (a.children ?? []).map((child, index) =>
        row(`Child ${String(index + 1)}`, childSummary(child), `child/${String(index + 1)}`),
      ),
    },
    {
      heading: 'Family',
      rows: [
        row('Who lives with the child', a.family?.household, 'family'),
        row('Parents or carers', a.family?.parentsCarers, 'family'),
      ],
    },
    {
      heading: 'The concern',
      rows: [
        row('What you are worried about', a.concern?.concern, 'concern'),
        row('When it happened or started', formatDate(a.concern?.startedOn), 'concern'),
        row('What the child has said', a.voice?.childSays, 'child-voice'),
        row('How the child seems to feel', a.voice?.childFeels, 'child-voice'),
        row(
          'Parents’ or carers’ agreement',
          consent && CONSENT_OPTIONS[consent.consent],
          'consent',
        ),
        ...(consent && consent.consent !== 'given'
          ? [row('Reason', consent.reason, 'consent')]
          : []),
      ],
    },
  ]
  if (open.draft.source === 'professional') {
    const p = a.professional
    const agency = open.ctx.agencies.find(candidate => candidate.id === p?.agencyId)
    sections.push({
      heading: 'You',
      rows: [
        row('Name', p?.name, 'your-details'),
        row('Agency', agency?.name, 'your-details'),
        row('Job title or role', p?.jobTitle, 'your-details'),
        row('Relationship to the child', p?.relationship, 'your-details'),
        row('Email', p?.email, 'your-details'),
        row('Telephone', p?.phone, 'your-details'),
        row('What has been done so far', a.actions?.actionsTaken, 'action-taken'),
      ],
    })
  } else {
    const r = a.reporter
    sections.push({
      heading: 'You',
      rows: r?.anonymous
        ? [row('Your details', 'You want to stay anonymous', 'about-you')]
        : [
            row('Name', r?.name, 'about-you'),
            row('How you know the child', r?.relationship, 'about-you'),
            row('Email', r?.email, 'about-you'),
            row('Telephone', r?.phone, 'about-you'),
          ],
    })
  }
  return sections
}

type FoundReferral = NonNullable<Awaited<ReturnType<typeof findReferral>>>
type FoundChild = Awaited<ReturnType<typeof listReferralChildren>>[number]

function referralSections(referral: FoundReferral, children: FoundChild[]) {
  const consentText = CONSENT_OPTIONS[referral.consent]
  return [
    {
      heading: 'Received',
      rows: [
        row('Reference', referral.reference),
        row('Received', formatDateTime(referral.receivedAt)),
        row('Decision due', formatDateTime(referral.decisionDueAt)),
        row('Status', STATUS_NAMES[referral.status]),
        row('RAG rating', referral.ragRating ?? 'Not rated yet'),
      ],
    },
    {
      heading: 'Children',
      rows: children.map(child => row(`Child ${String(child.position)}`, childSummary(child))),
    },
    {
      heading: 'Family',
      rows: [
        row('Who lives with the child', referral.household),
        row('Parents or carers', referral.parentsCarers),
      ],
    },
    {
      heading: 'The concern',
      rows: [
        row('What the referrer is worried about', referral.concern),
        row('When it happened or started', formatDate(referral.concernStartedOn)),
        row('What the child has said', referral.childSays),
        row('How the child seems to feel', referral.childFeels),
        row('Parents’ or carers’ agreement', consentText),
        ...(referral.consent !== 'given' ? [row('Reason', referral.consentReason)] : []),
      ],
    },
    {
      heading: 'Referrer',
      rows: referral.reporterAnonymous
        ? [row('Referrer', 'Anonymous member of the public')]
        : [
            row('Name', referral.reporterName),
            ...(referral.source === 'professional'
              ? [
                  row('Agency', referral.referrerAgencyName),
                  row('Job title or role', referral.referrerJobTitle),
                ]
              : []),
            row('Relationship to the child', referral.reporterRelationship),
            row('Email', referral.reporterEmail),
            row('Telephone', referral.reporterPhone),
            ...(referral.source === 'professional'
              ? [row('What has been done so far', referral.actionsTaken)]
              : []),
          ],
    },
  ]
}

type DecidedReferral = Pick<
  FoundReferral,
  'status' | 'decision' | 'decidedAt' | 'decidedByName' | 'authorisedAt' | 'authorisedByName'
> & { feedbackSentAt: Date | null; decisionReasons: string | null; source: string }

/** The decision as the page shows it; a referrer sees only a final outcome. */
function outcomeRows(referral: DecidedReferral, isReferrer: boolean): SummaryRow[] {
  if (!referral.decision) return []
  if (isReferrer) {
    if (referral.status !== 'decided') return []
    return [
      row('Outcome', DECISION_NAMES[referral.decision]),
      row('Decided', formatDateTime(referral.authorisedAt ?? referral.decidedAt)),
    ]
  }
  return [
    row('Decision', DECISION_NAMES[referral.decision]),
    row('Reasons', referral.decisionReasons),
    row(
      'Decided by',
      `${referral.decidedByName ?? 'Unknown'}, ${formatDateTime(referral.decidedAt)}`,
    ),
    row(
      'Authorised by',
      referral.authorisedAt
        ? `${referral.authorisedByName ?? 'Unknown'}, ${formatDateTime(referral.authorisedAt)}`
        : referral.status === 'awaiting-authorisation'
          ? 'Awaiting a manager’s authorisation'
          : 'Not needed',
    ),
    row(
      'Feedback to referrer',
      referral.source !== 'professional'
        ? 'Not sent: the referrer is not a professional'
        : referral.feedbackSentAt
          ? `Sent ${formatDateTime(referral.feedbackSentAt)}`
          : 'Owed',
    ),
  ]
}

function recordName(record: { givenName: string | null; familyName: string | null }) {
  return `${record.givenName ?? ''} ${record.familyName ?? ''}`.trim() || 'No name held'
}

const NOT_LINKED = 'Link every child to a record before the decision is final'

/** The census referral source that obviously follows from who referred, or '' to choose. */
const SOURCE_FROM_SECTOR: Partial<Record<AgencySector, string>> = {
  police: '6',
  health: '3F',
  probation: '7',
  'youth-justice': '7',
  voluntary: '8',
}

export function defaultReferralSource(referral: {
  source: string
  reporterAnonymous: boolean
  referrerAgencySector: string | null
}): string {
  if (referral.source === 'public') return referral.reporterAnonymous ? '9' : ''
  return SOURCE_FROM_SECTOR[referral.referrerAgencySector as AgencySector] ?? ''
}

function referralSourceItems(selected: string) {
  return [
    { value: '', text: 'Select the source of the referral', selected: selected === '' },
    ...Object.entries(REFERRAL_SOURCE_NAMES).map(([value, text]) => ({
      value,
      text: `${value}: ${text}`,
      selected: selected === value,
    })),
  ]
}

function primaryNeedItems(selected: string) {
  return [
    { value: '', text: 'Select the child’s primary need', selected: selected === '' },
    ...Object.entries(PRIMARY_NEED_NAMES).map(([value, text]) => ({
      value,
      text: `${value}: ${text}`,
      selected: selected === value,
    })),
  ]
}

const CENSUS_OUTCOME_TEXT = {
  'episode-opened': 'Child in need episode recorded',
  'already-open': 'Already open: nothing new recorded',
} as const

function matchingModel(m: ChildMatching) {
  return {
    id: m.child.id,
    position: m.child.position,
    summary: childSummary(m.child),
    identifier: m.identifier,
    previousReferralOn: m.child.previousReferralOn,
    censusOutcome: m.child.censusOutcome ? CENSUS_OUTCOME_TEXT[m.child.censusOutcome] : null,
    record: m.record && {
      id: m.record.id,
      name: recordName(m.record),
      laChildId: m.record.laChildId,
      birthDate: m.record.birthDate,
    },
    matches: m.matches.map(match => ({
      id: match.record.id,
      name: recordName(match.record),
      laChildId: match.record.laChildId,
      upn: match.record.upn,
      birthDate: match.record.birthDate,
      reasons: match.reasons,
    })),
  }
}
