import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, startJourney } from './helpers/browser.js'
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

describe('the pages a UK public service must have', () => {
  it('are linked from the footer and pass axe: accessibility statement, privacy notice, cookies', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey
    expect(await journey.visit('/sign-in')).toBe(200)
    const footer = page.locator('footer')
    const pages = [
      ['Accessibility statement', 'WCAG 2.2', '/accessibility'],
      ['Privacy notice', 'Article 6(1)(e)', '/privacy'],
      ['Cookies', 'keepsafe_session', '/cookies'],
    ] as const
    for (const [link, text, path] of pages) {
      await journey.follow(() => footer.getByRole('link', { name: link, exact: true }).click())
      expect(new URL(page.url()).pathname).toBe(path)
      expect(await page.locator('main').innerText()).toContain(text)
    }
    await journey.close()
  })
})
