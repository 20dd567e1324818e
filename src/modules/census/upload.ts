/**
 * Census uploads: streamed to a temporary file as they arrive, so a large return never sits in
 * memory, and removed on every path (answered, refused, failed, or the client gone), unless a
 * background import has claimed the file, which then removes it itself.
 */
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'

/** The biggest census file we accept: a large authority's return is well under 100 MB. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024

export interface Upload {
  path: string
  dir: string
  fileName: string
  bytes: number
  isTooLarge: boolean
  /** Set when a background job has taken the file over and will remove it. */
  isClaimed: boolean
}

const uploads = new WeakMap<FastifyRequest, Upload>()
const released = new WeakSet<FastifyRequest>()

export async function registerCensusUploads(app: FastifyInstance): Promise<void> {
  // The form's other fields (the CSRF token) become the body.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 10_000 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      await receive(this, part)
    },
  })
  app.addHook('onRequest', async (request, reply) => {
    // The response closes once it is sent or the client has gone: the one event every path has.
    reply.raw.once('close', () => void releaseUpload(request))
  })
  app.addHook('onResponse', request => releaseUpload(request))
  app.addHook('onRequestAbort', request => releaseUpload(request))
}

async function receive(request: FastifyRequest, part: MultipartFile): Promise<void> {
  if (uploads.has(request) || released.has(request)) {
    part.file.resume()
    return
  }
  const dir = await mkdtemp(join(tmpdir(), 'keepsafe-census-'))
  if (released.has(request)) {
    await rm(dir, { recursive: true, force: true })
    part.file.resume()
    return
  }
  const path = join(dir, 'upload.xml')
  const upload: Upload = {
    path,
    dir,
    fileName: part.filename,
    bytes: 0,
    isTooLarge: false,
    isClaimed: false,
  }
  uploads.set(request, upload)
  await pipeline(part.file, createWriteStream(path))
  upload.isTooLarge = part.file.truncated
  upload.bytes = (await stat(path)).size
}

/** Removes the request's upload unless an import has claimed it; safe to call more than once. */
export async function releaseUpload(request: FastifyRequest): Promise<void> {
  released.add(request)
  const upload = uploads.get(request)
  if (!upload || upload.isClaimed) return
  uploads.delete(request)
  await rm(upload.dir, { recursive: true, force: true })
}

/** The request's upload, or the message that says what is wrong with it. */
export function uploadOf(request: FastifyRequest): Upload | string {
  const upload = uploads.get(request)
  if (!upload || upload.fileName === '') return 'Select a census XML file'
  if (upload.isTooLarge) return 'The file must be smaller than 200 MB'
  if (upload.bytes === 0) return 'The selected file is empty'
  return upload
}
