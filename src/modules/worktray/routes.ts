import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { inPartnership, type Db } from '../../db/database.js'
import { partnershipCalendar } from '../../platform/admin.js'
import { recordAudit } from '../../platform/audit.js'
import { sendCsv } from '../../platform/csv.js'
import { actorOf } from '../../platform/http/access.js'
import { formatDate, formatDateTime, render } from '../../platform/http/web.js'
import { fieldError, formBody, govukErrors, type GovukErrors } from '../../platform/forms.js'
import type { Mailer } from '../../platform/mail.js'
import { addNavigation } from '../../platform/navigation.js'
import { can, permission, scopeFor } from '../../platform/permissions.js'
import {
  findInvitation,
  findReferralForAllocation,
  findTeam,
  listActivePeople,
  listAgencies,
  listInvitations,
  listTeamIdsOfUser,
  listTeamMembers,
  listTeams,
} from './repo.js'
import {
  AddMemberForm,
  AgencyParams,
  AllocationForm,
  IdParams,
  MemberParams,
  ReportForm,
  TRAY_KIND_NAMES,
  TRAY_STATUS_NAMES,
  TeamForm,
  TeamParams,
  TrayQuery,
} from './schema.js'
import {
  addTeamMember,
  allocateReferral,
  createTeam,
  invitationAgencies,
  readTray,
  removeTeamMember,
  setTeamActivity,
  submitInvitationReport,
  type TrayItem,
  type TrayScope,
} from './service.js'

const FORM_BODY_LIMIT = 64 * 1024
const NO_ERRORS: GovukErrors = { summary: [], fields: {} }

const CONFERENCE_STATUS_NAMES = {
  'to-schedule': 'To be scheduled',
  scheduled: 'Scheduled',
  held: 'Held',
  cancelled: 'Cancelled',
}

