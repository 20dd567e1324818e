import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fillDate, launchBrowser, location, signIn, startJourney } from './helpers/browser.js'
import { DEMO_PASSWORD, demoEmail, startTestServer, type TestServer } from './helpers/server.js'

let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
})

afterAll(async () => {
  await browser.close()
  await server.close()
})

describe('budget variances and the risk matrix', () => {
  it('flags a shortfall and an overspend, and rates a risk by the partnership’s matrix', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey
    await signIn(journey, demoEmail('business-officer'), DEMO_PASSWORD)
    expect(location(page)).toBe('/')

    await journey.visit('/governance/budget/new')
    await page.getByLabel('Financial year').fill('2031/32')
    await journey.follow(() => page.getByRole('button', { name: 'Add year' }).click())
    await page.getByLabel('Type of line').selectOption({ label: 'Contribution' })
    await page.getByLabel('Description').fill('Police contribution')
    await page.getByLabel('Contribution').selectOption({ label: 'Cash' })
    await page.getByLabel('Budget (optional)').fill('10,000')
    await page.getByLabel('Actual').fill('8,000')
    await journey.follow(() => page.getByRole('button', { name: 'Add line' }).click())
    await page.getByLabel('Type of line').selectOption({ label: 'Expenditure' })
    await page.getByLabel('Description').fill('Training')
    await page.getByLabel('Budget (optional)').fill('5,000')
    await page.getByLabel('Actual').fill('6,250')
    await journey.follow(() => page.getByRole('button', { name: 'Add line' }).click())
    const income = await page.getByRole('table', { name: 'Income' }).innerText()
    expect(income).toMatch(/Police contribution.*£10,000\s+£8,000\s+−£2,000\s+Shortfall/)
    const spend = await page.getByRole('table', { name: 'Expenditure' }).innerText()
    expect(spend).toMatch(/Training\s+£5,000\s+£6,250\s+\+£1,250\s+Overspend/)
    expect(await page.locator('main').innerText()).toContain(
      '1 income line is short of budget and 1 expenditure line is over budget.',
    )

    await journey.visit('/governance/risks/matrix')
    await page.getByLabel('Likelihood 4, impact 3 (score 12)').selectOption({ label: 'Red' })
    await journey.follow(() => page.getByRole('button', { name: 'Save the matrix' }).click())
    expect(await page.getByRole('alert').innerText()).toContain('Risk matrix saved')
    expect(await page.getByLabel('Likelihood 4, impact 3 (score 12)').inputValue()).toBe('red')

    await journey.visit('/governance/risks/new')
    await page.getByLabel('Reference').fill('RM-1')
    await page.getByLabel('Risk', { exact: true }).fill('Partners leave the data sharing agreement')
    await page.getByLabel('Owner').fill('Independent scrutineer')
    await page
      .getByRole('group', { name: /Likelihood/ })
      .getByLabel('4')
      .check()
    await page
      .getByRole('group', { name: /Impact/ })
      .getByLabel('3')
      .check()
    await fillDate(page, 'reviewOn', '2031-06-30')
    await journey.follow(() => page.getByRole('button', { name: 'Add risk' }).click())
    expect(await page.locator('main').innerText()).toMatch(/RAG rating\s+Red/)
    await journey.visit('/governance/risks')
    await journey.close()
  })
})
