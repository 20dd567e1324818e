import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { fieldError, formBody, govukErrors, type GovukErrors } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { can, permission } from '../../../platform/permissions.js'
import { isRefusal } from '../../../platform/refusal.js'
import { ImageForm } from '../schema.js'
import { addContributionImage, addSectionImage, readImage, type ImageUpload } from '../service.js'
import { ctxOf, idOf, notFound, type Deps } from './shared.js'

type ShowWithErrors = (
  request: FastifyRequest,
  reply: FastifyReply,
  errors: GovukErrors,
) => Promise<unknown>

/** The upload form's fields, or what is wrong with them (the image's bytes are checked later). */
function readUploadForm(body: Record<string, unknown>): ImageUpload | GovukErrors {
  const form = ImageForm.safeParse(body)
  const file = body.file
  if (!Buffer.isBuffer(file) || file.length === 0) {
    const errors = form.success ? { summary: [], fields: {} } : govukErrors(form.error)
    const select = fieldError('file', 'Select a PNG or JPEG image')
    return {
      summary: [...select.summary, ...errors.summary],
      fields: { ...select.fields, ...errors.fields },
    }
  }
  if (!form.success) return govukErrors(form.error)
  return { bytes: file, altText: form.data.altText }
}

const isUpload = (read: ImageUpload | GovukErrors): read is ImageUpload => 'bytes' in read

/** Sends an image as exactly what its bytes are, never to be run or guessed at. */
export function sendImage(
  reply: FastifyReply,
  image: Awaited<ReturnType<typeof readImage>> | undefined,
) {
  if (!image) return notFound(reply)
  const extension = image.mediaType === 'image/png' ? 'png' : 'jpg'
  return reply
    .header('content-type', image.mediaType)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('content-disposition', `inline; filename="image.${extension}"`)
    .header('cache-control', 'private, no-store')
    .send(image.content)
}
/** Images in narrative and contributed sections
: uploaded through forms, served to readers. */
export function registerImageRoutes(
  app: FastifyInstance,
  { db }: Deps,
  show: { section: ShowWithErrors; contribution: ShowWithErrors },
): void {
  app.post(
    '/reports/sections/:id/images',
    { config: { access: permission('report', 'update') } },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return notFound(reply)
      const read = readUploadForm(formBody(request.body))
      if (!isUpload(read)) return show.section(request, reply, read)
      const outcome = await addSectionImage(db, ctxOf(request), id, read)
      if (isRefusal(outcome))
        return show.section(request, reply, fieldError(outcome.field, outcome.message))
      return reply.redirect(`/reports/sections/${id}#body`, 303)
    },
  )

  app.post(
    '/reports/contributions/:id/images',
    { config: { access: permission('report-contribution', 'update') } },
    async (request, reply) => {
      const id = idOf(request)
      if (!id) return notFound(reply)
      const read = readUploadForm(formBody(request.body))
      if (!isUpload(read)) return show.contribution(request, reply, read)
      const outcome = await addContributionImage(db, ctxOf(request), id, read)
      if (isRefusal(outcome))
        return show.contribution(request, reply, fieldError(outcome.field, outcome.message))
      return reply.redirect(`/reports/contributions/${id}#body`, 303)
    },
  )

  app.get(
    '/reports/images/:id',
    { config: { access: permission('report', 'read') } },
    async (request, reply) => {
      const id = idOf(request)
      return sendImage(reply, id ? await readImage(db, actorOf(request), id, true) : null)
    },
  )

  // A contributor sees the images of their own section (the service checks it is theirs).
  app.get(
    '/reports/contributions/images/:id',
    { config: { access: permission('report-contribution', 'read') } },
    async (request, reply) => {
      const id = idOf(request)
      const actor = actorOf(request)
      const readsAll = can(actor.roles, 'report', 'read')
      return sendImage(reply, id ? await readImage(db, actor, id, readsAll) : null)
    },
  )
}