/** Work trays: what is due, overdue and coming up for each worker, team and agency; teams; agencies' conference invitations. */
export const worktrayRoutes: FastifyPluginAsync<{
  db: Db
  config: Config
  mailer: Mailer
}> = async (app, { db }) => {
  addNavigation({ href: '/work-tray', text: 'Work tray', resource: 'work-tray', action: 'read' })
  addNavigation({
    href: '/conference-invitations',
    text: 'Conference invitations',
    resource: 'conference-invitation',
    action: 'read',
  })
  addNavigation({ href: '/teams', text: 'Teams', resource: 'team', action: 'update' })

  // ---- Work trays ---------------------------------------------------------------------------

  function trayRows(items: TrayItem[]) {
    return items.map(item => ({
      ...item,
      kindName: TRAY_KIND_NAMES[item.kind],
      statusName: TRAY_STATUS_NAMES[item.status],
      due: item.dueAt ? formatDateTime(item.dueAt) : formatDate(item.dueOn),
    }))
  }

  /** Links to the other trays this person may open: their teams', their agencies'. */
  async function otherTrays(request: FastifyRequest) {
    const actor = actorOf(request)
    const wide = scopeFor(actor.roles, 'work-tray', 'read') === 'partnership'
    return inPartnership(db, actor, async trx => {
      const teams = (await listTeams(trx, actor.partnershipId)).filter(team => team.isActive)
      const memberOf = new Set(await listTeamIdsOfUser(trx, actor.partnershipId, actor.userId))
      const agencies = (await listAgencies(trx, actor.partnershipId)).filter(agency =>
        wide
          ? agency.isActive
          : actor.roles.includes('agency-lead') && actor.agencyIds.includes(agency.id),
      )
      return [
        ...teams
          .filter(team => wide || memberOf.has(team.id))
          .map(team => ({ href: `/work-tray/teams/${team.id}`, text: team.name })),
        ...agencies.map(agency => ({
          href: `/work-tray/agencies/${agency.id}`,
          text: agency.name,
        })),
      ]
    })
  }

  async function showTray(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: TrayScope,
    basePath: string,
    asCsv: boolean,
  ) {
    const actor = actorOf(request)
    const query = TrayQuery.parse(request.query)
    const outcome = await readTray(db, {
      actor,
      scope,
      query,
      calendar: await partnershipCalendar(db, actor),
      requestId: request.id,
      action: asCsv ? 'exported' : 'viewed',
    })
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (asCsv) {
      return sendCsv(
        reply,
        'work-tray.csv',
        ['kind', 'status', 'due_on', 'due_at', 'child', 'reference', 'link'],
        outcome.items.map(item => [
          TRAY_KIND_NAMES[item.kind],
          TRAY_STATUS_NAMES[item.status],
          item.dueOn,
          item.dueAt ? item.dueAt.toISOString() : '',
          item.subject,
          item.reference,
          item.href,
        ]),
      )
    }
    const search = new URLSearchParams({
      sort: query.sort,
      order: query.order,
      status: query.status,
    })
    return render(request, reply, 'worktray/views/tray.njk', {
      title: outcome.title,
      scope: scope.kind,
      items: trayRows(outcome.items),
      counts: outcome.counts,
      query,
      filterName: query.status === 'all' ? '' : TRAY_STATUS_NAMES[query.status],
      basePath,
      exportHref: `${basePath}/export.csv?${search.toString()}`,
      canExport: can(actor.roles, 'work-tray', 'export'),
      statusItems: [
        { value: 'all', text: 'All', selected: query.status === 'all' },
        ...Object.entries(TRAY_STATUS_NAMES).map(([value, text]) => ({
          value,
          text,
          selected: query.status === value,
        })),
      ],
      sortItems: [
        { value: 'due', text: 'Due date', selected: query.sort === 'due' },
        { value: 'kind', text: 'Kind of work', selected: query.sort === 'kind' },
        { value: 'status', text: 'Status', selected: query.sort === 'status' },
      ],
      orderItems: [
        { value: 'asc', text: 'Soonest or first', selected: query.order === 'asc' },
        { value: 'desc', text: 'Latest or last', selected: query.order === 'desc' },
      ],
      otherTrays: await otherTrays(request),
    })
  }

  const trayRead = { config: { access: permission('work-tray', 'read') } }
  const trayExport = { config: { access: permission('work-tray', 'export') } }

  app.get('/work-tray', trayRead, (request, reply) =>
    showTray(request, reply, { kind: 'own' }, '/work-tray', false),
  )
  app.get('/work-tray/export.csv', trayExport, (request, reply) =>
    showTray(request, reply, { kind: 'own' }, '/work-tray', true),
  )
  for (const [suffix, asCsv] of [
    ['', false],
    ['/export.csv', true],
  ] as const) {
    app.get(
      `/work-tray/teams/:teamId${suffix}`,
      asCsv ? trayExport : trayRead,
      (request, reply) => {
        const params = TeamParams.safeParse(request.params)
        if (!params.success) return reply.callNotFound()
        const { teamId } = params.data
        return showTray(
          request,
          reply,
          { kind: 'team', teamId },
          `/work-tray/teams/${teamId}`,
          asCsv,
        )
      },
    )
    app.get(
      `/work-tray/agencies/:agencyId${suffix}`,
      asCsv ? trayExport : trayRead,
      (request, reply) => {
        const params = AgencyParams.safeParse(request.params)
        if (!params.success) return reply.callNotFound()
        const { agencyId } = params.data
        return showTray(
          request,
          reply,
          { kind: 'agency', agencyId },
          `/work-tray/agencies/${agencyId}`,
          asCsv,
        )
      },
    )
  }

  // ---- Teams --------------------------------------------------------------------------------

  async function showTeams(
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors: GovukErrors = NO_ERRORS,
  ) {
    const actor = actorOf(request)
    const { teams, agencies } = await inPartnership(db, actor, async trx => ({
      teams: await listTeams(trx, actor.partnershipId),
      agencies: (await listAgencies(trx, actor.partnershipId)).filter(agency => agency.isActive),
    }))
    return render(
      request,
      reply,
      'worktray/views/teams.njk',
      {
        title: 'Teams',
        teams,
        canCreate: can(actor.roles, 'team', 'create'),
        agencyItems: [
          { value: '', text: 'No agency' },
          ...agencies.map(agency => ({
            value: agency.id,
            text: agency.name,
            selected: form.agencyId === agency.id,
          })),
        ],
        form,
        errors,
      },
      errors.summary.length ? 400 : 200,
    )
  }

  app.get('/teams', { config: { access: permission('team', 'read') } }, (request, reply) =>
    showTeams(request, reply),
  )

  app.post(
    '/teams',
    { config: { access: permission('team', 'create') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const body = formBody(request.body)
      const form = TeamForm.safeParse(body)
      if (!form.success) return showTeams(request, reply, body, govukErrors(form.error))
      const outcome = await createTeam(db, {
        actor: actorOf(request),
        input: form.data,
        requestId: request.id,
      })
      if (outcome.kind === 'duplicate-name') {
        return showTeams(
          request,
          reply,
          body,
          fieldError('name', 'A team with this name already exists'),
        )
      }
      if (outcome.kind === 'unknown-agency') {
        return showTeams(
          request,
          reply,
          body,
          fieldError('agencyId', 'Select the team’s agency from the list'),
        )
      }
      return reply.redirect(`/teams/${outcome.id}`, 303)
    },
  )

  async function showTeam(
    request: FastifyRequest,
    reply: FastifyReply,
    teamId: string,
    form: Record<string, unknown> = {},
    errors: GovukErrors = NO_ERRORS,
  ) {
    const actor = actorOf(request)
    const found = await inPartnership(db, actor, async trx => {
      const team = await findTeam(trx, actor.partnershipId, teamId)
      if (!team) return undefined
      return {
        team,
        members: await listTeamMembers(trx, actor.partnershipId, teamId),
        people: await listActivePeople(trx, actor.partnershipId),
      }
    })
    if (!found) return reply.callNotFound()
    const memberIds = new Set(found.members.map(member => member.id))
    return render(
      request,
      reply,
      'worktray/views/team.njk',
      {
        title: found.team.name,
        team: found.team,
        members: found.members,
        canUpdate: can(actor.roles, 'team', 'update'),
        personItems: [
          { value: '', text: 'Choose a person' },
          ...found.people
            .filter(person => !memberIds.has(person.id))
            .map(person => ({
              value: person.id,
              text: `${person.displayName} (${person.email})`,
              selected: form.userId === person.id,
            })),
        ],
        form,
        errors,
      },
      errors.summary.length ? 400 : 200,
    )
  }

  app.get('/teams/:id', { config: { access: permission('team', 'read') } }, (request, reply) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    return showTeam(request, reply, params.data.id)
  })

  const teamUpdate = {
    config: { access: permission('team', 'update') },
    bodyLimit: FORM_BODY_LIMIT,
  }

  app.post('/teams/:id/members', teamUpdate, async (request, reply) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const body = formBody(request.body)
    const form = AddMemberForm.safeParse(body)
    if (!form.success) {
      return showTeam(request, reply, params.data.id, body, govukErrors(form.error))
    }
    const outcome = await addTeamMember(db, {
      actor: actorOf(request),
      teamId: params.data.id,
      userId: form.data.userId,
      requestId: request.id,
    })
    const refusals = {
      'unknown-user': 'Select a person who works in the partnership',
      'already-member': 'This person is already in the team',
      inactive: 'The team is inactive: reactivate it before adding people',
    } as const
    if (outcome === 'not-found') return reply.callNotFound()
    if (outcome !== 'added') {
      return showTeam(request, reply, params.data.id, body, fieldError('userId', refusals[outcome]))
    }
    return reply.redirect(`/teams/${params.data.id}`, 303)
  })

  app.post('/teams/:id/members/:userId/remove', teamUpdate, async (request, reply) => {
    const params = MemberParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const outcome = await removeTeamMember(db, {
      actor: actorOf(request),
      teamId: params.data.id,
      userId: params.data.userId,
      requestId: request.id,
    })
    if (outcome === 'not-found') return reply.callNotFound()
    return reply.redirect(`/teams/${params.data.id}`, 303)
  })

  for (const [suffix, isActive] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(`/teams/:id/${suffix}`, teamUpdate, async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const outcome = await setTeamActivity(db, {
        actor: actorOf(request),
        teamId: params.data.id,
        isActive,
        requestId: request.id,
      })
      if (outcome === 'not-found') return reply.callNotFound()
      return reply.redirect(`/teams/${params.data.id}`, 303)
    })
  }

  // ---- Allocation of a referral ---------------------------------------------------------------

  const allocate = {
    config: { access: permission('referral', 'update') },
    bodyLimit: FORM_BODY_LIMIT,
  }

  async function showAllocation(
    request: FastifyRequest,
    reply: FastifyReply,
    referralId: string,
    form: Record<string, unknown> | null = null,
    errors: GovukErrors = NO_ERRORS,
  ) {
    const actor = actorOf(request)
    const found = await inPartnership(db, actor, async trx => {
      const referral = await findReferralForAllocation(trx, actor.partnershipId, referralId)
      if (!referral) return undefined
      return {
        referral,
        people: await listActivePeople(trx, actor.partnershipId),
        teams: (await listTeams(trx, actor.partnershipId)).filter(team => team.isActive),
      }
    })
    if (!found) return reply.callNotFound()
    const { referral, people, teams } = found
    const chosen = form ?? {
      allocatedTo: referral.allocatedTo ?? '',
      teamId: referral.teamId ?? '',
    }
    return render(
      request,
      reply,
      'worktray/views/allocation.njk',
      {
        title: `Allocate referral ${referral.reference}`,
        referral,
        workerName: people.find(person => person.id === referral.allocatedTo)?.displayName,
        teamName: teams.find(team => team.id === referral.teamId)?.name,
        workerItems: [
          { value: '', text: 'No worker' },
          ...people.map(person => ({
            value: person.id,
            text: person.displayName,
            selected: chosen.allocatedTo === person.id,
          })),
        ],
        teamItems: [
          { value: '', text: 'No team' },
          ...teams.map(team => ({
            value: team.id,
            text: team.name,
            selected: chosen.teamId === team.id,
          })),
        ],
        errors,
      },
      errors.summary.length ? 400 : 200,
    )
  }

  app.get('/referrals/:id/allocation', allocate, (request, reply) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    return showAllocation(request, reply, params.data.id)
  })

  app.post('/referrals/:id/allocation', allocate, async (request, reply) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const body = formBody(request.body)
    const form = AllocationForm.safeParse(body)
    if (!form.success) {
      return showAllocation(request, reply, params.data.id, body, govukErrors(form.error))
    }
    const outcome = await allocateReferral(db, {
      actor: actorOf(request),
      referralId: params.data.id,
      input: form.data,
      requestId: request.id,
    })
    if (outcome === 'not-found') return reply.callNotFound()
    if (outcome === 'unknown-worker') {
      return showAllocation(
        request,
        reply,
        params.data.id,
        body,
        fieldError('allocatedTo', 'Select a worker who works in the partnership'),
      )
    }
    if (outcome === 'unknown-team') {
      return showAllocation(
        request,
        reply,
        params.data.id,
        body,
        fieldError('teamId', 'Select an active team of the partnership'),
      )
    }
    return reply.redirect(`/referrals/${params.data.id}#allocation`, 303)
  })

  // ---- Agencies' conference invitations ------------------------------------------------------

  app.get(
    '/conference-invitations',
    { config: { access: permission('conference-invitation', 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const invitations = await inPartnership(db, actor, async trx => {
        const rows = await listInvitations(
          trx,
          actor.partnershipId,
          invitationAgencies(actor, 'read'),
        )
        // The list names children: reading it is recorded, with the children it showed.
        await recordAudit(trx, {
          partnershipId: actor.partnershipId,
          userId: actor.userId,
          action: 'conference-invitation.listed',
          resourceType: 'conference-invitation',
          detail: {
            invitations: rows.length,
            childIds: [...new Set(rows.map(row => row.childId))],
          },
          requestId: request.id,
        })
        return rows
      })
      return render(request, reply, 'worktray/views/invitations.njk', {
        title: 'Conference invitations',
        invitations,
        statusNames: CONFERENCE_STATUS_NAMES,
      })
    },
  )

  async function showInvitation(
    request: FastifyRequest,
    reply: FastifyReply,
    invitationId: string,
    form: Record<string, unknown> = {},
    errors: GovukErrors = NO_ERRORS,
  ) {
    const actor = actorOf(request)
    const invitation = await inPartnership(db, actor, async trx => {
      const found = await findInvitation(
        trx,
        actor.partnershipId,
        invitationId,
        invitationAgencies(actor, 'read'),
      )
      if (!found) return undefined
      await recordAudit(trx, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        action: 'conference-invitation.viewed',
        resourceType: 'conference-invitation',
        resourceId: found.id,
        childId: found.childId,
        requestId: request.id,
      })
      return found
    })
    if (!invitation) return reply.callNotFound()
    const isOpen = invitation.status === 'to-schedule' || invitation.status === 'scheduled'
    return render(
      request,
      reply,
      'worktray/views/invitation-report.njk',
      {
        title: 'Agency report to conference',
        invitation,
        statusNames: CONFERENCE_STATUS_NAMES,
        canSubmit:
          isOpen &&
          !invitation.reportReceivedAt &&
          can(actor.roles, 'conference-invitation', 'update'),
        form,
        errors,
      },
      errors.summary.length ? 400 : 200,
    )
  }

  app.get(
    '/conference-invitations/:id/report',
    { config: { access: permission('conference-invitation', 'read') } },
    (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      return showInvitation(request, reply, params.data.id)
    },
  )

  app.post(
    '/conference-invitations/:id/report',
    {
      config: { access: permission('conference-invitation', 'update') },
      bodyLimit: FORM_BODY_LIMIT,
    },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const body = formBody(request.body)
      const form = ReportForm.safeParse(body)
      if (!form.success) {
        return showInvitation(request, reply, params.data.id, body, govukErrors(form.error))
      }
      const outcome = await submitInvitationReport(db, {
        actor: actorOf(request),
        invitationId: params.data.id,
        reportText: form.data.reportText,
        requestId: request.id,
        now: new Date(),
      })
      if (outcome === 'not-found') return reply.callNotFound()
      if (outcome !== 'received') {
        return showInvitation(
          request,
          reply,
          params.data.id,
          body,
          fieldError(
            'reportText',
            outcome === 'already-received'
              ? 'Your agency’s report has already been received'
              : 'The conference has been held or cancelled: it no longer takes reports',
          ),
        )
      }
      return reply.redirect(`/conference-invitations/${params.data.id}/report?sent=1`, 303)
    },
  )
}
