import { londonToday } from '../../../platform/calendar.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { type GovukErrors, formBody, govukErrors } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { formatDate, render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import * as repo from '../repo.js'
import {
  ACTION_STATUSES,
  ChallengeForm,
  ChallengeResponseForm,
  OPEN_CLOSED,
  RAG_RATINGS,
  RiskForm,
  RiskReviewForm,
  STANDING_REPORTS,
  StandingItemForm,
} from '../schema.js'
import {
  ctxOf,
  idOf,
  isExport,
  items,
  query,
  registerAddForm,
  registerPageForm,
  sendExport,
  view,
} from './shared.js'
import { createChallenge, createRisk, respondToChallenge, reviewRisk } from '../service/records.js'
import { scoped } from '../service/shared.js'
import { addStandingItem } from '../service/structures.js'
import { registerInspectionRoutes } from './inspections.js'
import { registerRiskMatrixRoutes } from './risk-matrix.js'
import { afterChange } from './notices.js'

/**
 * The governance records that meetings report on: risk register, challenge log, action logs,
 * standing items; inspections with their recommendations are in `inspections.ts`.
 */

export function registerRecordRoutes(app: FastifyInstance, db: Db): void {
  const read = { config: { access: permission('governance', 'read') } }
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
      return sendExport(
        reply,
        actor,
        'governance',
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

  registerAddForm(app, {
    path: '/risks',
    resource: 'governance',
    view: 'risk-form',
    title: 'Add a risk',
    model: () => ({
      scoreItems: ['1', '2', '3', '4', '5'],
    }),
    schema: RiskForm,
    add: (ctx, risk) => createRisk(db, ctx, risk),
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
        statusItems: items(OPEN_CLOSED, values.status),
        scoreItems: ['1', '2', '3', '4', '5'],
        canEdit: can(actor.roles, 'governance', 'update'),
      },
      errors ? 400 : 200,
    )
  }

  app.get('/risks/:id', read, (request, reply) => riskPage(request, reply))

  registerPageForm(app, '/risks/:id/reviews', permission('governance', 'update'), {
    schema: RiskReviewForm,
    page: riskPage,
    save: (ctx, riskId, review) => reviewRisk(db, ctx, riskId, review),
    savedUrl: riskId => `/governance/risks/${riskId}`,
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
      return sendExport(
        reply,
        actor,
        'governance',
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

  registerAddForm(app, {
    path: '/challenges',
    resource: 'governance',
    view: 'challenge-form',
    title: 'Record a challenge',
    model: async (request, form) => {
      const actor = actorOf(request)
      const meetings = await scoped(db, actor, trx =>
        repo.listAllMeetings(trx, actor.partnershipId),
      )
      return {
        meetingItems: [
          { value: '', text: 'Not raised at a meeting' },
          ...meetings.map(m => ({
            value: m.id,
            text: `${m.bodyName}: ${m.title}, ${formatDate(m.heldOn)}`,
            selected: m.id === form.meetingId,
          })),
        ],
      }
    },
    schema: ChallengeForm,
    add: (ctx, challenge) => createChallenge(db, ctx, challenge),
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

  registerPageForm(app, '/challenges/:id', permission('governance', 'update'), {
    schema: ChallengeResponseForm,
    page: challengePage,
    save: (ctx, challengeId, response) => respondToChallenge(db, ctx, challengeId, response),
    savedUrl: challengeId => `/governance/challenges/${challengeId}`,
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
    return reply.redirect(afterChange(`/governance/bodies/${id}`, 'standing-item-added'), 303)
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
    const today = londonToday()
    const actions = loaded.actions
      .filter(
        a =>
          status === 'all' ||
          (status === 'outstanding' ? a.status !== 'done' : a.status === status),
      )
      .map(a => ({ ...a, isOverdue: a.status !== 'done' && a.dueOn < today }))
    if (isExport(format)) {
      return sendExport(
        reply,
        actor,
        'governance',
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

  registerInspectionRoutes(app, db)
  registerRiskMatrixRoutes(app, db)
}
