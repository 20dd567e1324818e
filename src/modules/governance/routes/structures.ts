import { londonToday } from '../../../platform/calendar.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { type GovukErrors, fieldError, formBody, govukErrors } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import * as repo from '../repo.js'
import {
  BODY_KINDS,
  BodyForm,
  EndMembershipForm,
  MEETING_STATUSES,
  MEMBER_ROLES,
  MembershipForm,
} from '../schema.js'
import {
  agencyItems,
  ctxOf,
  idOf,
  isExport,
  items,
  query,
  sendExport,
  sendTable,
  view,
} from './shared.js'
import { scoped } from '../service/shared.js'
import {
  addMembership,
  createBody,
  endMembership,
  membersOn,
  updateBody,
} from '../service/structures.js'
import { afterChange } from './notices.js'

/** A body with its memberships, meetings, standing items and subgroups, or null when not found. */
export async function loadBody(db: Db, request: FastifyRequest) {
  const id = idOf(request)
  if (!id) return null
  const actor = actorOf(request)
  return scoped(db, actor, async trx => {
    const body = await repo.findBody(trx, actor.partnershipId, id)
    if (!body) return null
    const [memberships, meetings, bodies] = await Promise.all([
      repo.listMemberships(trx, id),
      repo.listMeetings(trx, id),
      repo.listBodies(trx, actor.partnershipId),
    ])
    const standingItems = await repo.listStandingItems(trx, id)
    return {
      body,
      memberships,
      meetings,
      standingItems,
      children: bodies.filter(b => b.parentId === id),
    }
  })
}

