import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { type GovukErrors, fieldError, formBody } from '../../../platform/forms.js'
import { attachment } from '../../../platform/csv.js'
import { render } from '../../../platform/http/web.js'
import { PUBLIC, type RouteAccess, can, permission } from '../../../platform/permissions.js'
import type { Mail } from '../cycles/service.js'
import { ctxOf, idParam, refusedBy } from '../shared.js'
import {
  ANSWER_WORDS,
  QUESTION_TYPES,
  answerKey,
  unansweredRequired,
} from '../templates/definition.js'
import type { Respondent } from './access.js'
import { ModerationForm, SendBackForm } from './schema.js'
import {
  DECISIONS,
  STATUS_WORDS,
  type ReturnView,
  completeModeration,
  findStandard,
  moderateStandard,
  readEvidence,
  readReturn,
  saveStandard,
  sendBack,
  submitReturn,
  uploadEvidence,
} from './service.js'

const view = (name: string) => `assurance/returns/views/${name}.njk`
const STANDARD_KEY = /^[a-z0-9-]{1,40}$/

interface Entry {
  /** The URL the pages hang from, for this request. */
  base: (request: FastifyRequest) => string
  respondent: (request: FastifyRequest) => Respondent
  returnId: (request: FastifyRequest) => string | null
}

const signedIn: Entry = {
  base: request => `/assurance/returns/${idParam(request) ?? ''}`,
  respondent: request => ({ kind: 'user', ctx: ctxOf(request) }),
  returnId: request => idParam(request),
}

const byLink: Entry = {
  base: request => `/assurance/respond/${(request.params as { token: string }).token}`,
  respondent: request => ({
    kind: 'link',
    token: (request.params as { token: string }).token,
    requestId: request.id,
  }),
  returnId: () => null,
}

function standardStatus(data: ReturnView, key: string) {
  const found = data.row.definition.areas.flatMap(a => a.standards).find(s => s.key === key)
  if (!found) return 'Not yet started'
  const answered = found.questions.filter(
    q => q.type !== 'evidence' && (data.row.answers[answerKey(found, q)] ?? '') !== '',
  )
  const required = found.questions.filter(q => q.required)
  if (required.every(q => (data.row.answers[answerKey(found, q)] ?? '') !== '')) return 'Completed'
  return answered.length ? 'In progress' : 'Not yet started'
}

function model(request: FastifyRequest, entry: Entry, data: ReturnView) {
  const moderator =
    entry === signedIn && request.actor !== null && can(request.actor.roles, 'assurance', 'create')
  const editable = ['invited', 'in-progress', 'returned'].includes(data.row.status)
  const scores = new Map(data.scores.areas.flatMap(a => a.standards).map(s => [s.key, s.score]))
  return {
    base: entry.base(request),
    data,
    editable,
    moderator,
    statusWords: STATUS_WORDS,
    answerWords: ANSWER_WORDS,
    decisions: DECISIONS,
    typeWords: QUESTION_TYPES,
    scoreOf: (key: string) => scores.get(key) ?? null,
    taskAreas: data.row.definition.areas.map((area, index) => ({
      key: area.key,
      heading: `${index + 1}. ${area.title}`,
      score: data.scores.areas[index]?.score ?? null,
      items: area.standards.map(standard => {
        const status = standardStatus(data, standard.key)
        const score = scores.get(standard.key)
        const decision = data.row.moderation[standard.key]?.decision
        return {
          title: { text: standard.title },
          href: `${entry.base(request)}/standards/${standard.key}`,
          hint: {
            text: `${score === null || score === undefined ? 'Not scored' : `Score ${Math.round(score)}%`}${decision ? ` · ${DECISIONS[decision]}` : ''}`,
          },
          status:
            status === 'Completed'
              ? { text: status }
              : {
                  tag: {
                    text: status,
                    classes: status === 'In progress' ? 'govuk-tag--light-blue' : 'govuk-tag--grey',
                  },
                },
        }
      }),
    })),
    options: (type: string, selected: unknown) =>
      Object.entries(ANSWER_WORDS[type] ?? {}).map(([value, text]) => ({
        value,
        text,
        checked: typeof selected === 'string' && value === selected,
      })),
    decisionOptions: (selected: unknown) =>
      Object.entries(DECISIONS).map(([value, text]) => ({
        value,
        text,
        checked: value === selected,
      })),
    missing: unansweredRequired(data.row.definition, data.row.answers).length,
    title: `${data.row.organisationName}: ${data.row.cycleTitle}`,
  }
}

