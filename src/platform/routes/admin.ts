import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Config } from '../../config.js'
import type { Db } from '../../db/database.js'
import {
  AGENCY_SECTORS,
  addHoliday,
  createAgency,
  findAgency,
  findPartnershipSettings,
  findPartnershipUser,
  grantRole,
  listAgencies,
  listHolidays,
  recordPersonnelRead,
  visibleAgencies,
  listPartnershipUsers,
  removeHoliday,
  revokeRole,
  setUserDisabled,
  worksElsewhere,
  updateAgency,
  updatePartnershipSettings,
  type AgencySector,
  type PartnershipUser,
} from '../admin.js'
import { listOutbox } from '../outbox.js'
import { sendCsv } from '../csv.js'
import { fieldError, formBody, govukErrors, type GovukErrors } from '../forms.js'
import { actorOf } from '../http/access.js'
import { render } from '../http/web.js'
import { inviteUser } from '../invitations.js'
import type { Mailer } from '../mail.js'
import { removeSecondFactor } from '../mfa.js'
import { ROLES, ROLE_NAMES, permission, roleName } from '../permissions.js'
import { isValidIsoDate } from '../working-days.js'
import { FormatQuery, HolidayYearQuery, NoticeQuery, UsersQuery } from './admin-schema.js'

const sectors = Object.keys(AGENCY_SECTORS) as [AgencySector, ...AgencySector[]]
const optionalAgency = z
  .string()
  .optional()
  .transform(value => value || null)
  .refine(
    value => value === null || z.uuid().safeParse(value).success,
    'Select an agency from the list',
  )

const RoleField = z.enum(ROLES, { error: 'Select a role' })

const InviteForm = z.object({
  displayName: z
    .string({ error: 'Enter the person’s full name' })
    .trim()
    .min(1, 'Enter the person’s full name')
    .max(200, 'Name must be 200 characters or fewer'),
  email: z
    .email({ error: 'Enter an email address in the correct format, like name@example.org' })
    .max(254, 'Email address must be 254 characters or fewer'),
  role: RoleField,
  agencyId: optionalAgency,
})

const GrantForm = z.object({ role: RoleField, agencyId: optionalAgency })

const AgencyForm = z.object({
  name: z
    .string({ error: 'Enter the agency’s name' })
    .trim()
    .min(1, 'Enter the agency’s name')
    .max(200, 'Name must be 200 characters or fewer'),
  sector: z.enum(sectors, { error: 'Select the agency’s sector' }),
  isActive: z
    .string()
    .optional()
    .transform(value => value !== 'no'),
})

const HolidayForm = z.object({
  holidayOn: z
    .string({ error: 'Enter the date' })
    .trim()
    .refine(isValidIsoDate, 'Enter a real date as YYYY-MM-DD, like 2026-12-29'),
  name: z
    .string({ error: 'Enter a name for the holiday' })
    .trim()
    .min(1, 'Enter a name for the holiday')
    .max(100, 'Name must be 100 characters or fewer'),
})

const SettingsForm = z.object({
  name: z
    .string({ error: 'Enter the partnership’s name' })
    .trim()
    .min(1, 'Enter the partnership’s name')
    .max(200, 'Name must be 200 characters or fewer'),
  mfaRequiredForAll: z
    .enum(['yes', 'no'], { error: 'Select whether every role must use two-factor authentication' })
    .transform(value => value === 'yes'),
  outOfHoursPhone: z
    .string()
    .trim()
    .max(40, 'Phone number must be 40 characters or fewer')
    .refine(
      value => value === '' || /^[0-9 +()-]{6,40}$/.test(value),
      'Enter a phone number, like 01632 960 001',
    )
    .transform(value => value || null),
})

const IdParams = z.object({ id: z.uuid() })
const GrantParams = z.object({ id: z.uuid(), grantId: z.uuid() })

const roleItems = ROLES.map(role => ({ value: role, text: ROLE_NAMES[role] }))

const OutboxReasonForm = z.strictObject({
  _csrf: z.string().optional(),
  reason: z
    .string({ error: 'Enter why you need to see the outbox' })
    .trim()
    .min(10, { error: 'Enter why you need to see the outbox, in at least 10 characters' })
    .max(500, { error: 'The reason must be 500 characters or fewer' }),
})

