import JSZip from 'jszip'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { describe, expect, it } from 'vitest'
import { useTestApp, type TestApp } from '../../helpers/test-app.js'
import { visibleText } from '../governance/helpers.js'
import { page, sectionId, signOff, startReport } from './helpers.js'

const t = useTestApp()
const FONTS = new URL('../../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url).pathname

async function addReferrals(t: TestApp, sector: string, count: number) {
  const lado = await t.signInAs('lado')
  for (let i = 0; i < count; i++) {
    const response = await t.postForm(
      '/lado/referrals',
      {
        receivedOn: '2016-06-01',
        referrerAgency: 'A school',
        adultName: `Adult ${sector} ${i}`,
        adultRole: 'Teacher',
        employer: 'Employer',
        sector,
        harmTest: 'harmed',
        allegation: 'What is alleged',
      },
      lado,
    )
    expect(response.statusCode).toBe(303)
  }
}

async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: FONTS }).promise
  const texts: string[] = []
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent()
    texts.push(content.items.map(item => ('str' in item ? item.str : '')).join(' '))
  }
  return { pages: doc.numPages, text: texts.join('\n').replace(/\s+/g, ' ') }
}

async function docxText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes)
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? ''
  return xml
    .replace(/<\/w:p>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}

/** The published report's LADO table row by row, as a reader sees it. */
function sectorRows(html: string): Record<string, string> {
  const table =
    /<caption[^>]*>Allegations against people who work with children, 2016\/17, by sector<\/caption>([\s\S]*?)<\/table>/.exec(
      html,
    )?.[1] ?? ''
  const rows: Record<string, string> = {}
  for (const row of table.matchAll(/<th scope="row"[^>]*>([^<]*)<\/th><td[^>]*>([^<]*)<\/td>/g))
    rows[row[1] ?? ''] = row[2] ?? ''
  return rows
}

describe('the published outputs: HTML, PDF and Word, suppressed', () => {
  it('never shows a count of 3, nor lets it be worked out from the total, in any output', async () => {
    await addReferrals(t, 'education', 3)
    await addReferrals(t, 'health', 10)
    const officer = await t.signInAs('business-officer')
    const id = await startReport(t, officer)
    const section = await sectionId(t, id, 'Local context', officer)
    await t.postForm(
      `/reports/sections/${section}`,
      {
        title: 'Local context',
        body: '## Our area\n\n- Population\n\n> A quote from a young person',
      },
      officer,
    )
    // Internal, live: every figure is shown.
    expect(sectorRows((await page(t, `/reports/${id}`, officer)).body)).toMatchObject({
      Education: '3',
      Health: '10',
      Total: '13',
    })
    await signOff(t, id, officer)

    const html = (await page(t, '/p/northbridge/reports/2016-17')).body
    const rows = sectorRows(html)
    expect(rows).toMatchObject({ Education: 'c', Health: 'c', Total: '13' })
    expect(Object.values(rows)).not.toContain('3')
    // Nothing shown lets the 3 be derived: two cells are held back, so 13 minus the rest is 13.
    const shown = Object.entries(rows)
      .filter(([k, v]) => k !== 'Total' && v !== 'c')
      .reduce((s, [, v]) => s + Number(v), 0)
    expect(13 - shown).toBe(13)
    expect(visibleText(html)).toContain('Counts from 1 to 5 are shown as c')

    const pdf = await t.inject({ method: 'GET', url: '/p/northbridge/reports/2016-17/pdf' })
    expect(pdf.headers['content-type']).toBe('application/pdf')
    const { pages, text } = await pdfText(pdf.rawPayload)
    expect(pages).toBeGreaterThanOrEqual(16) // title, contents, then a page at least per section
    expect(text).toContain('Contents')
    expect(text).toContain('Appendix B: budget')
    expect(text).toMatch(/Page 3 of \d+/)
    expect(text).toContain('Education c')
    expect(text).toContain('Health c')
    expect(text).not.toContain('Education 3')
    expect(text).toContain('Our area')

    const docx = await t.inject({
      method: 'GET',
      url: `/reports/${id}/download?format=docx&version=latest`,
      headers: { cookie: officer },
    })
    expect(docx.headers['content-type']).toContain('wordprocessingml')
    const words = await docxText(docx.rawPayload)
    for (const title of [
      'Foreword by the Independent Chair',
      'Child protection in our area',
      'Appendix A: attendance at board meetings',
      'Appendix B: budget',
    ])
      expect(words).toContain(title)
    expect(words).toContain('Education c')
    expect(words).not.toContain('Education 3')
    expect(words).toContain('Our area')
    const zip = await JSZip.loadAsync(docx.rawPayload)
    expect(await zip.file('word/document.xml')?.async('string')).toContain(
      'w:pStyle w:val="Heading1"',
    )
  })

  it('builds the young people’s version from the same year, short and plain', async () => {
    const officer = await t.signInAs('business-officer')
    const id = await startReport(t, officer, 2016, 'young-people')
    const text = visibleText((await page(t, `/reports/${id}`, officer)).body)
    expect(text).toContain('Our year 2016/17: the young people’s report')
    expect(text).toContain('Where to get help')
    expect(text).toContain('Children on a child protection plan at 31 March')
    await signOff(t, id, officer)
    expect((await page(t, '/p/northbridge/reports/2016-17/young-people')).statusCode).toBe(200)
    expect((await page(t, '/p/northbridge/reports/2016-17')).statusCode).toBe(404)
  })
})
