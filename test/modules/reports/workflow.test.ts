import { describe, expect, it } from 'vitest'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { visibleText } from '../governance/helpers.js'
import { addBudget, page, sectionId, signOff, startReport } from './helpers.js'

const t = useTestApp()

describe('building, signing off and publishing the annual report', () => {
  it('starts from the Milton Keynes 2016/17 order and lets the business unit add, move and remove sections', async () => {
    const officer = await t.signInAs('business-officer')
    const id = await startReport(t, officer)
    const text = visibleText((await page(t, `/reports/${id}`, officer)).body)
    expect(text).toContain('1. Foreword by the Independent Chair')
    expect(text).toContain('14. Appendix B: budget')
    const added = await t.postForm(
      `/reports/${id}/sections`,
      { title: 'Appendix C: reports received', kind: 'narrative', block: '' },
      officer,
    )
    expect(added.statusCode).toBe(303)
    const context = await sectionId(t, id, 'Local context', officer)
    await t.postForm(`/reports/sections/${context}/move`, { direction: 'up' }, officer)
    const foreword = await sectionId(t, id, 'Foreword by the Independent Chair', officer)
    await t.postForm(`/reports/sections/${foreword}/remove`, {}, officer)
    const after = visibleText((await page(t, `/reports/${id}`, officer)).body)
    expect(after).toContain('1. Local context')
    expect(after).not.toContain('Foreword by the Independent Chair')
    expect(after).toContain('14. Appendix C: reports received')
  })

  it('refuses a second report for the same year, writing nothing', async () => {
    const officer = await t.signInAs('business-officer')
    await startReport(t, officer)
    const response = await expectNothingWritten(t, () =>
      t.postForm('/reports', { startYear: '2016', kind: 'full' }, officer),
    )
    expect(response.statusCode).toBe(400)
    expect(visibleText(response.body)).toContain('There is already a report for 2016/17')
  })

  it('stores narrative with a script and an event handler as text, and shows it as text everywhere', async () => {
    const officer = await t.signInAs('business-officer')
    const id = await startReport(t, officer)
    const section = await sectionId(t, id, 'Local context', officer)
    const hostile =
      '<script>alert(1)</script> <img src=x onerror="alert(2)"> [click](javascript:alert(3))'
    const saved = await t.postForm(
      `/reports/sections/${section}`,
      { title: 'Local context', body: hostile },
      officer,
    )
    expect(saved.statusCode).toBe(303)
    const stored = await t.database.owner
      .selectFrom('report_section' as never)
      .select('body' as never)
      .where('id' as never, '=', section as never)
      .executeTakeFirst()
    expect((stored as { body: string } | undefined)?.body).toBe(hostile)
    const body = (await page(t, `/reports/${id}`, officer)).body
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(body).toContain('&lt;img src=x onerror=')
    expect(body).not.toContain('<img src=x')
    expect(body).not.toContain('href="javascript:')
    const html = (await page(t, `/reports/${id}/download?format=html`, officer)).body
    expect(html).not.toMatch(/<script>alert|<img src=x|href="javascript:/)
  })

  it('freezes the figures at approval: a budget line added after publishing does not change the published report', async () => {
    const officer = await t.signInAs('business-officer')
    await addBudget(t, officer, '2016/17', [
      { kind: 'brought-forward', description: 'Brought forward', amount: 1000 },
      { kind: 'expenditure', description: 'Staffing', amount: 400 },
    ])
    const id = await startReport(t, officer)
    await signOff(t, id, officer)
    const published = visibleText((await page(t, '/p/northbridge/reports/2016-17')).body)
    expect(published).toContain('Carry forward £600')
    await addBudget(
      t,
      officer,
      '2016/17',
      [{ kind: 'expenditure', description: 'Website', amount: 100 }],
      false,
    )
    expect(visibleText((await page(t, `/reports/${id}`, officer)).body)).toContain(
      'Carry forward £500',
    )
    expect(visibleText((await page(t, '/p/northbridge/reports/2016-17')).body)).toContain(
      'Carry forward £600',
    )
    expect((await t.postForm(`/reports/${id}/redraft`, {}, officer)).statusCode).toBe(303)
    const compared = visibleText((await page(t, `/reports/${id}/compare`, officer)).body)
    expect(compared).toContain('Carry forward')
    expect(compared).toContain('£600 → £500')
    expect(visibleText((await page(t, '/p/northbridge/reports')).body)).toContain(
      'Annual report 2016/17',
    )
  })

  it('keeps sign-off in order: only a submitted report is approved, by someone else, and only the chair approves', async () => {
    const officer = await t.signInAs('business-officer')
    const chair = await t.signInAs('board-member')
    const id = await startReport(t, officer)
    const early = await expectNothingWritten(t, () =>
      t.postForm(`/reports/${id}/approve`, {}, chair),
    )
    expect(visibleText(early.body)).toContain(
      'Only a report submitted by the business unit can be approved',
    )
    await t.postForm(`/reports/${id}/submit`, {}, officer)
    expect((await t.postForm(`/reports/${id}/approve`, {}, officer)).statusCode).toBe(403)
    expect((await page(t, '/p/northbridge/reports/2016-17')).statusCode).toBe(404)
    const social = await t.signInAs('social-worker')
    expect((await page(t, `/reports/${id}`, social)).statusCode).toBe(403)
  })
})
