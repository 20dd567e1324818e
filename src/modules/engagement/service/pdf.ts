import PDFDocument from 'pdfkit'
import type { BulletinSection } from '../table.js'

/** An issue as a PDF: title, date and each section's text (markdown read as plain text). */
export function issuePdf(
  partnershipName: string,
  issue: { number: number; title: string; publishedOn: string | null; content: BulletinSection[] },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: `${issue.title} (issue ${issue.number})`, Author: partnershipName },
      lang: 'en-GB',
      tagged: true,
      displayTitle: true,
    })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.fontSize(10).text(`${partnershipName} bulletin, issue ${issue.number}`)
    doc.moveDown(0.5).fontSize(20).text(issue.title)
    if (issue.publishedOn) doc.fontSize(10).text(`Published ${issue.publishedOn}`)
    for (const section of issue.content) {
      doc.moveDown(1).fontSize(14).text(section.heading)
      doc
        .moveDown(0.3)
        .fontSize(11)
        .text(section.markdown.replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, '$1'))
    }
    doc.end()
  })
}
