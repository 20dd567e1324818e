import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, location, startJourney } from './helpers/browser.js'
import { startTestServer, type TestServer } from './helpers/server.js'

let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
})

afterAll(async () => {
  await browser.close()
  await server.close()
})

describe('the public front page', () => {
  it('greets a member of the public at / with how to report a concern and reach the front door', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey
    expect(await journey.visit('/')).toBe(200)
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Northbridge Safeguarding Children Partnership',
    )
    const main = await page.locator('main').innerText()
    expect(main).toContain('call 999')
    expect(main).toContain('01632 960 100')
    expect(main).toContain('01632 960 999')
    expect(main).toContain('Monday to Thursday')

    await journey.follow(() => page.getByRole('link', { name: 'Annual reports' }).click())
    expect(location(page)).toBe('/p/northbridge/reports')
    await journey.visit('/')
    await journey.follow(() =>
      page.getByRole('button', { name: 'Report a concern about a child' }).click(),
    )
    expect(location(page)).toBe('/report-a-concern?partnership=northbridge')
    await journey.visit('/')
    await journey.follow(() => page.getByRole('link', { name: 'sign in' }).click())
    expect(location(page)).toBe('/sign-in')
    await journey.close()
  })
})
