import { publishContent, type ReportContent } from '../content.js'
import { renderDocx } from './docx.js'
import { standaloneHtml } from './html.js'
import { renderPdf } from './pdf.js'

export type OutputFormat = 'pdf' | 'docx' | 'html'

/** Renders a report in a format; every download is suppressed as it would be published. */
export async function renderReport(content: ReportContent, format: OutputFormat): Promise<Buffer> {
  const published = publishContent(content)
  if (format === 'pdf') return renderPdf(published)
  if (format === 'docx') return renderDocx(published)
  return Buffer.from(standaloneHtml(published))
}
