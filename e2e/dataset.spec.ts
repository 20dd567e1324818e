import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorSummary, launchBrowser, location, signIn, startJourney } from './helpers/browser.js'
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

describe('the dataset', () => {
  it('shows the DfE figures with definitions and charts with their tables, and sets a target', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey
    // DfE's LAIT file (about 200,000 rows) is read in the background once the server has started;
    // the page does not wait for it, but on a busy machine every page is slow: allow for it.
    page.setDefaultTimeout(90_000)
    await signIn(journey, demoEmail('business-officer'), DEMO_PASSWORD)
    await journey.follow(() =>
      page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Dataset' }).click(),
    )
    await page.getByLabel('Month, quarter or financial year').selectOption({ index: 1 })
    await journey.follow(() =>
      page.getByRole('button', { name: 'Show figures', exact: true }).click(),
    )
    expect(location(page)).toMatch(/^\/dataset\?period=/)
    expect(
      await page
        .getByRole('heading', { name: 'Children’s social care: figures as DfE defines them' })
        .count(),
    ).toBe(1)
    expect(await page.locator('#dfe-figures [data-dfe-figure="ReReferral"]').count()).toBe(1)
    expect(await page.locator('figure.keepsafe-chart svg[role="img"]').count()).toBe(2)
    expect(await page.locator('figure.keepsafe-chart table').count()).toBe(2)

    await journey.follow(() => page.getByRole('link', { name: /Dataset settings/ }).click())
    expect(location(page)).toBe('/dataset/settings')
    await journey.follow(() => page.getByRole('button', { name: 'Save target' }).click())
    expect(await errorSummary(page)).toContain('Enter the indicator’s key')
    await page.getByLabel('Indicator', { exact: true }).fill('ReReferral')
    await page.getByLabel('Financial year ending in').fill('2026')
    await page.getByLabel('Within a range').check()
    await page.getByLabel('Lowest value of the range').fill('18')
    await page.getByLabel('Highest value of the range').fill('25')
    await journey.follow(() => page.getByRole('button', { name: 'Save target' }).click())
    expect(await page.getByText('The target was saved').count()).toBeGreaterThan(0)
    await journey.close()
  }, 240_000)
})
