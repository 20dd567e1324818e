import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { fieldError, formBody, govukErrors, type GovukErrors } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { isRefusal } from '../../../platform/refusal.js'
import { BuildForm } from '../schema.js'
import { buildFile, buildProgress, formatDay, requestBuild } from '../service.js'
import { sendFile } from './downloads.js'
import { FORM_BODY_LIMIT, NO_ERRORS, ctxOf, idOf, notFound, view, type Deps } from './shared.js'

const BUILD_STATUS = {
  queued: { text: 'Waiting to start', classes: 'govuk-tag--grey' },
  running: { text: 'Building', classes: 'govuk-tag--blue' },
  done: { text: 'Ready', classes: 'govuk-tag--green' },
  failed: { text: 'Failed', classes: 'govuk-tag--red' },
}
const FORMAT_WORDS = { pdf: 'PDF', docx: 'Word', html: 'HTML' }
const CONTRIBUTION_WORDS = {
  requested: 'Asked for',
  submitted: 'Sent, to review',
  accepted: 'Accepted',
  returned: 'Sent back',
}

/** The build progress page: what is outstanding, who owes what, and document builds. */
export function registerProgressRoutes(app: FastifyInstance, { db }: Deps): void {
  async function showProgress(
    request: FastifyRequest,
    reply: FastifyReply,
    errors: GovukErrors = NO_ERRORS,
    status = 200,
  ) {
    const id = idOf(request)
    const actor = actorOf(request)
    const progress = id ? await buildProgress(db, actor, id) : null
    if (!progress) return notFound(reply)
    return render(
      request,
      reply,
      view('progress'),
      {
        title: `Progress: ${progress.report.title}`,
        backLink: `/reports/${progress.report.id}`,
        ...progress,
        canBuild: can(actor.roles, 'report', 'export'),
        buildStatus: BUILD_STATUS,
        formatWords: FORMAT_WORDS,
        contributionWords: CONTRIBUTION_WORDS,
        formatDay,
        // A build under way: a link to look again (no timed refresh, which some readers cannot follow).
        underWay: progress.builds.some(b => b.status === 'queued' || b.status === 'running'),
        errors,
      },
      status,
    )
  }

  app.get(
    '/reports/:id/progress',
    { config: { access: permission('report', 'read') } },
    (request, reply) => showProgress(request, reply),
  )

  app.post(
    '/reports/:id/builds',
    { config: { access: permission('report', 'export') }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return notFound(reply)
      const form = BuildForm.safeParse(formBody(request.body))
      if (!form.success) return showProgress(request, reply, govukErrors(form.error), 400)
      const outcome = await requestBuild(db, ctxOf(request), id, form.data)
      if (isRefusal(outcome))
        return showProgress(request, reply, fieldError(outcome.field, outcome.message), 400)
      return reply.redirect(`/reports/${id}/progress#builds`, 303)
    },
  )

  app.get(
    '/reports/builds/:id',
    { config: { access: permission('report', 'export') } },
    async (request, reply) => {
      const id = idOf(request)
      const file = id ? await buildFile(db, actorOf(request), id) : null
      const content = file?.build.content
      if (!file || !content) return notFound(reply)
      return sendFile(reply, content, file.build.format, `report-${file.year}`)
    },
  )
}
