import PDFDocument from 'pdfkit'
import SVGtoPDF from 'svg-to-pdfkit'
import { renderChart } from '../../../platform/charts.js'
import {
  formatCell,
  type ContentSection,
  type ContentTable,
  type ReportContent,
} from '../content.js'
import { markdownToBlocks } from './markdown.js'

/**
 * The report as a PDF for print, drawn with pdfkit (no browser): a title page, a contents page
 * with page numbers, one section per page start, running headers and page numbers, tables, and
 * charts drawn from their SVG with svg-to-pdfkit.
 */

const MARGIN = 56
const BLACK = '#0b0c0c'
const GREY = '#505a5f'

type Doc = PDFKit.PDFDocument

function ensureRoom(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - MARGIN - 20) doc.addPage()
}

function drawTable(doc: Doc, table: ContentTable) {
  const width = doc.page.width - 2 * MARGIN
  const columns = table.head.length
  const first = Math.min(width * 0.5, width - (columns - 1) * 70)
  const rest = columns > 1 ? (width - first) / (columns - 1) : 0
  const xs = [MARGIN, ...Array.from({ length: columns - 1 }, (_, i) => MARGIN + first + i * rest)]
  const row = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9)
    const height =
      Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: (i ? rest : first) - 6 }))) + 6
    ensureRoom(doc, height)
    const y = doc.y
    cells.forEach((c, i) => {
      doc.text(c, xs[i] ?? MARGIN, y + 3, {
        width: (i ? rest : first) - 6,
        align: i ? 'right' : 'left',
      })
    })
    doc
      .moveTo(MARGIN, y + height)
      .lineTo(MARGIN + width, y + height)
      .strokeColor('#b1b4b6')
      .lineWidth(0.5)
      .stroke()
    doc.x = MARGIN
    doc.y = y + height
  }
  ensureRoom(doc, 60)
  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor(BLACK)
    .text(table.caption, MARGIN, doc.y, { width })
  doc.moveDown(0.3)
  row(table.head, true)
  for (const r of table.rows) row([r.label, ...r.cells.map(formatCell)], false)
  doc.moveDown(1)
}

function drawChart(doc: Doc, spec: ContentSection['charts'][number]) {
  const chart = renderChart(spec)
  ensureRoom(doc, 260)
  doc.font('Helvetica-Bold').fontSize(11).fillColor(BLACK).text(chart.title, MARGIN)
  if (!chart.isEmpty) {
    const y = doc.y + 4
    SVGtoPDF(doc, chart.svg, MARGIN, y, { width: 400, height: 220, assumePt: true })
    doc.y = y + 226
    doc.x = MARGIN
    doc.font('Helvetica').fontSize(8).fillColor(GREY).text(chart.description, MARGIN)
  }
  doc.moveDown(0.5)
  drawTable(doc, {
    caption: chart.table.caption,
    head: chart.table.head,
    rows: chart.table.rows.map(r => ({ label: r.label, cells: r.cells })),
  })
}

function drawSection(doc: Doc, section: ContentSection) {
  const width = doc.page.width - 2 * MARGIN
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .fillColor(BLACK)
    .text(section.title, MARGIN, doc.y, { width })
  doc.moveDown(0.5)
  for (const block of markdownToBlocks(section.markdown)) {
    ensureRoom(doc, 30)
    if (block.kind === 'heading')
      doc.font('Helvetica-Bold').fontSize(13).text(block.text, { width })
    else if (block.kind === 'bullet')
      doc.font('Helvetica').fontSize(11).text(`•  ${block.text}`, { width, indent: 10 })
    else if (block.kind === 'quote')
      doc
        .font('Helvetica-Oblique')
        .fontSize(11)
        .text(block.text, { width: width - 20, indent: 20 })
    else doc.font('Helvetica').fontSize(11).text(block.text, { width })
    doc.moveDown(0.4)
  }
  for (const line of section.summary)
    doc.font('Helvetica').fontSize(11).text(line, { width }).moveDown(0.4)
  for (const table of section.tables) drawTable(doc, table)
  for (const chart of section.charts) drawChart(doc, chart)
  for (const note of section.notes)
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(GREY)
      .text(note, { width })
      .fillColor(BLACK)
      .moveDown(0.3)
}

/** Renders the report; resolves to the PDF's bytes. */
export function renderPdf(content: ReportContent): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: content.title, Author: content.partnershipName },
    lang: 'en-GB',
    displayTitle: true,
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>(resolve => doc.on('end', () => resolve(Buffer.concat(chunks))))

  doc.font('Helvetica-Bold').fontSize(28).text(content.title, MARGIN, 200)
  doc.font('Helvetica').fontSize(16).moveDown().text(`${content.partnershipName}, ${content.year}`)
  doc.addPage() // contents, written once the sections' pages are known
  const starts: number[] = []
  for (const section of content.sections) {
    doc.addPage()
    starts.push(doc.bufferedPageRange().count)
    drawSection(doc, section)
  }

  doc.switchToPage(1)
  doc.font('Helvetica-Bold').fontSize(20).text('Contents', MARGIN, MARGIN)
  doc.moveDown()
  content.sections.forEach((section, i) => {
    const y = doc.y
    doc.font('Helvetica').fontSize(11).text(section.title, MARGIN, y, { width: 400 })
    doc.text(String(starts[i] ?? ''), MARGIN + 420, y, { width: 60, align: 'right' })
    doc.moveDown(0.3)
  })

  const { count } = doc.bufferedPageRange()
  for (let page = 1; page < count; page++) {
    doc.switchToPage(page)
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.font('Helvetica').fontSize(8).fillColor(GREY)
    doc.text(`${content.partnershipName} · ${content.title}`, MARGIN, 24, {
      width: 400,
      lineBreak: false,
    })
    doc.text(`Page ${page + 1} of ${count}`, MARGIN, doc.page.height - 36, {
      width: doc.page.width - 2 * MARGIN,
      align: 'center',
      lineBreak: false,
    })
    doc.page.margins.bottom = bottom
    doc.fillColor(BLACK)
  }
  doc.end()
  return done
}
