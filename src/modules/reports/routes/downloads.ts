import type { FastifyReply } from 'fastify'
import type { ReportContent } from '../content.js'
import { renderReport } from '../render/output.js'

const TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
}

export async function sendReport(
  reply: FastifyReply,
  content: ReportContent,
  format: 'pdf' | 'docx' | 'html',
  name: string,
) {
  return sendFile(reply, await renderReport(content, format), format, name)
}

/** Sends a rendered report: inline for HTML, as an attachment for PDF and Word. */
export function sendFile(
  reply: FastifyReply,
  bytes: Buffer,
  format: 'pdf' | 'docx' | 'html',
  name: string,
) {
  return reply
    .header('content-type', TYPES[format])
    .header(
      'content-disposition',
      `${format === 'html' ? 'inline' : 'attachment'}; filename="${name}.${format}"`,
    )
    .send(bytes)
}
