import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../db/database.js'
import { sendCsv } from '../../platform/csv.js'
import { type GovukErrors, fieldError, formBody, govukErrors } from '../../platform/forms.js'
import { AccessDenied, actorOf } from '../../platform/http/access.js'
import type { Actor } from '../../platform/http/types.js'
import { render } from '../../platform/http/web.js'
import { can, permission } from '../../platform/permissions.js'
import * as repo from './repo.js'
import {
  ACTION_STATUSES,
  ChallengeForm,
  ChallengeResponseForm,
  IdParams,
  INSPECTORATES,
  InspectionForm,
  OPEN_CLOSED,
  RAG_RATINGS,
  RECOMMENDATION_STATUSES,
  RecommendationForm,
  RecommendationStatusForm,
  RiskForm,
  RiskReviewForm,
  STANDING_REPORTS,
  StandingItemForm,
} from './schema.js'
import {
  type Ctx,
  addRecommendation,
  addStandingItem,
  createChallenge,
  createInspection,
  createRisk,
  respondToChallenge,
  reviewRisk,
  scoped,
  setRecommendationStatus,
} from './service.js'
import { sendXlsx } from './spreadsheets.js'

/**
 * The governance records that meetings report on: risk register, challenge log, action logs,
 * standing items, and inspections with their recommendations.
 */

const view = (name: string) => `governance/views/${name}.njk`

const items = (record: Record<string, string>, selected?: unknown, blank?: string) => [
  ...(blank === undefined ? [] : [{ value: '', text: blank }]),
  ...Object.entries(record).map(([value, text]) => ({ value, text, selected: value === selected })),
]

function query(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(request.query as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value
  }
  return out
}

const ctxOf = (request: FastifyRequest): Ctx => ({ actor: actorOf(request), requestId: request.id })

function idOf(request: FastifyRequest): string | null {
  const params = IdParams.safeParse(request.params)
  return params.success ? params.data.id : null
}

function sendList(
  reply: FastifyReply,
  actor: Actor,
  format: string,
  name: string,
  header: string[],
  rows: unknown[][],
) {
  if (!can(actor.roles, 'governance', 'export')) throw new AccessDenied()
  return format === 'xlsx'
    ? sendXlsx(reply, `${name}.xlsx`, header, rows)
    : sendCsv(reply, `${name}.csv`, header, rows)
}

const isExport = (format: string | undefined): format is 'csv' | 'xlsx' =>
  format === 'csv' || format === 'xlsx'

