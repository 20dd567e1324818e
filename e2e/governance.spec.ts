import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorSummary, fillDate, launchBrowser, location } from './helpers/browser.js'
import { startTestServer, type TestServer } from './helpers/server.js'
import { signedInOnHome } from './helpers/journey.js'

let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
})

afterAll(async () => {
  await browser.close()
  await server.close()
})

const signedInOfficer = () => signedInOnHome(browser, server, 'business-officer')

describe('board governance', () => {
  it('sets up a board, its members and a meeting, records attendance and reads the figures', async () => {
    const journey = await signedInOfficer()
    const { page } = journey
    const navigation = page.getByRole('navigation', { name: 'Menu' })
    await journey.follow(() => navigation.getByRole('link', { name: 'Governance' }).click())
    expect(location(page)).toBe('/governance')
    await journey.follow(() =>
      page.getByRole('main').getByRole('link', { name: 'Boards, groups and panels' }).click(),
    )
    await journey.follow(() => page.getByRole('link', { name: 'Add a body' }).click())

    await journey.follow(() => page.getByRole('button', { name: 'Save body' }).click())
    expect(await errorSummary(page)).toContain('Enter the name of the body')

    await page.getByLabel('Name', { exact: true }).fill('Northbridge Safeguarding Children Board')
    await page.getByLabel('Type').selectOption({ label: 'Board' })
    await fillDate(page, 'activeFrom', '2016-04-01')
    await journey.follow(() => page.getByRole('button', { name: 'Save body' }).click())
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Northbridge Safeguarding Children Board',
    )

    await journey.follow(() => page.getByRole('link', { name: 'Add a member' }).click())
    await page.getByLabel('Member', { exact: true }).fill('Lay Member')
    await page.getByLabel('Role').selectOption({ label: 'Lay member' })
    await fillDate(page, 'startsOn', '2016-04-01')
    await journey.follow(() => page.getByRole('button', { name: 'Add member' }).click())
    expect(await page.getByText('Member added').count()).toBe(1)

    await journey.follow(() => page.getByRole('link', { name: 'Add a meeting' }).click())
    await page.getByLabel('Title').fill('Board meeting')
    await fillDate(page, 'heldOn', '2016-04-20')
    await page.getByLabel('Status').selectOption({ label: 'Held' })
    await journey.follow(() => page.getByRole('button', { name: 'Add meeting' }).click())
    await page.getByLabel('Attendance of Lay Member').selectOption({ label: 'Present' })
    await journey.follow(() => page.getByRole('button', { name: 'Save attendance' }).click())
    expect(await page.getByText('Attendance saved').count()).toBe(1)

    await journey.follow(() =>
      page
        .getByRole('link', { name: 'Northbridge Safeguarding Children Board', exact: true })
        .click(),
    )
    await journey.follow(() => page.getByRole('link', { name: 'Attendance figures' }).click())
    const row = page.getByRole('row').filter({ hasText: 'Lay Member' })
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain('Lay Member 1 1 100%')
    await journey.close()
  })

  it('passes the accessibility checks on the budget, plan, risk, challenge and inspection pages', async () => {
    const journey = await signedInOfficer()
    const { page } = journey
    for (const path of [
      '/governance/budget/new',
      '/governance/plans/new',
      '/governance/risks/new',
      '/governance/challenges/new',
      '/governance/inspections/new',
      '/governance/import/plan',
    ]) {
      expect(await journey.visit(path), path).toBe(200)
    }
    await journey.visit('/governance/budget/new')
    await page.getByLabel('Financial year').fill('2011/12')
    await page.getByLabel('Printed spend total (optional)').fill('181933')
    await journey.follow(() => page.getByRole('button', { name: 'Add year' }).click())
    await page.getByLabel('Type of line').selectOption({ label: 'Expenditure' })
    await page.getByLabel('Description').fill('Staffing')
    await page.getByLabel('Actual').fill('123,318')
    await journey.follow(() => page.getByRole('button', { name: 'Add line' }).click())
    expect(await page.locator('main').innerText()).toContain('Spend lines add up to £123,318')

    await journey.visit('/governance/risks/new')
    await page.getByLabel('Reference').fill('R1')
    await page.getByLabel('Risk', { exact: true }).fill('Data not submitted')
    await page.getByLabel('Owner').fill('PMQA chair')
    await page
      .getByRole('group', { name: /Likelihood/ })
      .getByLabel('4')
      .check()
    await page
      .getByRole('group', { name: /Impact/ })
      .getByLabel('3')
      .check()
    await fillDate(page, 'reviewOn', '2017-01-31')
    await journey.follow(() => page.getByRole('button', { name: 'Add risk' }).click())
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Data not submitted')
    // 4 × 3 = 12 is amber by the default matrix: the rating is worked out, not chosen.
    expect(await page.locator('main').innerText()).toContain('Amber')

    await journey.visit('/governance/plans/new')
    await page.getByLabel('Title').fill('Business Plan 2014-17')
    await fillDate(page, 'startsOn', '2014-04-01')
    await fillDate(page, 'endsOn', '2017-03-31')
    await journey.follow(() => page.getByRole('button', { name: 'Add plan' }).click())
    const planPath = location(page)
    await journey.visit('/governance/import/plan')
    const csv = [
      'plan,priority_number,priority_title,action_reference,specific_action,leads,lead_agency,success_indicators,source_tags,rag,impact_and_evidence,step_text,step_due,step_revised_due,step_status',
      'Business Plan 2014-17,6,Improving the effectiveness of MSCB,6.2.4,Governance review,MSCB Executive,,,Peer Review 2015,,Restructure agreed January 2016,Business Planning Away day,2015-05-29,,complete',
    ].join('\n')
    await page
      .getByLabel('Upload a file')
      .setInputFiles({ name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await journey.follow(() => page.getByRole('button', { name: 'Import' }).click())
    expect(await page.getByText('1 business plan imported').count()).toBe(1)
    await journey.visit(planPath)
    expect(await page.locator('main').innerText()).toContain('Business Planning Away day')

    await journey.visit('/governance/inspections/new')
    await page.getByLabel('Inspectorate').selectOption({ label: 'Ofsted' })
    await page.getByLabel('What was inspected').fill('Review of the LSCB')
    await fillDate(page, 'startedOn', '2015-09-14')
    await journey.follow(() => page.getByRole('button', { name: 'Add inspection' }).click())
    await page.getByLabel('Number').fill('1')
    await page.getByLabel('Recommendation', { exact: true }).fill('Review governance')
    await page.getByLabel('Business plan actions that answer it (optional)').fill('6.2.4')
    await journey.follow(() => page.getByRole('button', { name: 'Add recommendation' }).click())
    expect(await page.locator('main').innerText()).toContain('6.2.4 (1 of 1 steps complete)')
    await journey.close()
  })
})
