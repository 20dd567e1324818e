/** Teams: their names, agencies and members. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { inPartnership, type Db } from '../../../db/database.js'
import { actorOf } from '../../../platform/http/access.js'
import { render } from '../../../platform/http/web.js'
import {
  fieldError,
  formBody,
  govukErrors,
  type GovukErrors,
  namedItems,
} from '../../../platform/forms.js'
import { can, permission } from '../../../platform/permissions.js'
import { findTeam, listActivePeople, listAgencies, listTeamMembers, listTeams } from '../repo.js'
import { AddMemberForm, IdParams, MemberParams, TeamForm } from '../schema.js'
import { addTeamMember, createTeam, removeTeamMember, setTeamActivity } from '../service.js'

const FORM_BODY_LIMIT = 64 * 1024
const NO_ERRORS: GovukErrors = { summary: [], fields: {} }

export const teamsRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
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
        agencyItems: namedItems(agencies, form.agencyId, 'No agency'),
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
}
