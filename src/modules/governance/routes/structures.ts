import { londonToday } from '../../../platform/calendar.js'
import { namedItems } from '../../../platform/forms.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import type { GovukErrors } from '../../../platform/forms.js'
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
  idOf,
  items,
  query,
  recordPage,
  registerListPage,
  registerPageForm,
  registerRecordForm,
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
  registerListPage(app, {
    path: '/bodies',
    resource: 'governance',
    filter: ({ kind = '', q = '' }) => ({ kind, q }),
    load: (actor, { kind, q }) =>
      scoped(db, actor, trx =>
        repo.listBodies(trx, actor.partnershipId, {
          kind: kind in BODY_KINDS ? kind : undefined,
          q: q.trim(),
        }),
      ),
    exportName: 'bodies',
    columns: {
      name: b => b.name,
      type: b => BODY_KINDS[b.kind as keyof typeof BODY_KINDS],
      parent: b => b.parentName,
      chair: b => b.chairName,
      terms_review_on: b => b.termsReviewOn,
      active_from: b => b.activeFrom,
      active_to: b => b.activeTo,
      attendance_target: b => b.attendanceTarget,
    },
    view: 'bodies',
    model: (bodies, filter) => ({
      title: 'Boards, groups and panels',
      bodies,
      kinds: BODY_KINDS,
      kindItems: items(BODY_KINDS, filter.kind, 'All types'),
      filter,
    }),
  })

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
        parentItems: namedItems(bodies, model.form.parentId, 'None: this is a top-level body'),
      },
      status,
    )
  }

  // The body's form again, refused: the posted values and the errors.
  const bodyFormAgain = (
    request: FastifyRequest,
    reply: FastifyReply,
    page: { action: string; title: string },
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) => bodyFormPage(request, reply, { ...page, form, errors }, 400)

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

  registerRecordForm(app, '/bodies', permission('governance', 'create'), {
    load: async () => ({ action: '/governance/bodies', title: 'Add a body' }),
    schema: BodyForm,
    page: bodyFormAgain,
    save: (ctx, _page, body) => createBody(db, ctx, body),
    savedUrl: (_page, outcome) => afterChange(`/governance/bodies/${outcome.id}`, 'body-added'),
  })

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

  registerRecordForm(app, '/bodies/:id', permission('governance', 'update'), {
    load: async request => {
      const id = idOf(request)
      return id ? { id, action: `/governance/bodies/${id}`, title: 'Change a body' } : null
    },
    schema: BodyForm,
    page: bodyFormAgain,
    save: (ctx, { id }, body) => updateBody(db, ctx, id, body),
    savedUrl: ({ id }) => afterChange(`/governance/bodies/${id}`, 'body-updated'),
  })

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

  registerRecordForm(app, '/bodies/:id/memberships', permission('governance', 'create'), {
    load: request => loadBody(db, request),
    schema: MembershipForm,
    page: (request, reply, loaded, form, errors) =>
      membershipPage(request, reply, loaded.body, form, errors),
    save: (ctx, loaded, membership) => addMembership(db, ctx, loaded.body.id, membership),
    savedUrl: loaded => afterChange(`/governance/bodies/${loaded.body.id}`, 'member-added'),
  })

  const endPage = recordPage({
    load: (actor, id) =>
      scoped(db, actor, trx => repo.findMembership(trx, actor.partnershipId, id)),
    show: (_request, membership, form = {}) => ({
      view: 'end-membership',
      model: { title: `End ${membership.memberName}’s membership`, membership, form },
    }),
  })

  app.get(
    '/memberships/:id/end',
    { config: { access: permission('governance', 'update') } },
    (request, reply) => endPage(request, reply),
  )

  registerPageForm(app, '/memberships/:id/end', permission('governance', 'update'), {
    schema: EndMembershipForm,
    page: endPage,
    save: (ctx, id, { endsOn }) => endMembership(db, ctx, id, endsOn),
    savedUrl: (_id, outcome) =>
      afterChange(`/governance/bodies/${outcome.bodyId ?? ''}`, 'membership-ended'),
  })
}
