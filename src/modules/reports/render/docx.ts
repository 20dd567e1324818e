import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  AlignmentType,
} from 'docx'
import { renderChart } from '../../../platform/charts.js'
import { formatCell, type ContentTable, type ReportContent } from '../content.js'
import { markdownToBlocks } from './markdown.js'

/**
 * The report as a Word document for partners who edit offline: a heading per section, the
 * narrative as paragraphs and lists, every table (charts as their data tables) with its caption.
 */

/** Run options by name: the 'bold' and 'italics' keys also name deprecated String methods. */
const BOLD = { ['bold' as string]: true } as { bold: boolean }
const ITALICS = { ['italics' as string]: true } as { italics: boolean }

function cell(text: string, bold = false, right = false) {
  return new TableCell({
    children: [
      new Paragraph({
        alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text, ...(bold ? BOLD : {}) })],
      }),
    ],
  })
}

function table(t: ContentTable): (Paragraph | Table)[] {
  return [
    new Paragraph({ children: [new TextRun({ text: t.caption, ...BOLD })] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: t.head.map((h, i) => cell(h, true, i > 0)) }),
        ...t.rows.map(
          r =>
            new TableRow({
              children: [
                cell(r.label, true),
                ...r.cells.map(c => cell(formatCell(c), false, true)),
              ],
            }),
        ),
      ],
    }),
    new Paragraph({ text: '' }),
  ]
}

export async function renderDocx(content: ReportContent): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: content.title, heading: HeadingLevel.TITLE }),
    new Paragraph({ text: `${content.partnershipName}, ${content.year}` }),
  ]
  for (const section of content.sections) {
    children.push(
      new Paragraph({
        text: section.title,
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: true,
      }),
    )
    for (const block of markdownToBlocks(section.markdown)) {
      if (block.kind === 'heading')
        children.push(new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_2 }))
      else if (block.kind === 'bullet')
        children.push(new Paragraph({ text: block.text, bullet: { level: 0 } }))
      else if (block.kind === 'quote')
        children.push(new Paragraph({ text: block.text, style: 'Quote' }))
      else children.push(new Paragraph({ text: block.text }))
    }
    for (const line of section.summary) children.push(new Paragraph({ text: line }))
    for (const t of section.tables) children.push(...table(t))
    for (const spec of section.charts) {
      const chart = renderChart(spec)
      children.push(new Paragraph({ text: chart.title, heading: HeadingLevel.HEADING_3 }))
      children.push(new Paragraph({ text: chart.description }))
      children.push(
        ...table({
          caption: chart.table.caption,
          head: chart.table.head,
          rows: chart.table.rows.map(r => ({ label: r.label, cells: r.cells })),
        }),
      )
    }
    for (const note of section.notes)
      children.push(new Paragraph({ children: [new TextRun({ text: note, ...ITALICS })] }))
  }
  const document = new Document({
    title: content.title,
    creator: content.partnershipName,
    sections: [{ children }],
  })
  return Packer.toBuffer(document)
}
