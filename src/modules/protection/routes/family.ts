import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../../db/database.js'
import { actorOf } from '../../../platform/http/access.js'
import { fieldError, formBody, toGovukErrors, type GovukErrors } from '../../../platform/forms.js'
import { formatDate, render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import {
  CHILD_VIEWS_NAMES,
  IdParams,
  RELATIONSHIP_NAMES,
  parseFamilyAttendance,
  parseFamilyMember,
} from '../schema.js'
import {
  addFamilyMember,
  childName,
  conferenceFamilyPage,
  recordFamilyAttendance,
  type FamilyChange,
} from '../service.js'
import { afterChange, type ProtectionNotice } from './notices.js'

const BODY_LIMIT = 64 * 1024
const NO_ERRORS: GovukErrors = { summary: [], fields: {} }
const MemberParams = z.object({ id: z.uuid(), memberId: z.uuid() })

function radios(names: Record<string, string>, chosen: unknown) {
  return Object.entries(names).map(([value, text]) => ({ value, text, checked: chosen === value }))
}

const YES_NO = { yes: 'Yes', no: 'No' }

/** A member's own form: its messages sit beside its own fields, not the add form's. */
function prefixed(prefix: string, errors: GovukErrors): GovukErrors {
  return toGovukErrors(
    Object.fromEntries(
      Object.entries(errors.fields).map(([field, text]) => [prefix + field, text]),
    ),
  )
}

/** Parents, carers and the child at a conference: invited, attended, the child's views. */
export const familyRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  async function showFamily(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: { form?: Record<string, unknown>; errors?: GovukErrors; statusCode?: number } = {},
  ) {
    const actor = actorOf(request)
    const found = await conferenceFamilyPage(db, { actor, id, requestId: request.id })
    if (!found) return reply.callNotFound()
    const { conference } = found
    const form = state.form ?? {}
    const held = conference.status === 'held'
    return render(
      request,
      reply,
      'protection/views/conference-family.njk',
      {
        title: 'Family at the conference',
        backLink: `/protection/conferences/${id}`,
        name: childName(conference),
        when: conference.heldOn
          ? `held on ${formatDate(conference.heldOn)}`
          : `due by ${formatDate(conference.targetDate)}`,
        ...found,
        held,
        canRecord: can(actor.roles, 'protection', 'update') && conference.status !== 'cancelled',
        relationshipNames: RELATIONSHIP_NAMES,
        childViewsNames: CHILD_VIEWS_NAMES,
        relationshipItems: radios(RELATIONSHIP_NAMES, form.relationship),
        invitedItems: radios(YES_NO, form.invited),
        attendedItems: radios(YES_NO, form.attended),
        childViewsItems: radios(CHILD_VIEWS_NAMES, form.childViews),
        childViewsItemsFor: (member: { childViews: string | null }) =>
          radios(CHILD_VIEWS_NAMES, member.childViews),
        form,
        errors: state.errors ?? NO_ERRORS,
      },
      state.statusCode ?? 200,
    )
  }

  function familyForm(
    change: (
      request: FastifyRequest,
      body: Record<string, unknown>,
    ) => Promise<FamilyChange | GovukErrors>,
    notice: ProtectionNotice,
  ) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const params = IdParams.safeParse({ id: (request.params as { id?: unknown }).id })
      if (!params.success) return reply.callNotFound()
      const { id } = params.data
      const body = formBody(request.body)
      const refuse = (errors: GovukErrors) =>
        showFamily(request, reply, id, { form: body, errors, statusCode: 400 })
      const outcome = await change(request, body)
      if (!('kind' in outcome)) return refuse(outcome)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'refused') return refuse(fieldError(outcome.field, outcome.message))
      return reply.redirect(afterChange(`/protection/conferences/${id}/family`, notice), 303)
    }
  }

  app.get(
    '/protection/conferences/:id/family',
    { config: { access: permission('protection', 'read') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      return showFamily(request, reply, params.data.id)
    },
  )

  app.post(
    '/protection/conferences/:id/family',
    { config: { access: permission('protection', 'update') }, bodyLimit: BODY_LIMIT },
    familyForm(async (request, body) => {
      const form = parseFamilyMember(body)
      if (!form.success) return form.errors
      const { id } = IdParams.parse(request.params)
      return addFamilyMember(db, {
        actor: actorOf(request),
        conferenceId: id,
        input: form.data,
        requestId: request.id,
      })
    }, 'family-member-added'),
  )

  app.post(
    '/protection/conferences/:id/family/:memberId',
    { config: { access: permission('protection', 'update') }, bodyLimit: BODY_LIMIT },
    familyForm(async (request, body) => {
      const params = MemberParams.safeParse(request.params)
      if (!params.success) return { kind: 'not-found' }
      const prefix = `member-${params.data.memberId}-`
      const form = parseFamilyAttendance(body, true)
      if (!form.success) return prefixed(prefix, form.errors)
      const outcome = await recordFamilyAttendance(db, {
        actor: actorOf(request),
        conferenceId: params.data.id,
        memberId: params.data.memberId,
        input: form.data,
        requestId: request.id,
      })
      return outcome.kind === 'refused'
        ? prefixed(prefix, fieldError(outcome.field, outcome.message))
        : outcome
    }, 'family-attendance-recorded'),
  )
}
