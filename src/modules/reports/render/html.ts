import { renderChart } from '../../../platform/charts.js'
import {
  formatCell,
  type ContentSection,
  type ContentTable,
  type ReportContent,
} from '../content.js'
import { markdownToHtml } from './markdown.js'

/**
 * The report as accessible HTML: GOV.UK typography, one h2 per section, tables with captions and
 * row headers, charts as SVG with their data tables. Every piece of text is escaped here; the
 * narrative goes through markdown-it with raw HTML off. So the result may be output unescaped.
 */

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

function tableHtml(table: ContentTable): string {
  const head = table.head
    .map(
      (h, i) =>
        `<th scope="col" class="govuk-table__header${i ? ' govuk-table__header--numeric' : ''}">${escapeHtml(h)}</th>`,
    )
    .join('')
  const rows = table.rows
    .map(
      row =>
        `<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${escapeHtml(row.label)}</th>${row.cells
          .map(
            c =>
              `<td class="govuk-table__cell govuk-table__cell--numeric">${escapeHtml(formatCell(c))}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('')
  return `<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--s">${escapeHtml(table.caption)}</caption><thead class="govuk-table__head"><tr class="govuk-table__row">${head}</tr></thead><tbody class="govuk-table__body">${rows}</tbody></table>`
}

function chartHtml(spec: ContentSection['charts'][number]): string {
  const chart = renderChart(spec)
  const table: ContentTable = {
    caption: chart.table.caption,
    head: chart.table.head,
    rows: chart.table.rows.map(r => ({ label: r.label, cells: r.cells })),
  }
  return `<figure class="keepsafe-chart" aria-labelledby="chart-${escapeHtml(chart.id)}-title"><h3 class="govuk-heading-s" id="chart-${escapeHtml(chart.id)}-title">${escapeHtml(chart.title)}</h3>${chart.isEmpty ? '<p class="govuk-body">No figures to chart.</p>' : `${chart.svg}<figcaption class="govuk-body-s">${escapeHtml(chart.description)}</figcaption>`}${tableHtml(table)}</figure>`
}

/** Where the reader is served an uploaded image (`/reports/images/<id>` for signed-in readers). */
export type ImageUrl = (id: string) => string

export function sectionHtml(section: ContentSection, index: number, imageUrl?: ImageUrl): string {
  return [
    `<section class="report-section" id="section-${index + 1}" data-section-kind="${escapeHtml(section.kind)}">`,
    `<h2 class="govuk-heading-l">${escapeHtml(section.title)}</h2>`,
    section.markdown ? markdownToHtml(section.markdown, imageUrl) : '',
    ...section.summary.map(s => `<p class="govuk-body">${escapeHtml(s)}</p>`),
    ...section.tables.map(tableHtml),
    ...section.charts.map(chartHtml),
    ...section.notes.map(n => `<p class="govuk-body-s">${escapeHtml(n)}</p>`),
    '</section>',
  ].join('\n')
}

/** The contents list and every section: the body of the report page. */
export function reportBodyHtml(content: ReportContent, imageUrl?: ImageUrl): string {
  const contents = content.sections
    .map(
      (s, i) =>
        `<li><a class="govuk-link" href="#section-${i + 1}">${escapeHtml(s.title)}</a></li>`,
    )
    .join('')
  return [
    `<nav aria-labelledby="contents-title"><h2 class="govuk-heading-m" id="contents-title">Contents</h2><ol class="govuk-list govuk-list--number">${contents}</ol></nav>`,
    ...content.sections.map((section, index) => sectionHtml(section, index, imageUrl)),
  ].join('\n')
}

const STANDALONE_CSS = `body{font-family:Arial,sans-serif;color:#0b0c0c;max-width:960px;margin:0 auto;padding:20px;line-height:1.3}
.govuk-heading-xl{font-size:2.5em}.govuk-heading-l{font-size:1.8em;margin-top:1.5em}.govuk-table{border-collapse:collapse;width:100%;margin-bottom:1.5em}
.govuk-table th,.govuk-table td{border-bottom:1px solid #b1b4b6;padding:6px;text-align:left}.govuk-table__cell--numeric,.govuk-table__header--numeric{text-align:right}
caption{font-weight:bold;text-align:left;padding-bottom:6px}.govuk-inset-text{border-left:5px solid #b1b4b6;padding-left:15px}.govuk-link{color:#1d70b8}`

/** A whole HTML document, for the command line and downloads. */
export function standaloneHtml(content: ReportContent): string {
  return `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(`${content.title} – ${content.partnershipName}`)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STANDALONE_CSS}</style></head>
<body><main><h1 class="govuk-heading-xl">${escapeHtml(content.title)}</h1><p class="govuk-body">${escapeHtml(content.partnershipName)}, ${escapeHtml(content.year)}</p>
${reportBodyHtml(content)}</main></body></html>`
}
