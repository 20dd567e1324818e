import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import { sniffImageType } from '../../../platform/images.js'
import { refuse } from '../../../platform/refusal.js'
import * as repo from '../repo.js'
import * as imageRepo from '../repo/images.js'
import { audit, command, scopeOf, type Ctx } from './shared.js'

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024

export interface ImageUpload {
  bytes: Buffer
  altText: string
}

/** The line of Markdown that shows an image: alt text in brackets, never markup. */
const imageLine = (id: string, altText: string) =>
  `\n\n![${altText.replace(/[[\]\\]/g, '')}](image:${id})\n`

function checkImage(upload: ImageUpload) {
  if (upload.bytes.length === 0) refuse('file', 'Select an image')
  if (upload.bytes.length > MAX_IMAGE_BYTES) refuse('file', 'The image must be 2 MB or smaller')
  const mediaType = sniffImageType(upload.bytes)
  if (!mediaType)
    refuse('file', 'The image must be a PNG or JPEG: this file is not one, whatever its name says')
  return mediaType
}

async function store(
  trx: Trx,
  ctx: Ctx,
  where: { reportId: string; sectionId: string | null; contributionId: string | null },
  upload: ImageUpload,
) {
  const mediaType = checkImage(upload)
  const { id } = await imageRepo.insertImage(trx, {
    partnershipId: ctx.actor.partnershipId,
    ...where,
    mediaType,
    altText: upload.altText,
    byteSize: upload.bytes.length,
    content: upload.bytes,
    uploadedBy: ctx.actor.userId,
  })
  await audit(trx, ctx, {
    action: 'report.image.uploaded',
    resourceType: 'report-image',
    id,
    detail: { ...where, mediaType, bytes: upload.bytes.length },
  })
  return id
}

/** Adds an image to the end of a draft's narrative section. */
export function addSectionImage(db: Db, ctx: Ctx, sectionId: string, upload: ImageUpload) {
  return command(db, ctx, async trx => {
    const section = await repo.findSection(trx, sectionId)
    if (!section) refuse('file', 'There is no such section')
    const report = await repo.findReport(trx, section.reportId)
    if (report?.status !== 'draft')
      refuse('file', 'Images can be added only while the report is a draft')
    const id = await store(
      trx,
      ctx,
      { reportId: section.reportId, sectionId, contributionId: null },
      upload,
    )
    await repo.updateSection(trx, sectionId, { body: section.body + imageLine(id, upload.altText) })
    return { id, sectionId }
  })
}

/** Adds an image to the end of the contributor's own section while they are writing it. */
export function addContributionImage(
  db: Db,
  ctx: Ctx,
  contributionId: string,
  upload: ImageUpload,
) {
  return command(db, ctx, async trx => {
    const contribution = await repo.findContribution(trx, contributionId)
    if (contribution?.assigneeId !== ctx.actor.userId)
      refuse('file', 'There is no such section to write')
    if (!['requested', 'returned'].includes(contribution.status))
      refuse('file', 'This section has already been sent to the business unit')
    const id = await store(
      trx,
      ctx,
      { reportId: contribution.reportId, sectionId: contribution.sectionId, contributionId },
      upload,
    )
    await repo.updateContribution(trx, contributionId, {
      status: contribution.status,
      body: contribution.body + imageLine(id, upload.altText),
    })
    return { id, contributionId }
  })
}

/** An image for someone who may read the report, or the contributor who uploaded it. */
export function readImage(db: Db, actor: Actor, id: string, readsReports: boolean) {
  return inPartnership(db, scopeOf(actor), async trx => {
    const image = await imageRepo.findImage(trx, id)
    if (!image) return null
    if (readsReports) return image
    const contribution = image.contributionId
      ? await repo.findContribution(trx, image.contributionId)
      : undefined
    return contribution?.assigneeId === actor.userId ? image : null
  })
}

/** An image of a published report, for anyone: only one its published version shows. */
export function publishedImage(db: Db, partnershipId: string, id: string) {
  return inPartnership(db, { partnershipId, userId: null }, async trx => {
    const image = await imageRepo.findImage(trx, id)
    const published = image ? await repo.latestVersion(trx, image.reportId, true) : undefined
    return published && JSON.stringify(published.content).includes(`image:${id}`) ? image : null
  })
}
