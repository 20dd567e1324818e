import nunjucks from 'nunjucks'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderChart } from '../../src/platform/charts.js'

const months = ['April 2025', 'May 2025', 'June 2025']

describe('charts drawn on the server', () => {
  it('draws a line chart as one titled image with reference lines and a data table', () => {
    const chart = renderChart({
      id: 'referrals',
      title: 'Referrals by month',
      kind: 'line',
      xLabel: 'Month',
      yLabel: 'Referrals',
      series: [{ name: 'Referrals', points: months.map((x, i) => ({ x, y: 10 + i })) }],
      references: [{ label: 'England', value: 11.5 }],
    })
    expect(chart.svg).toMatch(/^<svg[^>]*role="img"/)
    expect(chart.svg).toContain('aria-label="Referrals by month"')
    expect(chart.svg).toContain('<title>Referrals by month</title>')
    expect(chart.svg).not.toContain('<style')
    expect(chart.svg).not.toContain('style=')
    expect(chart.svg.match(/aria-label=/g)?.length).toBe(1)
    expect(chart.svg).toContain('stroke-dasharray="6,4"')
    expect(chart.table.head).toEqual(['Month', 'Referrals'])
    expect(chart.table.rows).toEqual([
      { label: 'April 2025', cells: ['10'] },
      { label: 'May 2025', cells: ['11'] },
      { label: 'June 2025', cells: ['12'] },
    ])
    expect(chart.references).toEqual([{ label: 'England', text: '11.5' }])
    expect(chart.description).toContain('from April 2025 to June 2025')
  })

  it('draws grouped bars for several series and shows gaps as No data', () => {
    const chart = renderChart({
      id: 'plans',
      title: 'Plans',
      kind: 'bar',
      xLabel: 'Quarter',
      yLabel: 'Plans',
      unit: '%',
      series: [
        {
          name: 'Started',
          points: [
            { x: 'Q1', y: 4 },
            { x: 'Q2', y: 2.25 },
          ],
        },
        {
          name: 'Ended',
          points: [
            { x: 'Q1', y: null },
            { x: 'Q2', y: 3 },
          ],
        },
      ],
    })
    expect(chart.svg.match(/<rect/g)?.length).toBe(3)
    expect(chart.table.rows[0]).toEqual({ label: 'Q1', cells: ['4%', 'No data'] })
    expect(chart.table.rows[1]).toEqual({ label: 'Q2', cells: ['2.3%', '3%'] })
  })

  it('escapes labels in the SVG and says when there is nothing to draw', () => {
    const chart = renderChart({
      id: 'x',
      title: '<script>alert(1)</script>',
      kind: 'line',
      xLabel: 'Month',
      yLabel: 'Count',
      series: [{ name: 'A & B', points: [{ x: '<b>', y: 1 }] }],
    })
    expect(chart.svg).not.toContain('<script>')
    expect(chart.svg).not.toContain('<b>')
    const empty = renderChart({
      ...{ id: 'e', title: 'E', kind: 'bar', xLabel: 'M', yLabel: 'C' },
      series: [{ name: 'A', points: [{ x: 'Q1', y: null }] }],
    })
    expect(empty.isEmpty).toBe(true)
    expect(empty.svg).toBe('')
  })

  it('renders the macro with the table beside the chart, escaping the table', () => {
    const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(path.resolve('src')), {
      autoescape: true,
    })
    const chart = renderChart({
      id: 'r',
      title: 'Rate <per> 10,000',
      kind: 'line',
      xLabel: 'Year',
      yLabel: 'Rate',
      series: [{ name: 'Ours', points: [{ x: '2024', y: 9.4 }] }],
      references: [{ label: 'England', value: 38.3 }],
    })
    const html = env.renderString(
      '{% from "platform/views/chart.njk" import chartWithTable %}{{ chartWithTable(chart) }}',
      { chart },
    )
    expect(html).toContain('<svg')
    expect(html).toContain('Rate &lt;per&gt; 10,000: the data in the chart')
    expect(html).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">9.4</td>')
    expect(html).toContain('England 38.3')
  })
})