export function registerReturnRoutes(app: FastifyInstance, db: Db, mail: Mail) {
  const pages = (path: string, access: RouteAccess, entry: Entry) => {
    const read = { config: { access } }

    const overview = async (request: FastifyRequest, reply: FastifyReply, errors?: GovukErrors) => {
      const data = await readReturn(db, entry.respondent(request), entry.returnId(request))
      if (!data) return reply.callNotFound()
      return render(
        request,
        reply,
        view('return'),
        { ...model(request, entry, data), errors },
        errors ? 400 : 200,
      )
    }

    const standardPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      form?: Record<string, unknown>,
      errors?: GovukErrors,
    ) => {
      const key = (request.params as { key?: string }).key ?? ''
      const data = STANDARD_KEY.test(key)
        ? await readReturn(db, entry.respondent(request), entry.returnId(request))
        : null
      const found = data && findStandard(data.row, key)
      if (!data || !found) return reply.callNotFound()
      const values =
        form ??
        Object.fromEntries(
          found.standard.questions.map(q => [
            `q-${q.key}`,
            String(data.row.answers[answerKey(found.standard, q)] ?? ''),
          ]),
        )
      return render(
        request,
        reply,
        view('standard'),
        {
          ...model(request, entry, data),
          area: found.area,
          standard: found.standard,
          values,
          moderation: data.row.moderation[key] ?? null,
          evidence: data.evidence.filter(e => e.questionKey === key),
          title: found.standard.title,
          errors,
        },
        errors ? 400 : 200,
      )
    }

    app.get(path, read, (request, reply) => overview(request, reply))
    app.get(`${path}/standards/:key`, read, (request, reply) => standardPage(request, reply))

    app.post(`${path}/standards/:key`, read, async (request, reply) => {
      const key = (request.params as { key: string }).key
      const body = formBody(request.body)
      const outcome = await saveStandard(
        db,
        entry.respondent(request),
        entry.returnId(request),
        key,
        body,
      )
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'refused')
        return standardPage(request, reply, body, fieldError(outcome.field, outcome.message))
      return reply.redirect(`${entry.base(request)}?saved=1`, 303)
    })

    app.post(`${path}/standards/:key/evidence`, read, async (request, reply) => {
      const key = (request.params as { key: string }).key
      const file = formBody(request.body).file
      if (!Buffer.isBuffer(file) || file.length === 0)
        return standardPage(request, reply, undefined, fieldError('file', 'Select a file'))
      const outcome = await uploadEvidence(
        db,
        entry.respondent(request),
        entry.returnId(request),
        key,
        { name: `evidence-${key}`, bytes: file },
      )
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'refused')
        return standardPage(request, reply, undefined, fieldError(outcome.field, outcome.message))
      return reply.redirect(`${entry.base(request)}/standards/${key}`, 303)
    })

    app.get(`${path}/evidence/:evidenceId`, read, async (request, reply) => {
      const evidenceId = idParam(request, 'evidenceId')
      const evidence =
        evidenceId &&
        (await readEvidence(db, entry.respondent(request), entry.returnId(request), evidenceId))
      if (!evidence) return reply.callNotFound()
      return reply
        .header('content-type', evidence.contentType)
        .header('content-disposition', attachment(evidence.filename))
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(evidence.content)
    })

    app.post(`${path}/submit`, read, async (request, reply) => {
      const outcome = await submitReturn(db, entry.respondent(request), entry.returnId(request))
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'refused')
        return overview(request, reply, fieldError('submit', outcome.message))
      return reply.redirect(`${entry.base(request)}?submitted=1`, 303)
    })
  }

  pages('/returns/:id', permission('assurance', 'read'), signedIn)
  // The lead's link is the credential: the service checks its hash, expiry and return.
  pages('/respond/:token', PUBLIC, byLink)

  const moderate = { config: { access: permission('assurance', 'create') } }
  /** The return's page again, with what the moderator was refused beside its field. */
  const refusedOnReturn = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    errors: GovukErrors,
  ) => {
    const data = await readReturn(db, signedIn.respondent(request), id)
    if (!data) return reply.callNotFound()
    return render(
      request,
      reply,
      view('return'),
      { ...model(request, signedIn, data), errors },
      400,
    )
  }
  app.post('/returns/:id/standards/:key/moderation', moderate, async (request, reply) => {
    const id = idParam(request)
    const key = (request.params as { key: string }).key
    if (!id) return reply.callNotFound()
    const form = ModerationForm.safeParse(formBody(request.body))
    const outcome = form.success
      ? await moderateStandard(db, ctxOf(request), id, key, form.data)
      : refusedBy(form.error, 'decision')
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'refused') {
      const data = await readReturn(db, signedIn.respondent(request), id)
      if (!data) return reply.callNotFound()
      const found = findStandard(data.row, key)
      if (!found) return reply.callNotFound()
      return render(
        request,
        reply,
        view('standard'),
        {
          ...model(request, signedIn, data),
          area: found.area,
          standard: found.standard,
          values: {},
          moderation: formBody(request.body),
          evidence: data.evidence.filter(e => e.questionKey === key),
          title: found.standard.title,
          errors: fieldError(outcome.field, outcome.message),
        },
        400,
      )
    }
    return reply.redirect(`/assurance/returns/${id}?moderated=1`, 303)
  })

  app.post('/returns/:id/send-back', moderate, async (request, reply) => {
    const id = idParam(request)
    if (!id) return reply.callNotFound()
    const form = SendBackForm.safeParse(formBody(request.body))
    const outcome = form.success
      ? await sendBack(db, ctxOf(request), mail, id, form.data.comment)
      : { kind: 'refused' as const, field: 'comment', message: form.error.issues[0]?.message ?? '' }
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'refused')
      return refusedOnReturn(request, reply, id, fieldError(outcome.field, outcome.message))
    return reply.redirect(`/assurance/returns/${id}`, 303)
  })

  app.post('/returns/:id/moderated', moderate, async (request, reply) => {
    const id = idParam(request)
    if (!id) return reply.callNotFound()
    const outcome = await completeModeration(db, ctxOf(request), id)
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'refused')
      return refusedOnReturn(request, reply, id, fieldError('complete', outcome.message))
    return reply.redirect(`/assurance/returns/${id}?actions=${outcome.actions}`, 303)
  })
}
