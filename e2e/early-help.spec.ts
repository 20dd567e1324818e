import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { londonToday } from '../src/platform/calendar.js'
import { addCalendarDays } from '../src/platform/working-days.js'
import { errorSummary, fillDate, launchBrowser, location } from './helpers/browser.js'
import { insertDemoChild, signedInAs } from './helpers/journey.js'
import { startTestServer, type TestServer } from './helpers/server.js'

let browser: Browser
let server: TestServer
const today = londonToday()
const startedOn = addCalendarDays(today, -30)
const POLICE = 'Northbridge Police'

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
  await insertDemoChild(server, {
    laChildId: 'E2EEH1',
    givenName: 'Ellie',
    familyName: 'Stone',
    birthDate: '2014-02-11',
  })
  await insertDemoChild(server, {
    laChildId: 'E2EEH2',
    givenName: 'Owen',
    familyName: 'Hart',
    birthDate: '2012-10-01',
  })
}, 400_000)

afterAll(async () => {
  await browser.close()
  await server.close()
})

describe('early help opened by hand', () => {
  it('opened, reviewed and closed with an outcome; the agency lead sees only their agency’s', async () => {
    const worker = await signedInAs(browser, server, 'front-door-practitioner')
    const { page } = worker
    await worker.visit('/early-help')
    await worker.follow(() =>
      page.getByRole('button', { name: 'Open an early help episode' }).click(),
    )
    expect(location(page)).toBe('/early-help/new')

    // Nothing filled in: every field says what is missing.
    await worker.follow(() => page.getByRole('button', { name: 'Open the episode' }).click())
    const summary = await errorSummary(page)
    expect(summary).toContain('Enter the child’s LA child ID')
    expect(summary).toContain('Enter the date the early help started')
    expect(summary).toContain('Enter why the family needs early help')

    await page.getByLabel('Child’s LA child ID').fill('E2EEH1')
    await fillDate(page, 'startedOn', startedOn)
    await page
      .getByLabel('Why the family needs early help')
      .fill('Missing school; family asking for help with routines')
    await page.getByLabel('Lead professional’s name').fill('PC Dan Hughes')
    await page.getByLabel('Lead professional’s agency').selectOption({ label: POLICE })
    await worker.follow(() => page.getByRole('button', { name: 'Open the episode' }).click())
    expect(location(page)).toMatch(/^\/early-help\/[0-9a-f-]{36}\?notice=early-help-opened$/)
    const episodePath = location(page).split('?')[0] ?? ''
    expect(await page.locator('main').innerText()).toContain('Early help episode opened')

    await fillDate(page, 'heldOn', addCalendarDays(startedOn, 14))
    await page.getByLabel('What the review found').fill('Attending every day this fortnight')
    await worker.follow(() => page.getByRole('button', { name: 'Record review' }).click())
    expect(await page.getByRole('table').innerText()).toContain(
      'Attending every day this fortnight',
    )

    await fillDate(page, 'endedOn', today)
    await page.getByLabel('Needs met: the family plan’s outcomes were achieved').check()
    await worker.follow(() => page.getByRole('button', { name: 'Close the episode' }).click())
    const closed = await page.locator('.govuk-summary-list').innerText()
    expect(closed).toContain('Needs met')
    expect(closed).toContain('PC Dan Hughes')

    // A second child's episode, led by the council.
    await worker.visit('/early-help/new')
    await page.getByLabel('Child’s LA child ID').fill('E2EEH2')
    await fillDate(page, 'startedOn', startedOn)
    await page.getByLabel('Why the family needs early help').fill('Young carer for his father')
    await page.getByLabel('Lead professional’s name').fill('Tom Reid')
    await page
      .getByLabel('Lead professional’s agency')
      .selectOption({ label: 'Northbridge Council Children’s Services' })
    await worker.follow(() => page.getByRole('button', { name: 'Open the episode' }).click())
    await worker.visit('/early-help?show=all')
    const all = await page.getByRole('table').innerText()
    expect(all).toContain('E2EEH1')
    expect(all).toContain('E2EEH2')
    await worker.close()

    // The police's agency lead sees the episode their officer leads, not the council's.
    const lead = await signedInAs(browser, server, 'agency-lead')
    await lead.visit('/early-help?show=all')
    expect(await lead.page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Early help led by your agency',
    )
    const theirs = await lead.page.getByRole('table').innerText()
    expect(theirs).toContain('E2EEH1')
    expect(theirs).not.toContain('E2EEH2')
    await lead.follow(() => lead.page.getByRole('link', { name: 'Ellie Stone' }).click())
    expect(location(lead.page)).toBe(episodePath)
    expect(await lead.page.locator('main').innerText()).toContain(
      'Attending every day this fortnight',
    )
    await lead.close()
  }, 600_000)
})