export const adminRoutes: FastifyPluginAsync<{ db: Db; config: Config; mailer: Mailer }> = async (
  app,
  { db, config, mailer },
) => {
  const agencyItems = async (actor: ReturnType<typeof actorOf>) =>
    (await listAgencies(db, actor))
      .filter(agency => agency.isActive)
      .map(agency => ({ value: agency.id, text: agency.name }))

  app.get(
    '/',
    { config: { access: permission('partnership-settings', 'read') } },
    async (request, reply) =>
      render(request, reply, 'platform/views/admin/index.njk', { title: 'Administration' }),
  )

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

  // Agencies

  const sectorItems = Object.entries(AGENCY_SECTORS).map(([value, text]) => ({ value, text }))

  app.get(
    '/agencies',
    { config: { access: permission('agency', 'read') } },
    async (request, reply) => {
      const agencies = await listAgencies(db, actorOf(request))
      if (FormatQuery.parse(request.query).format === 'csv') {
        return sendCsv(
          reply,
          'agencies.csv',
          ['name', 'sector', 'active'],
          agencies.map(agency => [
            agency.name,
            AGENCY_SECTORS[agency.sector as AgencySector],
            agency.isActive ? 'yes' : 'no',
          ]),
        )
      }
      return render(request, reply, 'platform/views/admin/agencies.njk', {
        title: 'Agencies',
        agencies,
        sectors: AGENCY_SECTORS,
      })
    },
  )

  app.get(
    '/agencies/new',
    { config: { access: permission('agency', 'create') } },
    async (request, reply) =>
      render(request, reply, 'platform/views/admin/agency-form.njk', {
        title: 'Add an agency',
        form: { isActive: 'yes' },
        sectorItems,
        action: '/admin/agencies',
      }),
  )

  app.post(
    '/agencies',
    { config: { access: permission('agency', 'create') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const form = AgencyForm.safeParse(body)
      const rerender = (errors: ReturnType<typeof govukErrors>) =>
        render(
          request,
          reply,
          'platform/views/admin/agency-form.njk',
          { title: 'Add an agency', form: body, sectorItems, action: '/admin/agencies', errors },
          400,
        )
      if (!form.success) return rerender(govukErrors(form.error))
      const outcome = await createAgency(db, {
        actor: actorOf(request),
        input: form.data,
        requestId: request.id,
      })
      if (outcome.kind !== 'saved')
        return rerender(fieldError('name', 'An agency with this name already exists'))
      return reply.redirect('/admin/agencies', 303)
    },
  )

  app.get(
    '/agencies/:id',
    { config: { access: permission('agency', 'update') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      const agency = params.success
        ? await findAgency(db, actorOf(request), params.data.id)
        : undefined
      if (!agency) return reply.callNotFound()
      return render(request, reply, 'platform/views/admin/agency-form.njk', {
        title: `Change ${agency.name}`,
        form: { ...agency, isActive: agency.isActive ? 'yes' : 'no' },
        sectorItems,
        action: `/admin/agencies/${agency.id}`,
      })
    },
  )

  app.post(
    '/agencies/:id',
    { config: { access: permission('agency', 'update') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const body = formBody(request.body)
      const form = AgencyForm.safeParse(body)
      const rerender = (errors: ReturnType<typeof govukErrors>) =>
        render(
          request,
          reply,
          'platform/views/admin/agency-form.njk',
          {
            title: 'Change agency',
            form: body,
            sectorItems,
            action: `/admin/agencies/${params.data.id}`,
            errors,
          },
          400,
        )
      if (!form.success) return rerender(govukErrors(form.error))
      const outcome = await updateAgency(db, {
        actor: actorOf(request),
        agencyId: params.data.id,
        input: form.data,
        requestId: request.id,
      })
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'duplicate-name')
        return rerender(fieldError('name', 'An agency with this name already exists'))
      return reply.redirect('/admin/agencies', 303)
    },
  )

  // Bank holidays

  const holidayYear = (query: unknown) => {
    const year = Number(HolidayYearQuery.parse(query).year)
    return Number.isInteger(year) && year >= 2000 && year <= 2100
      ? year
      : new Date().getUTCFullYear()
  }

  app.get(
    '/bank-holidays',
    { config: { access: permission('bank-holiday', 'read') } },
    async (request, reply) => {
      const year = holidayYear(request.query)
      return render(request, reply, 'platform/views/admin/bank-holidays.njk', {
        title: 'Bank holidays',
        year,
        holidays: await listHolidays(db, actorOf(request), year),
        form: {},
      })
    },
  )

  app.post(
    '/bank-holidays',
    { config: { access: permission('bank-holiday', 'create') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const body = formBody(request.body)
      const form = HolidayForm.safeParse(body)
      const year = form.success
        ? Number(form.data.holidayOn.slice(0, 4))
        : holidayYear(request.query)
      const rerender = async (errors: ReturnType<typeof govukErrors>) =>
        render(
          request,
          reply,
          'platform/views/admin/bank-holidays.njk',
          {
            title: 'Bank holidays',
            year,
            holidays: await listHolidays(db, actor, year),
            form: body,
            errors,
          },
          400,
        )
      if (!form.success) return rerender(govukErrors(form.error))
      const outcome = await addHoliday(db, { actor, ...form.data, requestId: request.id })
      if (outcome.kind === 'duplicate')
        return rerender(fieldError('holidayOn', 'This date is already a holiday'))
      return reply.redirect(`/admin/bank-holidays?year=${year}`, 303)
    },
  )

  app.post(
    '/bank-holidays/:id/remove',
    { config: { access: permission('bank-holiday', 'delete') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      const removed =
        params.success &&
        (await removeHoliday(db, {
          actor: actorOf(request),
          holidayId: params.data.id,
          requestId: request.id,
        }))
      if (!removed) return reply.callNotFound()
      return reply.redirect('/admin/bank-holidays', 303)
    },
  )

  // Settings and outbox

  app.get(
    '/settings',
    { config: { access: permission('partnership-settings', 'read') } },
    async (request, reply) => {
      const settings = await findPartnershipSettings(db, actorOf(request))
      return render(request, reply, 'platform/views/admin/settings.njk', {
        title: 'Partnership settings',
        form: {
          name: settings.name,
          mfaRequiredForAll: settings.mfaRequiredForAll ? 'yes' : 'no',
          outOfHoursPhone: settings.outOfHoursPhone ?? '',
        },
        notice: NoticeQuery.parse(request.query).notice ? 'Settings saved' : undefined,
      })
    },
  )

  app.post(
    '/settings',
    { config: { access: permission('partnership-settings', 'update') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const form = SettingsForm.safeParse(body)
      if (!form.success) {
        return render(
          request,
          reply,
          'platform/views/admin/settings.njk',
          { title: 'Partnership settings', form: body, errors: govukErrors(form.error) },
          400,
        )
      }
      await updatePartnershipSettings(db, {
        actor: actorOf(request),
        input: form.data,
        requestId: request.id,
      })
      return reply.redirect('/admin/settings?notice=saved', 303)
    },
  )

  // The outbox holds emails about people: every look is audited, and in production it opens only
  // for a stated reason (a person says their invitation never arrived, say).
  const showOutbox = async (request: FastifyRequest, reply: FastifyReply, reason?: string) => {
    const actor = actorOf(request)
    await recordPersonnelRead(db, actor, request.id, {
      action: 'outbox.viewed',
      resourceType: 'outbox',
      ...(reason ? { detail: { reason } } : {}),
    })
    return render(request, reply, 'platform/views/admin/outbox.njk', {
      title: 'Outbox',
      messages: await listOutbox(db, actor),
      transport: mailer.transport,
    })
  }

  app.get(
    '/outbox',
    { config: { access: permission('outbox', 'read') } },
    async (request, reply) =>
      config.isProduction
        ? render(request, reply, 'platform/views/admin/outbox-reason.njk', {
            title: 'Why do you need to see the outbox?',
            form: {},
          })
        : showOutbox(request, reply),
  )

  app.post(
    '/outbox',
    { config: { access: permission('outbox', 'read') } },
    async (request, reply) => {
      const parsed = OutboxReasonForm.safeParse(formBody(request.body))
      if (!parsed.success) {
        return render(
          request,
          reply,
          'platform/views/admin/outbox-reason.njk',
          {
            title: 'Why do you need to see the outbox?',
            form: formBody(request.body),
            errors: govukErrors(parsed.error),
          },
          400,
        )
      }
      return showOutbox(request, reply, parsed.data.reason)
    },
  )
}
