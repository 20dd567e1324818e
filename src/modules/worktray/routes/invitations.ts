/** Agencies’ conference invitations: what their agency is invited to, and the reports they send. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { inPartnership, type Db } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import { actorOf } from '../../../platform/http/access.js'
import { render } from '../../../platform/http/web.js'
import { fieldError, formBody, govukErrors, type GovukErrors } from '../../../platform/forms.js'
import { can, permission } from '../../../platform/permissions.js'
import { findAgencyInvitation, listAgencyInvitations } from '../../protection/queries.js'
import { submitAgencyReport } from '../../protection/service.js'
import { IdParams, ReportForm } from '../schema.js'
import { invitationAgencies } from '../service.js'

const FORM_BODY_LIMIT = 64 * 1024
const NO_ERRORS: GovukErrors = { summary: [], fields: {} }
const CONFERENCE_STATUS_NAMES = {
  'to-schedule': 'To be scheduled',
  scheduled: 'Scheduled',
  held: 'Held',
  cancelled: 'Cancelled',
}

export const invitationsRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  // ---- Agencies' conference invitations ------------------------------------------------------

  app.get(
    '/conference-invitations',
    { config: { access: permission('conference-invitation', 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const invitations = await inPartnership(db, actor, async trx => {
        const rows = await listAgencyInvitations(
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
      const found = await findAgencyInvitation(
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
      const actor = actorOf(request)
      const outcome = await submitAgencyReport(db, {
        actor,
        invitationId: params.data.id,
        agencyIds: invitationAgencies(actor, 'update'),
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
