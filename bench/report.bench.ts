/**
 * Annual report benchmark: `npm run bench:report`.
 *
 * Renders a report the size of Milton Keynes' 2016/17 annual report (sixteen sections of
 * narrative, twenty charts with their data tables, the attendance and budget appendices, about
 * forty pages of A4) as HTML and as PDF, three times each, and prints the medians against the
 * targets: HTML under 2 s, PDF under 10 s. The figures are read from the records once before
 * rendering in the app; this times the rendering, which is what grows with the report.
 */
import type { ChartSpec } from '../src/platform/charts.js'
import {
  publishContent,
  type ContentSection,
  type ReportContent,
} from '../src/modules/reports/content.js'
import { standaloneHtml } from '../src/modules/reports/render/html.js'
import { renderPdf } from '../src/modules/reports/render/pdf.js'

const TARGET_SECONDS = { HTML: 2, PDF: 10 }
const YEARS = ['2012/13', '2013/14', '2014/15', '2015/16', '2016/17']

const paragraph =
  'The Board continued to hold partners to account for the effectiveness of their safeguarding arrangements. Sub-groups met regularly, reported to each Board meeting, and took forward the priorities of the business plan, with the voice of children heard through the youth cabinet and surveys in schools.'

function chart(n: number): ChartSpec {
  return {
    id: `chart-${n}`,
    title: `Figure ${n}: a measure over five years`,
    kind: n % 2 ? 'bar' : 'line',
    xLabel: 'Year',
    yLabel: 'Children',
    series: [
      {
        name: 'Milton Keynes',
        points: YEARS.map((x, i) => ({ x, y: 60 + ((n * 7 + i * 13) % 40) })),
      },
      {
        name: 'Statistical neighbours',
        points: YEARS.map((x, i) => ({ x, y: 55 + ((n * 3 + i * 5) % 30) })),
      },
    ],
    references: [{ label: 'England', value: 70 }],
  }
}

function section(n: number, charts: ChartSpec[]): ContentSection {
  return {
    id: `s${n}`,
    kind: charts.length ? 'figures' : 'narrative',
    title: `Section ${n}`,
    markdown: [
      '## How much did we do?',
      paragraph,
      '- One\n- Two\n- Three',
      '## How well did we do it?',
      paragraph,
      '> A quote from a young person.',
      paragraph,
    ].join('\n\n'),
    summary: [],
    tables: [
      {
        caption: `Table ${n}`,
        head: ['Member', 'Meetings eligible', 'Meetings attended', 'Attendance'],
        rows: Array.from({ length: 26 }, (_, r) => ({
          label: `Member ${r + 1}`,
          cells: [{ count: 5 }, { count: (r % 5) + 1 }, `${((r % 5) + 1) * 20}%`],
        })),
      },
    ],
    charts,
    notes: [],
  }
}

function mkSizedReport(): ReportContent {
  const sections = Array.from({ length: 16 }, (_, n) =>
    section(n + 1, n >= 3 && n < 13 ? [chart(2 * n), chart(2 * n + 1)] : []),
  )
  return {
    title: 'Annual report 2016/17',
    partnershipName: 'Milton Keynes Safeguarding Children Board',
    year: '2016/17',
    kind: 'full',
    published: false,
    sections,
  }
}

async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    await work()
    times.push((performance.now() - started) / 1000)
  }
  return times.sort((a, b) => a - b)[1] ?? 0
}

async function main() {
  const content = publishContent(mkSizedReport())
  const charts = content.sections.reduce((n, s) => n + s.charts.length, 0)
  const pdf = await renderPdf(content)
  const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length
  console.log(`Report: ${content.sections.length} sections, ${charts} charts, ${pages} PDF pages.`)
  const html = await median(() => Promise.resolve(standaloneHtml(content)))
  const pdfTime = await median(() => renderPdf(content))
  for (const [what, seconds] of [
    ['HTML', html],
    ['PDF', pdfTime],
  ] as const) {
    const target = TARGET_SECONDS[what]
    console.log(
      `${what}: ${seconds.toFixed(2)} s (target under ${target} s): ${seconds < target ? 'MET' : 'MISSED'}`,
    )
  }
}

await main()
