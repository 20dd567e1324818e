import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import {
  findPartnershipUser,
  grantRole,
  listAgencies,
  listPartnershipUsers,
  recordPersonnelRead,
  revokeRole,
  setUserDisabled,
  visibleAgencies,
  worksElsewhere,
  type PartnershipUser,
} from '../../admin.js'
import { sendCsv } from '../../csv.js'
import { fieldError, formBody, govukErrors, type GovukErrors } from '../../forms.js'
import { actorOf } from '../../http/access.js'
import { render } from '../../http/web.js'
import { inviteUser } from '../../invitations.js'
import { removeSecondFactor } from '../../mfa.js'
import { ROLES, ROLE_NAMES, permission, roleName } from '../../permissions.js'
import {
  GrantForm,
  GrantParams,
  IdParams,
  InviteForm,
  NoticeQuery,
  UsersQuery,
} from '../admin-schema.js'
import type { AdminOptions } from '../admin.js'

const roleItems = ROLES.map(role => ({ value: role, text: ROLE_NAMES[role] }))

/** People and roles: invitations, role grants, disabling accounts, resetting two-factor. */
export const peopleRoutes: FastifyPluginAsync<AdminOptions> = async (
  app,
  { db, config, mailer },
) => {
  const agencyItems = async (actor: ReturnType<typeof actorOf>) =>
    (await listAgencies(db, actor))
      .filter(agency => agency.isActive)
      .map(agency => ({ value: agency.id, text: agency.name }))

  // People and roles

  app.get('/users', { config: { access: permission('user', 'read') } }, async (request, reply) => {
    const actor = actorOf(request)
    const users = await listPartnershipUsers(db, actor, visibleAgencies(actor))
    const query = UsersQuery.parse(request.query)
    const search = query.q?.trim().toLowerCase() ?? ''
    const shown = search
      ? users.filter(user => `${user.displayName} ${user.email}`.toLowerCase().includes(search))
      : users
    if (query.format === 'csv') {
      await recordPersonnelRead(db, actor, request.id, {
        action: 'user.exported',
        resourceType: 'user',
        detail: { rows: shown.length, format: 'csv', ...(search ? { searched: true } : {}) },
      })
      return sendCsv(
        reply,
        'users.csv',
        ['name', 'email', 'roles', 'two_factor', 'status'],
        shown.map(user => [
          user.displayName,
          user.email,
          user.roles.map(r => roleName(r.role)).join('; '),
          user.totpEnabled ? 'set up' : 'not set up',
          user.isDisabled ? 'disabled' : user.hasPassword ? 'active' : 'invited',
        ]),
      )
    }
    return render(request, reply, 'platform/views/admin/users.njk', {
      title: 'People and roles',
      users: shown,
      search: query.q ?? '',
    })
  })

  app.get(
    '/users/new',
    { config: { access: permission('user', 'create') } },
    async (request, reply) =>
      render(request, reply, 'platform/views/admin/invite.njk', {
        title: 'Invite a person',
        form: {},
        roleItems,
        agencyItems: await agencyItems(actorOf(request)),
      }),
  )

  app.post(
    '/users',
    { config: { access: permission('user', 'create') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const body = formBody(request.body)
      const form = InviteForm.safeParse(body)
      if (!form.success) {
        return render(
          request,
          reply,
          'platform/views/admin/invite.njk',
          {
            title: 'Invite a person',
            form: body,
            roleItems,
            agencyItems: await agencyItems(actor),
            errors: govukErrors(form.error),
          },
          400,
        )
      }
      const { userId } = await inviteUser(db, mailer, {
        ...form.data,
        partnershipId: actor.partnershipId,
        partnershipName: actor.partnershipName,
        invitedBy: actor.userId,
        publicUrl: config.publicUrl,
        requestId: request.id,
      })
      return reply.redirect(`/admin/users/${userId}?notice=invited`, 303)
    },
  )

  const userFromParams = async (request: FastifyRequest) => {
    const params = IdParams.safeParse(request.params)
    return params.success ? findPartnershipUser(db, actorOf(request), params.data.id) : null
  }

  const renderUserPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    user: PartnershipUser,
    extra: Record<string, unknown> = {},
    statusCode = 200,
  ) =>
    render(
      request,
      reply,
      'platform/views/admin/user.njk',
      {
        title: user.displayName,
        user,
        roleItems,
        agencyItems: await agencyItems(actorOf(request)),
        form: {},
        ...extra,
      },
      statusCode,
    )

  const SHARED_ACCOUNT_ERROR = fieldError(
    'status',
    'This person also works in another partnership, so their account is not yours alone to change: remove their roles here instead, or ask the other partnership’s administrator',
  )

  const USER_NOTICES: Record<string, string> = {
    invited: 'Invitation sent',
    granted: 'Role added',
    revoked: 'Role removed',
    disabled: 'Account disabled',
    enabled: 'Account enabled',
    'mfa-reset': 'Two-factor authentication reset: they will set it up again at their next sign-in',
  }

  app.get(
    '/users/:id',
    { config: { access: permission('user', 'read') } },
    async (request, reply) => {
      const user = await userFromParams(request)
      if (!user) return reply.callNotFound()
      await recordPersonnelRead(db, actorOf(request), request.id, {
        action: 'user.viewed',
        resourceType: 'user',
        resourceId: user.id,
      })
      const notice = USER_NOTICES[NoticeQuery.parse(request.query).notice ?? '']
      return renderUserPage(request, reply, user, { notice })
    },
  )

  app.post(
    '/users/:id/roles',
    { config: { access: permission('role-grant', 'create') } },
    async (request, reply) => {
      const user = await userFromParams(request)
      if (!user) return reply.callNotFound()
      const body = formBody(request.body)
      const form = GrantForm.safeParse(body)
      const rerender = (errors: GovukErrors) =>
        renderUserPage(request, reply, user, { form: body, errors }, 400)
      if (!form.success) return rerender(govukErrors(form.error))
      const outcome = await grantRole(db, {
        actor: actorOf(request),
        userId: user.id,
        ...form.data,
        requestId: request.id,
      })
      if (outcome.kind === 'already-held') {
        return rerender(fieldError('role', 'They already hold this role'))
      }
      if (outcome.kind === 'unknown-agency') {
        return rerender(fieldError('agencyId', 'Select an agency from the list'))
      }
      return reply.redirect(`/admin/users/${user.id}?notice=granted`, 303)
    },
  )

  app.post(
    '/users/:id/roles/:grantId/remove',
    { config: { access: permission('role-grant', 'delete') } },
    async (request, reply) => {
      const params = GrantParams.safeParse(request.params)
      const user = await userFromParams(request)
      if (!params.success || !user) return reply.callNotFound()
      const outcome = await revokeRole(db, {
        actor: actorOf(request),
        userId: user.id,
        grantId: params.data.grantId,
        requestId: request.id,
      })
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'last-admin') {
        const message =
          'You cannot remove the partnership’s last administrator: make someone else an administrator first'
        return renderUserPage(request, reply, user, { errors: fieldError('role', message) }, 400)
      }
      return reply.redirect(`/admin/users/${user.id}?notice=revoked`, 303)
    },
  )

  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/users/:id/${path}`,
      { config: { access: permission('user', 'update') } },
      async (request, reply) => {
        const actor = actorOf(request)
        const user = await userFromParams(request)
        if (!user) return reply.callNotFound()
        if (user.id === actor.userId) {
          const errors = fieldError('status', 'You cannot disable your own account')
          return renderUserPage(request, reply, user, { errors }, 400)
        }
        if (await worksElsewhere(db, user.id)) {
          return renderUserPage(request, reply, user, { errors: SHARED_ACCOUNT_ERROR }, 400)
        }
        await setUserDisabled(db, { actor, userId: user.id, disabled, requestId: request.id })
        const notice = disabled ? 'disabled' : 'enabled'
        return reply.redirect(`/admin/users/${user.id}?notice=${notice}`, 303)
      },
    )
  }

  app.post(
    '/users/:id/reset-two-factor',
    { config: { access: permission('user', 'update') } },
    async (request, reply) => {
      const user = await userFromParams(request)
      if (!user || !request.session) return reply.callNotFound()
      if (await worksElsewhere(db, user.id)) {
        return renderUserPage(request, reply, user, { errors: SHARED_ACCOUNT_ERROR }, 400)
      }
      await removeSecondFactor(db, {
        actor: request.session,
        userId: user.id,
        requestId: request.id,
      })
      return reply.redirect(`/admin/users/${user.id}?notice=mfa-reset`, 303)
    },
  )
}
