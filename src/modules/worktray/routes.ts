import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { inPartnership, type Db } from '../../db/database.js'
import { partnershipCalendar } from '../../platform/admin.js'
import { sendCsv } from '../../platform/csv.js'
import { actorOf } from '../../platform/http/access.js'
import { formatDate, formatDateTime, render } from '../../platform/http/web.js'
import {
  fieldError,
  formBody,
  govukErrors,
  type GovukErrors,
  namedItems,
} from '../../platform/forms.js'
import type { Mailer } from '../../platform/mail.js'
import { addNavigation } from '../../platform/navigation.js'
import { addHomePanel } from '../../platform/home-panels.js'
import { trayHomePanel } from './home.js'
import { referralAllocation } from '../frontdoor/queries.js'
import { can, permission, scopeFor } from '../../platform/permissions.js'
import {
  listActivePeople,
  listAgencies,
  listTeamIdsOfUser,
  listTeamNamesByUser,
  listTeams,
} from './repo.js'
import {
  AgencyParams,
  AllocationForm,
  IdParams,
  TRAY_KIND_NAMES,
  TRAY_STATUS_NAMES,
  TeamParams,
  TrayQuery,
} from './schema.js'
import { allocateReferral, readTray, type TrayItem, type TrayScope } from './service.js'
import { teamsRoutes } from './routes/teams.js'
import { invitationsRoutes } from './routes/invitations.js'
import { ALLOCATED, workersByTeam } from './allocation.js'
import { withNotice } from '../../platform/http/notice.js'

const FORM_BODY_LIMIT = 64 * 1024
const NO_ERRORS: GovukErrors = { summary: [], fields: {} }

/** Work trays: what is due, overdue and coming up for each worker, team and agency; teams; agencies' conference invitations. */
export const worktrayRoutes: FastifyPluginAsync<{
  db: Db
  config: Config
  mailer: Mailer
}> = async (app, { db }) => {
  addNavigation({ href: '/work-tray', text: 'Work tray', resource: 'work-tray', action: 'read' })
  addHomePanel({ key: 'work-tray', resource: 'work-tray', action: 'read', load: trayHomePanel })
  addNavigation({
    href: '/conference-invitations',
    text: 'Conference invitations',
    resource: 'conference-invitation',
    action: 'read',
  })
  addNavigation({ href: '/teams', text: 'Teams', resource: 'team', action: 'update' })
  await app.register(teamsRoutes, { db })
  await app.register(invitationsRoutes, { db })

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
      const referral = await referralAllocation(trx, actor.partnershipId, referralId)
      if (!referral) return undefined
      return {
        referral,
        people: await listActivePeople(trx, actor.partnershipId),
        teamsOf: await listTeamNamesByUser(trx, actor.partnershipId),
        teams: (await listTeams(trx, actor.partnershipId)).filter(team => team.isActive),
      }
    })
    if (!found) return reply.callNotFound()
    const { referral, people, teams, teamsOf } = found
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
          ...workersByTeam(people, teamsOf, referral.allocatedTo).map(worker => ({
            value: worker.id,
            text: `${worker.team}: ${worker.displayName}`,
            selected: chosen.allocatedTo === worker.id,
          })),
        ],
        teamItems: namedItems(teams, chosen.teamId, 'No team'),
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
        fieldError('allocatedTo', 'Select a front door or social work worker of the partnership'),
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
    return reply.redirect(withNotice(`/referrals/${params.data.id}#allocation`, ALLOCATED), 303)
  })
}