/** Structures: boards, groups and panels, their terms of reference and their members. */
export function registerStructureRoutes(app: FastifyInstance, db: Db): void {
  app.get(
    '/bodies',
    { config: { access: permission('governance', 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { kind = '', q = '', format } = query(request)
      const bodies = await scoped(db, actor, trx =>
        repo.listBodies(trx, actor.partnershipId, {
          kind: kind in BODY_KINDS ? kind : undefined,
          q: q.trim(),
        }),
      )
      if (isExport(format)) {
        const header = [
          'name',
          'type',
          'parent',
          'chair',
          'terms_review_on',
          'active_from',
          'active_to',
          'attendance_target',
        ]
        const rows = bodies.map(b => [
          b.name,
          BODY_KINDS[b.kind as keyof typeof BODY_KINDS],
          b.parentName,
          b.chairName,
          b.termsReviewOn,
          b.activeFrom,
          b.activeTo,
          b.attendanceTarget,
        ])
        return sendExport(reply, actor, 'governance', format, 'bodies', header, rows)
      }
      return render(request, reply, view('bodies'), {
        title: 'Boards, groups and panels',
        bodies,
        kinds: BODY_KINDS,
        kindItems: items(BODY_KINDS, kind, 'All types'),
        filter: { kind, q },
        canEdit: can(actor.roles, 'governance', 'create'),
      })
    },
  )

  const bodyFormPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    model: { form: Record<string, unknown>; action: string; title: string; errors?: GovukErrors },
    status = 200,
  ) => {
    const actor = actorOf(request)
    const bodies = await scoped(db, actor, trx => repo.listBodies(trx, actor.partnershipId))
    return render(
      request,
      reply,
      view('body-form'),
      {
        ...model,
        kindItems: items(BODY_KINDS, model.form.kind, 'Select a type'),
        parentItems: [
          { value: '', text: 'None: this is a top-level body' },
          ...bodies.map(b => ({
            value: b.id,
            text: b.name,
            selected: b.id === model.form.parentId,
          })),
        ],
      },
      status,
    )
  }

  app.get(
    '/bodies/new',
    { config: { access: permission('governance', 'create') } },
    (request, reply) =>
      bodyFormPage(request, reply, {
        form: { attendanceTarget: '80' },
        action: '/governance/bodies',
        title: 'Add a body',
      }),
  )

  app.post(
    '/bodies',
    { config: { access: permission('governance', 'create') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const model = { form: body, action: '/governance/bodies', title: 'Add a body' }
      const form = BodyForm.safeParse(body)
      if (!form.success)
        return bodyFormPage(request, reply, { ...model, errors: govukErrors(form.error) }, 400)
      const outcome = await createBody(db, ctxOf(request), form.data)
      if (outcome.kind === 'invalid') {
        return bodyFormPage(
          request,
          reply,
          { ...model, errors: fieldError(outcome.field, outcome.message) },
          400,
        )
      }
      if (outcome.kind === 'not-found') return reply.callNotFound()
      return reply.redirect(afterChange(`/governance/bodies/${outcome.id}`, 'body-added'), 303)
    },
  )

  app.get(
    '/bodies/:id',
    { config: { access: permission('governance', 'read') } },
    async (request, reply) => {
      const loaded = await loadBody(db, request)
      if (!loaded) return reply.callNotFound()
      const actor = actorOf(request)
      const { q = '', current = '' } = query(request)
      const today = londonToday()
      const memberships = loaded.memberships.filter(
        m =>
          (!q || `${m.memberName} ${m.agencyName ?? ''}`.toLowerCase().includes(q.toLowerCase())) &&
          (current !== 'yes' || membersOn([m], today).length === 1),
      )
      return render(request, reply, view('body'), {
        title: loaded.body.name,
        ...loaded,
        memberships,
        filter: { q, current },
        kinds: BODY_KINDS,
        roles: MEMBER_ROLES,
        meetingStatuses: MEETING_STATUSES,
        canEdit: can(actor.roles, 'governance', 'update'),
        canExport: can(actor.roles, 'governance', 'export'),
      })
    },
  )

  app.get(
    '/bodies/:id/edit',
    { config: { access: permission('governance', 'update') } },
    async (request, reply) => {
      const loaded = await loadBody(db, request)
      if (!loaded) return reply.callNotFound()
      return bodyFormPage(request, reply, {
        form: { ...loaded.body, attendanceTarget: String(loaded.body.attendanceTarget) },
        action: `/governance/bodies/${loaded.body.id}`,
        title: `Change ${loaded.body.name}`,
      })
    },
  )

  app.post(
    '/bodies/:id',
    { config: { access: permission('governance', 'update') } },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return reply.callNotFound()
      const body = formBody(request.body)
      const model = { form: body, action: `/governance/bodies/${id}`, title: 'Change a body' }
      const form = BodyForm.safeParse(body)
      if (!form.success)
        return bodyFormPage(request, reply, { ...model, errors: govukErrors(form.error) }, 400)
      const outcome = await updateBody(db, ctxOf(request), id, form.data)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'invalid') {
        return bodyFormPage(
          request,
          reply,
          { ...model, errors: fieldError(outcome.field, outcome.message) },
          400,
        )
      }
      return reply.redirect(afterChange(`/governance/bodies/${id}`, 'body-updated'), 303)
    },
  )

  app.get(
    '/bodies/:id/memberships',
    { config: { access: permission('governance', 'export') } },
    async (request, reply) => {
      const loaded = await loadBody(db, request)
      if (!loaded) return reply.callNotFound()
      const header = ['body', 'member', 'agency', 'role', 'starts_on', 'ends_on', 'deputy']
      const rows = loaded.memberships.map(m => [
        loaded.body.name,
        m.memberName,
        m.agencyName,
        m.role,
        m.startsOn,
        m.endsOn,
        m.deputyName,
      ])
      return sendTable(reply, query(request).format, 'memberships', header, rows)
    },
  )

  app.get(
    '/bodies/:id/meetings',
    { config: { access: permission('governance', 'export') } },
    async (request, reply) => {
      const loaded = await loadBody(db, request)
      if (!loaded) return reply.callNotFound()
      const header = ['body', 'held_on', 'title', 'status']
      const rows = loaded.meetings.map(m => [loaded.body.name, m.heldOn, m.title, m.status])
      return sendTable(reply, query(request).format, 'meetings', header, rows)
    },
  )

  const membershipPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    body: { id: string; name: string },
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const actor = actorOf(request)
    const agencies = await agencyItems(db, actor, 'No agency', form.agencyId)
    const people = await scoped(db, actor, trx =>
      repo.listPartnershipPeople(trx, actor.partnershipId),
    )
    return render(
      request,
      reply,
      view('membership-form'),
      {
        title: `Add a member to ${body.name}`,
        body,
        form,
        errors,
        roleItems: items(MEMBER_ROLES, form.role ?? 'member'),
        agencyItems: agencies,
        peopleItems: [
          { value: '', text: 'Not linked to a Keepsafe account' },
          ...people.map(p => ({
            value: p.id,
            text: `${p.displayName} (${p.email})`,
            selected: p.id === form.userId,
          })),
        ],
      },
      errors ? 400 : 200,
    )
  }

  app.get(
    '/bodies/:id/memberships/new',
    { config: { access: permission('governance', 'create') } },
    async (request, reply) => {
      const loaded = await loadBody(db, request)
      if (!loaded) return reply.callNotFound()
      return membershipPage(request, reply, loaded.body, {})
    },
  )

  app.post(
    '/bodies/:id/memberships',
    { config: { access: permission('governance', 'create') } },
    async (request, reply) => {
      const loaded = await loadBody(db, request)
      if (!loaded) return reply.callNotFound()
      const body = formBody(request.body)
      const form = MembershipForm.safeParse(body)
      if (!form.success)
        return membershipPage(request, reply, loaded.body, body, govukErrors(form.error))
      const outcome = await addMembership(db, ctxOf(request), loaded.body.id, form.data)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'invalid') {
        return membershipPage(
          request,
          reply,
          loaded.body,
          body,
          fieldError(outcome.field, outcome.message),
        )
      }
      return reply.redirect(
        afterChange(`/governance/bodies/${loaded.body.id}`, 'member-added'),
        303,
      )
    },
  )

  const endPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors?: GovukErrors,
  ) => {
    const id = idOf(request)
    const actor = actorOf(request)
    const membership = id
      ? await scoped(db, actor, trx => repo.findMembership(trx, actor.partnershipId, id))
      : undefined
    if (!membership) return reply.callNotFound()
    return render(
      request,
      reply,
      view('end-membership'),
      { title: `End ${membership.memberName}’s membership`, membership, form, errors },
      errors ? 400 : 200,
    )
  }

  app.get(
    '/memberships/:id/end',
    { config: { access: permission('governance', 'update') } },
    (request, reply) => endPage(request, reply),
  )

  app.post(
    '/memberships/:id/end',
    { config: { access: permission('governance', 'update') } },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return reply.callNotFound()
      const body = formBody(request.body)
      const form = EndMembershipForm.safeParse(body)
      if (!form.success) return endPage(request, reply, body, govukErrors(form.error))
      const outcome = await endMembership(db, ctxOf(request), id, form.data.endsOn)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'invalid') {
        return endPage(request, reply, body, fieldError(outcome.field, outcome.message))
      }
      return reply.redirect(
        afterChange(`/governance/bodies/${outcome.bodyId ?? ''}`, 'membership-ended'),
        303,
      )
    },
  )
}
