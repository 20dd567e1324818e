import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, location, signIn, startJourney } from './helpers/browser.js'
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

/** The little of the DOM the check below needs (the project compiles without the DOM library). */
interface StyledElement {
  ownerDocument: {
    defaultView: { getComputedStyle(element: StyledElement): { fontFamily: string } } | null
  }
}

describe('pages a person may not see', () => {
  it('shows a board member the GOV.UK permission page for the audit trail', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey

    // A board member cannot see children's records, so no second factor is asked for.
    await signIn(journey, demoEmail('board-member'), DEMO_PASSWORD)
    expect(location(page)).toBe('/')
    expect(await page.getByRole('link', { name: 'Audit trail' }).count()).toBe(0)

    const status = await journey.visit('/audit')
    expect(status).toBe(403)
    expect(location(page)).toBe('/audit')
    expect(await page.title()).toBe(
      'You do not have permission to see this page – Keepsafe – Northbridge Safeguarding Children Partnership',
    )
    const heading = page.getByRole('heading', { level: 1 })
    expect(await heading.innerText()).toBe('You do not have permission to see this page')
    expect(await page.locator('main').innerText()).toContain('ask your partnership administrator')
    // In the GOV.UK style: the service's stylesheet (GOV.UK Frontend compiled with Arial, as a
    // council's service must) applies, inside the usual header and footer.
    const fontFamily = await heading.evaluate(
      (element: StyledElement) =>
        element.ownerDocument.defaultView?.getComputedStyle(element).fontFamily,
    )
    expect(fontFamily?.toLowerCase()).toContain('arial')
    expect(await heading.getAttribute('class')).toContain('govuk-heading-l')
    // The header names the person's partnership, linking home.
    expect(await page.getByRole('banner').locator('a.keepsafe-header__homepage-link').count()).toBe(
      1,
    )
    expect(await page.getByRole('contentinfo').getByRole('link', { name: 'Help' }).count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1)
    expect(await page.locator('main').innerText()).not.toMatch(/error|stack|at [\w.]+ \(/i)

    await journey.follow(() => page.getByRole('link', { name: 'Go to the start page' }).click())
    expect(location(page)).toBe('/')
    await journey.close()
  })

  it('sends a signed-out visitor to /admin to sign in, then back to /admin', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey

    await journey.visit('/admin')
    expect(location(page)).toBe('/sign-in?next=%2Fadmin')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in to Keepsafe')
    expect(await page.locator('main').innerText()).not.toContain('Administration')

    await signIn(journey, demoEmail('partnership-admin'), DEMO_PASSWORD)
    expect(location(page)).toBe('/admin')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Administration')
    await journey.close()
  })
})
