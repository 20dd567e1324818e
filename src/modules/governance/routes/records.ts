import { londonToday } from '../../../platform/calendar.js'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../../../db/database.js'
import { formBody, govukErrors } from '../../../platform/forms.js'
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
  recordPage,
  registerListPage,
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

  registerListPage(app, {
    path: '/risks',
    resource: 'governance',
    filter: ({ status = 'open', rag = '' }) => ({ status, rag }),
    load: async (actor, { status, rag }) =>
      (await scoped(db, actor, trx => repo.listRisks(trx, actor.partnershipId)))
        .filter(r => (status === 'all' || r.status === status) && (!rag || r.rag === rag))
        .map(r => ({ ...r, score: r.likelihood * r.impact }))
        .sort((a, b) => b.score - a.score || a.reference.localeCompare(b.reference)),
    exportName: 'risk-register',
    columns: {
      reference: r => r.reference,
      risk: r => r.title,
      owner: r => r.ownerName,
      likelihood: r => r.likelihood,
      impact: r => r.impact,
      score: r => r.score,
      rag: r => r.rag,
      controls: r => r.controls,
      review_on: r => r.reviewOn,
      status: r => r.status,
    },
    view: 'risks',
    model: (risks, filter) => ({
      title: 'Risk register',
      risks,
      rags: RAG_RATINGS,
      filter,
      statusItems: [
        { value: 'open', text: 'Open', selected: filter.status === 'open' },
        { value: 'closed', text: 'Closed', selected: filter.status === 'closed' },
        { value: 'all', text: 'All', selected: filter.status === 'all' },
      ],
      ragItems: items(RAG_RATINGS, filter.rag, 'Any rating'),
      exportQuery: new URLSearchParams(filter).toString(),
    }),
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

  const riskPage = recordPage({
    load: (actor, id) =>
      scoped(db, actor, async trx => {
        const risk = await repo.findRisk(trx, actor.partnershipId, id)
        return risk ? { risk, history: await repo.listRiskHistory(trx, id) } : null
      }),
    show: (_request, loaded, form, actor) => {
      const values = form ?? {
        ...loaded.risk,
        likelihood: String(loaded.risk.likelihood),
        impact: String(loaded.risk.impact),
        note: '',
      }
      return {
        view: 'risk',
        model: {
          title: `${loaded.risk.reference}: ${loaded.risk.title}`,
          ...loaded,
          form: values,
          rags: RAG_RATINGS,
          statusItems: items(OPEN_CLOSED, values.status),
          scoreItems: ['1', '2', '3', '4', '5'],
          canEdit: can(actor.roles, 'governance', 'update'),
        },
      }
    },
  })

  app.get('/risks/:id', read, (request, reply) => riskPage(request, reply))

  registerPageForm(app, '/risks/:id/reviews', permission('governance', 'update'), {
    schema: RiskReviewForm,
    page: riskPage,
    save: (ctx, riskId, review) => reviewRisk(db, ctx, riskId, review),
    savedUrl: riskId => `/governance/risks/${riskId}`,
  })

  // Challenge log

  registerListPage(app, {
    path: '/challenges',
    resource: 'governance',
    filter: ({ status = '', q = '' }) => ({ status, q }),
    load: async (actor, { status, q }) =>
      (await scoped(db, actor, trx => repo.listChallenges(trx, actor.partnershipId))).filter(
        c =>
          (!status || c.status === status) &&
          (!q ||
            `${c.raisedBy} ${c.challenged} ${c.subject}`.toLowerCase().includes(q.toLowerCase())),
      ),
    exportName: 'challenge-log',
    columns: {
      raised_on: c => c.raisedOn,
      raised_by: c => c.raisedBy,
      challenged: c => c.challenged,
      meeting: c => (c.bodyName ? `${c.bodyName} ${c.meetingOn ?? ''}` : ''),
      challenge: c => c.subject,
      response: c => c.response,
      impact: c => c.impact,
      status: c => c.status,
      closed_on: c => c.closedOn,
    },
    view: 'challenges',
    model: (challenges, filter) => ({
      title: 'Challenge log',
      challenges,
      filter,
      statusItems: items(OPEN_CLOSED, filter.status, 'Open and closed'),
      exportQuery: new URLSearchParams(filter).toString(),
    }),
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

  const challengePage = recordPage({
    load: (actor, id) =>
      scoped(db, actor, async trx =>
        (await repo.listChallenges(trx, actor.partnershipId)).find(c => c.id === id),
      ),
    show: (_request, challenge, form, actor) => {
      const values = form ?? { ...challenge }
      return {
        view: 'challenge',
        model: {
          title: 'Challenge',
          challenge,
          form: values,
          statusItems: items(OPEN_CLOSED, values.status),
          canEdit: can(actor.roles, 'governance', 'update'),
        },
      }
    },
  })

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