export function registerRecordRoutes(app: FastifyInstance, db: Db): void {
  const read = { config: { access: permission('governance', 'read') } }
  const create = { config: { access: permission('governance', 'create') } }
  const update = { config: { access: permission('governance', 'update') } }

  // Risk register

  app.get('/risks', read, async (request, reply) => {
    const actor = actorOf(request)
    const { status = 'open', rag = '', format } = query(request)
    const risks = (await scoped(db, actor, trx => repo.listRisks(trx, actor.partnershipId)))
      .filter(r => (status === 'all' || r.status === status) && (!rag || r.rag === rag))
      .map(r => ({ ...r, score: r.likelihood * r.impact }))
      .sort((a, b) => b.score - a.score || a.reference.localeCompare(b.reference))
    if (isExport(format)) {
      return sendList(
        reply,
        actor,
        format,
        'risk-register',
        [
          'reference',
          'risk',
          'owner',
          'likelihood',
          'impact',
          'score',
          'rag',
          'controls',
          'review_on',
          'status',
        ],
        risks.map(r => [
          r.reference,
          r.title,
          r.ownerName,
          r.likelihood,
          r.impact,
          r.score,
          r.rag,
          r.controls,
          r.reviewOn,
          r.status,
        ]),
      )
    }
    return render(request, reply, view('risks'), {
      title: 'Risk register',
      risks,
      rags: RAG_RATINGS,
      filter: { status, rag },
      statusItems: [
        { value: 'open', text: 'Open', selected: status === 'open' },
        { value: 'closed', text: 'Closed', selected: status === 'closed' },
        { value: 'all', text: 'All', selected: status === 'all' },
      ],
      ragItems: items(RAG_RATINGS, rag, 'Any rating'),
      exportQuery: new URLSearchParams({ status, rag }).toString(),
      canEdit: can(actor.roles, 'governance', 'create'),
    })
  })

  const riskFormPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) =>
    render(
      request,
      reply,
      view('risk-form'),
      {
        title: 'Add a risk',
        form,
        errors,
        ragItems: items(RAG_RATINGS, form.rag, 'Select a rating'),
        scoreItems: ['1', '2', '3', '4', '5'],
      },
      errors ? 400 : 200,
    )

  app.get('/risks/new', create, (request, reply) => riskFormPage(request, reply, {}))

  app.post('/risks', create, async (request, reply) => {
    const body = formBody(request.body)
    const form = RiskForm.safeParse(body)
    if (!form.success) return riskFormPage(request, reply, body, govukErrors(form.error))
    const outcome = await createRisk(db, ctxOf(request), form.data)
    if (outcome.kind === 'invalid') {
      return riskFormPage(request, reply, body, fieldError(outcome.field, outcome.message))
    }
    if (outcome.kind === 'not-found') return reply.callNotFound()
    return reply.redirect(`/governance/risks/${outcome.id}`, 303)
  })

  const riskPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form?: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const id = idOf(request)
    const actor = actorOf(request)
    const loaded = id
      ? await scoped(db, actor, async trx => {
          const risk = await repo.findRisk(trx, actor.partnershipId, id)
          return risk ? { risk, history: await repo.listRiskHistory(trx, id) } : null
        })
      : null
    if (!loaded) return reply.callNotFound()
    const values = form ?? {
      ...loaded.risk,
      likelihood: String(loaded.risk.likelihood),
      impact: String(loaded.risk.impact),
      note: '',
    }
    return render(
      request,
      reply,
      view('risk'),
      {
        title: `${loaded.risk.reference}: ${loaded.risk.title}`,
        ...loaded,
        form: values,
        errors,
        rags: RAG_RATINGS,
        ragItems: items(RAG_RATINGS, values.rag, 'Select a rating'),
        statusItems: items(OPEN_CLOSED, values.status),
        scoreItems: ['1', '2', '3', '4', '5'],
        canEdit: can(actor.roles, 'governance', 'update'),
      },
      errors ? 400 : 200,
    )
  }

  app.get('/risks/:id', read, (request, reply) => riskPage(request, reply))

  app.post('/risks/:id/reviews', update, async (request, reply) => {
    const id = idOf(request)
    if (!id) return reply.callNotFound()
    const body = formBody(request.body)
    const form = RiskReviewForm.safeParse(body)
    if (!form.success) return riskPage(request, reply, body, govukErrors(form.error))
    const outcome = await reviewRisk(db, ctxOf(request), id, form.data)
    if (outcome.kind !== 'saved') return reply.callNotFound()
    return reply.redirect(`/governance/risks/${id}`, 303)
  })

  // Challenge log

  app.get('/challenges', read, async (request, reply) => {
    const actor = actorOf(request)
    const { status = '', q = '', format } = query(request)
    const challenges = (
      await scoped(db, actor, trx => repo.listChallenges(trx, actor.partnershipId))
    ).filter(
      c =>
        (!status || c.status === status) &&
        (!q ||
          `${c.raisedBy} ${c.challenged} ${c.subject}`.toLowerCase().includes(q.toLowerCase())),
    )
    if (isExport(format)) {
      return sendList(
        reply,
        actor,
        format,
        'challenge-log',
        [
          'raised_on',
          'raised_by',
          'challenged',
          'meeting',
          'challenge',
          'response',
          'impact',
          'status',
          'closed_on',
        ],
        challenges.map(c => [
          c.raisedOn,
          c.raisedBy,
          c.challenged,
          c.bodyName ? `${c.bodyName} ${c.meetingOn ?? ''}` : '',
          c.subject,
          c.response,
          c.impact,
          c.status,
          c.closedOn,
        ]),
      )
    }
    return render(request, reply, view('challenges'), {
      title: 'Challenge log',
      challenges,
      filter: { status, q },
      statusItems: items(OPEN_CLOSED, status, 'Open and closed'),
      exportQuery: new URLSearchParams({ status, q }).toString(),
      canEdit: can(actor.roles, 'governance', 'create'),
    })
  })

  const challengeFormPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const actor = actorOf(request)
    const meetings = await scoped(db, actor, trx => repo.listAllMeetings(trx, actor.partnershipId))
    return render(
      request,
      reply,
      view('challenge-form'),
      {
        title: 'Record a challenge',
        form,
        errors,
        meetingItems: [
          { value: '', text: 'Not raised at a meeting' },
          ...meetings.map(m => ({
            value: m.id,
            text: `${m.bodyName}: ${m.title}, ${m.heldOn}`,
            selected: m.id === form.meetingId,
          })),
        ],
      },
      errors ? 400 : 200,
    )
  }

  app.get('/challenges/new', create, (request, reply) => challengeFormPage(request, reply, {}))

  app.post('/challenges', create, async (request, reply) => {
    const body = formBody(request.body)
    const form = ChallengeForm.safeParse(body)
    if (!form.success) return challengeFormPage(request, reply, body, govukErrors(form.error))
    const outcome = await createChallenge(db, ctxOf(request), form.data)
    if (outcome.kind === 'invalid') {
      return challengeFormPage(request, reply, body, fieldError(outcome.field, outcome.message))
    }
    if (outcome.kind === 'not-found') return reply.callNotFound()
    return reply.redirect(`/governance/challenges/${outcome.id}`, 303)
  })

  const challengePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form?: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const id = idOf(request)
    const actor = actorOf(request)
    const challenge = id
      ? await scoped(db, actor, async trx =>
          (await repo.listChallenges(trx, actor.partnershipId)).find(c => c.id === id),
        )
      : undefined
    if (!challenge) return reply.callNotFound()
    const values = form ?? { ...challenge }
    return render(
      request,
      reply,
      view('challenge'),
      {
        title: 'Challenge',
        challenge,
        form: values,
        errors,
        statusItems: items(OPEN_CLOSED, values.status),
        canEdit: can(actor.roles, 'governance', 'update'),
      },
      errors ? 400 : 200,
    )
  }

  app.get('/challenges/:id', read, (request, reply) => challengePage(request, reply))

  app.post('/challenges/:id', update, async (request, reply) => {
    const id = idOf(request)
    if (!id) return reply.callNotFound()
    const body = formBody(request.body)
    const form = ChallengeResponseForm.safeParse(body)
    if (!form.success) return challengePage(request, reply, body, govukErrors(form.error))
    const outcome = await respondToChallenge(db, ctxOf(request), id, form.data)
    if (outcome.kind !== 'saved') return reply.callNotFound()
    return reply.redirect(`/governance/challenges/${id}`, 303)
  })

  // Standing items and action logs of a body

  app.post('/bodies/:id/standing-items', update, async (request, reply) => {
    const id = idOf(request)
    if (!id) return reply.callNotFound()
    const form = StandingItemForm.safeParse(formBody(request.body))
    if (!form.success) {
      const actor = actorOf(request)
      const body = await scoped(db, actor, trx => repo.findBody(trx, actor.partnershipId, id))
      if (!body) return reply.callNotFound()
      return render(
        request,
        reply,
        view('standing-item-form'),
        {
          title: `Add a standing item for ${body.name}`,
          body,
          form: formBody(request.body),
          errors: govukErrors(form.error),
          reportItems: items(STANDING_REPORTS, formBody(request.body).report, 'No standing report'),
        },
        400,
      )
    }
    const outcome = await addStandingItem(db, ctxOf(request), id, form.data)
    if (outcome.kind !== 'saved') return reply.callNotFound()
    return reply.redirect(`/governance/bodies/${id}?notice=standing-item`, 303)
  })

  app.get('/bodies/:id/actions', read, async (request, reply) => {
    const id = idOf(request)
    if (!id) return reply.callNotFound()
    const actor = actorOf(request)
    const { status = 'outstanding', format } = query(request)
    const loaded = await scoped(db, actor, async trx => {
      const body = await repo.findBody(trx, actor.partnershipId, id)
      return body ? { body, actions: await repo.listActions(trx, id) } : null
    })
    if (!loaded) return reply.callNotFound()
    const today = new Date().toISOString().slice(0, 10)
    const actions = loaded.actions
      .filter(
        a =>
          status === 'all' ||
          (status === 'outstanding' ? a.status !== 'done' : a.status === status),
      )
      .map(a => ({ ...a, isOverdue: a.status !== 'done' && a.dueOn < today }))
    if (isExport(format)) {
      return sendList(
        reply,
        actor,
        format,
        'action-log',
        ['raised_on', 'action', 'owner', 'due_on', 'status'],
        actions.map(a => [a.raisedOn, a.text, a.ownerName, a.dueOn, a.status]),
      )
    }
    return render(request, reply, view('action-log'), {
      title: `Action log: ${loaded.body.name}`,
      body: loaded.body,
      actions,
      statuses: ACTION_STATUSES,
      filter: { status },
      statusItems: [
        { value: 'outstanding', text: 'Outstanding', selected: status === 'outstanding' },
        ...items(ACTION_STATUSES, status),
        { value: 'all', text: 'All', selected: status === 'all' },
      ],
    })
  })

  // Inspections and recommendations

  app.get('/inspections', read, async (request, reply) => {
    const actor = actorOf(request)
    const { inspectorate = '', format } = query(request)
    const inspections = (
      await scoped(db, actor, trx => repo.listInspections(trx, actor.partnershipId))
    ).filter(i => !inspectorate || i.inspectorate === inspectorate)
    if (isExport(format)) {
      return sendList(
        reply,
        actor,
        format,
        'inspections',
        [
          'inspectorate',
          'subject',
          'agency',
          'started_on',
          'ended_on',
          'published_on',
          'judgement',
        ],
        inspections.map(i => [
          INSPECTORATES[i.inspectorate as keyof typeof INSPECTORATES],
          i.subject,
          i.agencyName,
          i.startedOn,
          i.endedOn,
          i.publishedOn,
          i.judgement,
        ]),
      )
    }
    return render(request, reply, view('inspections'), {
      title: 'Inspections and reviews',
      inspections,
      inspectorates: INSPECTORATES,
      filter: { inspectorate },
      inspectorateItems: items(INSPECTORATES, inspectorate, 'All inspectorates'),
      canEdit: can(actor.roles, 'governance', 'create'),
    })
  })

  const inspectionFormPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const actor = actorOf(request)
    const agencies = await scoped(db, actor, trx => repo.listAgencies(trx, actor.partnershipId))
    return render(
      request,
      reply,
      view('inspection-form'),
      {
        title: 'Add an inspection or review',
        form,
        errors,
        inspectorateItems: items(INSPECTORATES, form.inspectorate, 'Select the inspectorate'),
        agencyItems: [
          { value: '', text: 'The partnership as a whole' },
          ...agencies.map(a => ({ value: a.id, text: a.name, selected: a.id === form.agencyId })),
        ],
      },
      errors ? 400 : 200,
    )
  }

  app.get('/inspections/new', create, (request, reply) => inspectionFormPage(request, reply, {}))

  app.post('/inspections', create, async (request, reply) => {
    const body = formBody(request.body)
    const form = InspectionForm.safeParse(body)
    if (!form.success) return inspectionFormPage(request, reply, body, govukErrors(form.error))
    const outcome = await createInspection(db, ctxOf(request), form.data)
    if (outcome.kind === 'invalid') {
      return inspectionFormPage(request, reply, body, fieldError(outcome.field, outcome.message))
    }
    if (outcome.kind === 'not-found') return reply.callNotFound()
    return reply.redirect(`/governance/inspections/${outcome.id}`, 303)
  })

  const inspectionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors?: GovukErrors,
  ) => {
    const id = idOf(request)
    const actor = actorOf(request)
    const loaded = id
      ? await scoped(db, actor, async trx => {
          const inspection = await repo.findInspection(trx, actor.partnershipId, id)
          if (!inspection) return null
          const [recommendations, links] = await Promise.all([
            repo.listRecommendations(trx, id),
            repo.listRecommendationActions(trx, id),
          ])
          const steps = await repo.listPlanStepsForActions(
            trx,
            links.map(l => l.actionId),
          )
          return {
            inspection,
            recommendations: recommendations.map(r => ({
              ...r,
              actions: links
                .filter(l => l.recommendationId === r.id)
                .map(l => {
                  const own = steps.filter(s => s.actionId === l.actionId)
                  const done = own.filter(s => s.status === 'complete').length
                  return { ...l, steps: own.length, complete: done }
                }),
            })),
          }
        })
      : null
    if (!loaded) return reply.callNotFound()
    return render(
      request,
      reply,
      view('inspection'),
      {
        title: `${INSPECTORATES[loaded.inspection.inspectorate as keyof typeof INSPECTORATES]}: ${loaded.inspection.subject}`,
        ...loaded,
        inspectorates: INSPECTORATES,
        statuses: RECOMMENDATION_STATUSES,
        statusItems: items(RECOMMENDATION_STATUSES, ''),
        form,
        errors,
        canEdit: can(actor.roles, 'governance', 'update'),
      },
      errors ? 400 : 200,
    )
  }

  app.get('/inspections/:id', read, (request, reply) => inspectionPage(request, reply))

  app.post('/inspections/:id/recommendations', update, async (request, reply) => {
    const id = idOf(request)
    if (!id) return reply.callNotFound()
    const body = formBody(request.body)
    const form = RecommendationForm.safeParse(body)
    if (!form.success) return inspectionPage(request, reply, body, govukErrors(form.error))
    const outcome = await addRecommendation(db, ctxOf(request), id, form.data)
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'invalid') {
      return inspectionPage(request, reply, body, fieldError(outcome.field, outcome.message))
    }
    return reply.redirect(`/governance/inspections/${id}`, 303)
  })

  app.post('/recommendations/:id/status', update, async (request, reply) => {
    const id = idOf(request)
    if (!id) return reply.callNotFound()
    const form = RecommendationStatusForm.safeParse(formBody(request.body))
    if (!form.success) return reply.code(400).send('Select the recommendation’s status')
    const outcome = await setRecommendationStatus(db, ctxOf(request), id, form.data.status)
    if (outcome.kind === 'not-found') return reply.callNotFound()
    return reply.redirect(`/governance/inspections/${outcome.inspectionId}`, 303)
  })
}
