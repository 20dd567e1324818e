import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { londonToday } from '../src/platform/calendar.js'
import { errorSummary, fillDate, launchBrowser, location } from './helpers/browser.js'
import { insertDemoChild, signedInAs } from './helpers/journey.js'
import { startTestServer, type TestServer } from './helpers/server.js'

let browser: Browser
let server: TestServer
const today = londonToday()
const LA_CHILD_ID = 'E2ECLOSE1'

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
  await insertDemoChild(server, {
    laChildId: LA_CHILD_ID,
    givenName: 'Nadia',
    familyName: 'Price',
    birthDate: '2015-06-20',
  })
}, 400_000)

afterAll(async () => {
  await browser.close()
  await server.close()
})

describe('a child’s journey from a phone contact to the episode’s closure', () => {
  it('contact by phone, assessment decided, recorded and authorised, CIN plan, closure', async () => {
    // The MASH worker takes a phone call and records it as a contact.
    const mash = await signedInAs(browser, server, 'front-door-practitioner')
    const page = mash.page
    await mash.visit('/front-door/contacts/new')
    await page
      .getByRole('group', { name: 'How did the contact come in?' })
      .getByLabel('Phone call')
      .check()
    await page.getByLabel('Name of the person who made contact').fill('Ms Teacher')
    await page.getByLabel('Who they are').fill('Class teacher at Northbridge Primary')
    await page.getByLabel('Child’s first name').fill('Nadia')
    await page.getByLabel('Child’s last name (optional)').fill('Price')
    await fillDate(page, 'birthDate', '2015-06-20')
    await page.getByLabel('What is the concern?').fill('Often hungry; no coat in winter.')
    await page
      .getByRole('group', { name: 'What is the concern about?' })
      .getByLabel('Neglect')
      .check()
    const levels = page.getByRole('group', { name: 'Level of need' }).getByRole('radio')
    if ((await levels.count()) > 0) await levels.last().check()
    await mash.follow(() => page.getByRole('button', { name: 'Record contact' }).click())
    expect(location(page)).toMatch(/^\/referrals\/[0-9a-f-]{36}$/)
    const referralPath = location(page)
    expect(await page.locator('main').innerText()).toContain('Phone call')

    // It is the child of an existing record; the decision is an assessment.
    await mash.follow(() =>
      page.getByRole('button', { name: `Link child 1 to record ${LA_CHILD_ID}` }).click(),
    )
    await page
      .getByRole('group', { name: 'Decision' })
      .getByLabel('Child and family assessment (section 17)')
      .check()
    await page.getByLabel('Reasons for the decision').fill('Neglect needs assessing.')
    await page.getByLabel('Source of the referral').selectOption('2A')
    await page.getByLabel('Child’s primary need').selectOption('N1')
    await mash.follow(() => page.getByRole('button', { name: 'Record decision' }).click())
    await mash.close()

    // A manager makes the decision final: the child's episode opens with its assessment.
    const manager = await signedInAs(browser, server, 'front-door-manager')
    const managerPage = manager.page
    await manager.visit(referralPath)
    const authorise = managerPage.getByRole('group', { name: 'Authorise the decision' })
    if ((await authorise.count()) > 0) {
      await authorise
        .getByLabel('Authorise: the decision is final and the referrer is told')
        .check()
      await manager.follow(() => managerPage.getByRole('button', { name: 'Continue' }).click())
    }
    expect(await managerPage.locator('main').innerText()).toContain(
      'Census record: Child in need episode recorded.',
    )
    await manager.follow(() =>
      managerPage.getByRole('link', { name: `Nadia Price (LA child ID ${LA_CHILD_ID})` }).click(),
    )
    const childPath = location(managerPage)
    expect(childPath).toMatch(/^\/children\/[0-9a-f-]{36}$/)
    const childId = childPath.split('/')[2] ?? ''

    // A social worker records what the assessment found and sends it for authorisation.
    const worker = await signedInAs(browser, server, 'social-worker')
    const wp = worker.page
    await worker.visit(`/protection/children/${childId}/journey`)
    await worker.follow(() =>
      wp
        .getByRole('link', { name: /assessment$/ })
        .first()
        .click(),
    )
    expect(location(wp)).toMatch(/^\/protection\/assessments\//)
    const assessmentPath = location(wp)
    await wp.getByLabel('Neglect (16A)').check()
    await wp.getByLabel('Child in need plan').check()
    await worker.follow(() => wp.getByRole('button', { name: 'Send for authorisation' }).click())
    expect(await wp.locator('main .govuk-tag').first().innerText()).toContain(
      'Waiting for authorisation',
    )

    // The manager authorises it.
    await manager.visit(assessmentPath)
    await fillDate(managerPage, 'authorisedOn', today)
    await manager.follow(() =>
      managerPage.getByRole('button', { name: 'Authorise the assessment' }).click(),
    )
    expect(await managerPage.locator('main .govuk-tag').first().innerText()).toContain('Authorised')
    await manager.close()

    // The worker starts the child in need plan, ends it, and closes the episode.
    await worker.visit(`/protection/children/${childId}/journey`)
    await worker.follow(() =>
      wp.getByRole('button', { name: 'Start a child in need plan' }).click(),
    )
    await fillDate(wp, 'startedOn', today)
    await worker.follow(() => wp.getByRole('button', { name: 'Start the plan' }).click())
    expect(location(wp)).toMatch(/^\/protection\/cin-plans\//)
    await fillDate(wp, 'endedOn', today)
    await wp.getByLabel('No longer in need').check()
    await worker.follow(() => wp.getByRole('button', { name: 'End the plan' }).click())

    await worker.visit(`/protection/children/${childId}/journey`)
    await worker.follow(() =>
      wp
        .getByRole('link', { name: /episode$/ })
        .first()
        .click(),
    )
    expect(location(wp)).toMatch(/^\/protection\/episodes\//)
    // No reason given: refused, and the episode stays open.
    await fillDate(wp, 'closedOn', today)
    await worker.follow(() => wp.getByRole('button', { name: 'Close the episode' }).click())
    expect(await errorSummary(wp)).toContain('Select the reason for closure')
    await wp.getByLabel(/Services ceased for any other reason/).check()
    await worker.follow(() => wp.getByRole('button', { name: 'Close the episode' }).click())
    expect(await wp.locator('.govuk-summary-list').first().innerText()).toContain('RC7')
    await worker.close()
  }, 600_000)
})
