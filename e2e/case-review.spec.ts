import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { londonToday } from '../src/platform/calendar.js'
import { errorSummary, launchBrowser, location } from './helpers/browser.js'
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

const signedIn = (role: 'business-officer' | 'partnership-admin') =>
  signedInOnHome(browser, server, role)

/** Fills a GOV.UK date input (its fieldset's legend names it) with today. */
async function fillToday(page: Page, legend: string) {
  const [year = '', month = '', day = ''] = londonToday().split('-')
  const group = page.getByRole('group', { name: legend })
  await group.getByLabel('Day').fill(String(Number(day)))
  await group.getByLabel('Month').fill(String(Number(month)))
  await group.getByLabel('Year').fill(year)
}

describe('case reviews', () => {
  it('takes a case from referral through the rapid review to the chair’s decision', async () => {
    const officer = await signedIn('business-officer')
    const { page } = officer
    await officer.follow(() =>
      page
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Case reviews' })
        .click(),
    )
    expect(location(page)).toBe('/reviews')
    await officer.follow(() => page.getByRole('link', { name: 'Refer a case' }).click())
    await officer.follow(() => page.getByRole('button', { name: 'Send referral' }).click())
    expect(await errorSummary(page)).toContain('Enter the child’s name')

    await page.getByLabel('Child’s name').fill('Jamie Doe')
    await page.getByLabel('The child was seriously harmed').check()
    await fillToday(page, 'When did the partnership become aware?')
    await page
      .getByLabel('What happened, and why are you referring the case?')
      .fill('Head injury in a baby; the hospital suspects abuse.')
    await officer.follow(() => page.getByRole('button', { name: 'Send referral' }).click())
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^Case CR-\d{4}-001$/)

    await page.getByText('Ask an agency for information').click()
    await page.getByLabel('Agency', { exact: true }).selectOption({ index: 1 })
    await page
      .getByLabel('What do you need from the agency?')
      .fill('Contacts with the family this year')
    await officer.follow(() => page.getByRole('button', { name: 'Send request' }).click())
    expect(await page.getByText('Waiting').count()).toBe(1)

    await page
      .getByRole('group', { name: 'Is abuse or neglect known or suspected?' })
      .getByLabel('Yes')
      .check()
    await page
      .getByRole('group', {
        name: 'Does the case meet the criteria for a serious incident notification?',
      })
      .getByLabel('Yes')
      .check()
    await officer.follow(() => page.getByRole('button', { name: 'Record screening' }).click())
    await officer.follow(() => page.getByRole('button', { name: 'Record notification' }).click())
    await page
      .getByLabel('Findings and recommendation to the chair')
      .fill('Learning for health and police.')
    await officer.follow(() => page.getByRole('button', { name: 'Record rapid review' }).click())
    expect(await page.getByText('Waiting for the chair’s decision.').count()).toBe(1)
    const casePath = location(page)
    await officer.visit('/reviews/report-card')
    await officer.close()

    const chair = await signedIn('partnership-admin')
    const chairPage = chair.page
    await chair.visit(casePath)
    await chair.follow(() => chairPage.getByRole('button', { name: 'Record decision' }).click())
    expect(await errorSummary(chairPage)).toContain('Select the chair’s decision')
    await chairPage.getByLabel('Hold a local review').check()
    await chairPage.getByLabel('Child safeguarding practice review (serious case review)').check()
    await chairPage.getByLabel('Title of the review (when a review is held)').fill('Child J')
    await chairPage.getByLabel('Reasons for the decision').fill('Learning for several agencies.')
    await chair.follow(() => chairPage.getByRole('button', { name: 'Record decision' }).click())
    expect(location(chairPage)).toMatch(/^\/reviews\/reviews\//)
    expect(await chairPage.getByRole('heading', { level: 1 }).innerText()).toBe('Child J')
    await chair.close()
    // Thirteen pages with an axe check each: slow on a shared machine.
  }, 300_000)
})
