import { describe, expect, it } from 'vitest'
import { useTestApp, type TestApp } from '../../helpers/test-app.js'
import { visibleText } from '../governance/helpers.js'
import { page, startReport } from './helpers.js'

const t = useTestApp()

async function insert(table: string, row: Record<string, unknown>): Promise<string> {
  const inserted = await t.database.owner
    .insertInto(table as never)
    .values({ partnership_id: t.northbridge.id, ...row } as never)
    .returning('id' as never)
    .executeTakeFirstOrThrow()
  return (inserted as { id: string }).id
}

async function agencyId(test: TestApp) {
  const row = await test.database.owner
    .selectFrom('agency' as never)
    .select(['id', 'name'] as never)
    .where('partnership_id' as never, '=', test.northbridge.id as never)
    .orderBy('name' as never)
    .executeTakeFirstOrThrow()
  return row as { id: string; name: string }
}

async function addBlock(reportId: string, officer: string, title: string, block: string) {
  const response = await t.postForm(
    `/reports/${reportId}/sections`,
    { title, kind: 'module', block },
    officer,
  )
  expect(response.statusCode, visibleText(response.body).slice(0, 400)).toBe(303)
}

describe('module blocks: business plan, report cards, board papers, agency figures', () => {
  it('shows the plan’s actions with their RAG, the year’s report cards, Appendix C and the agencies’ signed-off figures', async () => {
    const agency = await agencyId(t)
    const plan = await insert('gov_plan', {
      title: 'Business plan 2016 to 2018',
      starts_on: '2016-04-01',
      ends_on: '2018-03-31',
    })
    const priority = await insert('gov_priority', { plan_id: plan, number: 1, title: 'Neglect' })
    for (const [reference, rag] of [
      ['1.1', 'green'],
      ['1.2', 'amber'],
      ['1.3', null],
    ] as const)
      await insert('gov_plan_action', {
        plan_id: plan,
        priority_id: priority,
        reference,
        specific_action: `Action ${reference}`,
        lead_agency_id: agency.id,
        rag,
      })
    const board = await insert('gov_body', {
      name: 'Safeguarding Board',
      kind: 'board',
      active_from: '2010-04-01',
    })
    const held = await insert('gov_meeting', {
      body_id: board,
      held_on: '2016-07-13',
      title: 'Board meeting',
      status: 'held',
    })
    const before = await insert('gov_meeting', {
      body_id: board,
      held_on: '2016-03-09',
      title: 'Board meeting',
      status: 'held',
    })
    for (const [meeting, title, version] of [
      [held, 'Private fostering annual report', 1],
      [held, 'Private fostering annual report', 2],
      [held, 'LADO annual report', 1],
      [before, 'A paper from the year before', 1],
    ] as const)
      await insert('gov_paper', {
        meeting_id: meeting,
        title,
        version,
        filename: 'paper.pdf',
        content_type: 'application/pdf',
        size_bytes: 3,
        content: Buffer.from('pdf'),
      })
    const card = await insert('report_card', { title: 'Early help', theme: 'Early help' })
    await insert('report_card_version', {
      card_id: card,
      version: 1,
      story: 'More families are helped early.',
      what_works: 'Family hubs',
      next_steps: 'Extend to schools',
      critical_messages: 'Waiting times are rising',
      created_at: new Date('2016-11-01T12:00:00Z'),
    })
    const indicator = await insert('return_indicator', {
      key: 'missing-episodes',
      name: 'Missing episodes',
      definition: 'Episodes of children missing from home',
      agency_id: agency.id,
      frequency: 'quarterly',
      polarity: 'lower',
      unit: 'count',
    })
    for (const [start, end, value] of [
      ['2016-04-01', '2016-06-30', 40],
      ['2016-10-01', '2016-12-31', 3],
      ['2017-04-01', '2017-06-30', 99],
    ] as const) {
      const returned = await insert('agency_return', {
        agency_id: agency.id,
        period_start: start,
        period_end: end,
        due_on: end,
        signed_off_at: new Date(),
      })
      await insert('agency_return_value', {
        return_id: returned,
        indicator_id: indicator,
        revision: 1,
        value,
        source: 'form',
      })
    }

    const officer = await t.signInAs('business-officer')
    const id = await startReport(t, officer, 2016)
    await addBlock(id, officer, 'Business plan progress', 'business-plan')
    await addBlock(id, officer, 'Report cards', 'report-cards')
    await addBlock(id, officer, 'Appendix C: reports received by the board', 'board-papers')
    await addBlock(id, officer, 'Agency contributions in figures', 'agency-figures')
    const text = visibleText((await page(t, `/reports/${id}`, officer)).body)

    expect(text).toContain('has 3 actions: 1 green, 1 amber, 0 red, and 1 not yet rated')
    expect(text).toMatch(/1\.1 Action 1\.1\s+.*Green/)
    expect(text).toContain('Priority 1: Neglect')
    expect(text).toContain('Early help: More families are helped early.')
    expect(text).toContain('Waiting times are rising')
    expect(text).toContain('Reports received by Safeguarding Board, 2016/17')
    expect(text).toContain('Private fostering annual report')
    expect(text.match(/Private fostering annual report/g)).toHaveLength(1)
    expect(text).toContain('Board meeting, 13 July 2016')
    expect(text).not.toContain('A paper from the year before')
    expect(text).toContain(`${agency.name}: figures returned for 2016/17`)
    expect(text).toMatch(/Missing episodes\s+40\s+3/)
    expect(text).not.toContain('99')

    // Published, the small count is held back as it is in every other table.
    const published = await t.inject({
      method: 'GET',
      url: `/reports/${id}/download?format=html&version=live`,
      headers: { cookie: officer },
    })
    expect(published.statusCode).toBe(200)
    expect(visibleText(published.body)).toMatch(/Missing episodes\s+40\s+c\b/)
  })

  it('says what is missing when there is no plan, card, board or return for the year', async () => {
    const officer = await t.signInAs('business-officer')
    const id = await startReport(t, officer, 2016)
    await addBlock(id, officer, 'Business plan progress', 'business-plan')
    await addBlock(id, officer, 'Report cards', 'report-cards')
    await addBlock(id, officer, 'Appendix C', 'board-papers')
    await addBlock(id, officer, 'Agency figures', 'agency-figures')
    const text = visibleText((await page(t, `/reports/${id}`, officer)).body)
    for (const note of [
      'No business plan is recorded for 2016/17.',
      'No report card was written by the end of 2016/17.',
      'No board is recorded in governance.',
      'No agency return was signed off for a quarter of 2016/17.',
    ])
      expect(text).toContain(note)
  })
})
