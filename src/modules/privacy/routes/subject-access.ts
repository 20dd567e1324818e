import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../../db/database.js'
import { attachment } from '../../../platform/csv.js'
import { RecordIdParams } from '../../../platform/form-fields.js'
import { actorOf } from '../../../platform/http/access.js'
import { render } from '../../../platform/http/web.js'
import { permission } from '../../../platform/permissions.js'
import { queryObject } from '../../../platform/query.js'
import { childForSubjectAccess, exportSubjectAccess } from '../service.js'

const BASE = '/admin/privacy/subject-access'
const ctxOf = (request: FastifyRequest) => ({ actor: actorOf(request), requestId: request.id })

export const SubjectAccessQuery = queryObject({
  child: z
    .string()
    .trim()
    .max(50, 'The LA child ID must be 50 characters or fewer')
    .optional()
    .transform(value => value || undefined),
})

/** A data protection officer finds a child by LA child ID and downloads their records. */
export const subjectAccessRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.get(BASE, { config: { access: permission('privacy', 'read') } }, async (request, reply) => {
    const query = SubjectAccessQuery.safeParse(request.query)
    const laChildId = query.success ? query.data.child : undefined
    const child = laChildId ? await childForSubjectAccess(db, ctxOf(request), laChildId) : null
    const problem = !query.success
      ? (query.error.issues[0]?.message ?? 'Check the LA child ID')
      : laChildId && !child
        ? `No child has the LA child ID ${laChildId}`
        : undefined
    return render(
      request,
      reply,
      'privacy/views/subject-access.njk',
      {
        title: 'Subject access export',
        laChildId: laChildId ?? '',
        child,
        errors: problem
          ? { summary: [{ text: problem, href: '#child' }], fields: { child: { text: problem } } }
          : { summary: [], fields: {} },
      },
      problem ? 400 : 200,
    )
  })

  app.get(
    `${BASE}/:id/export.zip`,
    { config: { access: permission('privacy', 'export') } },
    async (request, reply) => {
      const params = RecordIdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const made = await exportSubjectAccess(db, ctxOf(request), params.data.id)
      if (!made) return reply.callNotFound()
      return reply
        .type('application/zip')
        .header('content-disposition', attachment(made.fileName))
        .send(Buffer.from(made.bytes))
    },
  )
}
