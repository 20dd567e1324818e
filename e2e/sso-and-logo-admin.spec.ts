import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorSummary, launchBrowser, location, startJourney } from './helpers/browser.js'
import { signedInAdmin } from './helpers/journey.js'
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

/** The smallest real PNG: a 1 by 1 pixel image. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
)

describe('single sign-on and the partnership’s own look, in a browser', () => {
  it('offers sign-in with your organisation, and says when an organisation does not use it', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey
    await journey.visit('/sign-in/sso')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Sign in with your organisation',
    )
    await page.getByLabel('Email address').fill('someone@no-provider.example')
    await journey.follow(() => page.getByRole('button', { name: 'Continue' }).click())
    expect(await errorSummary(page)).toContain('Your organisation does not sign in to Keepsafe')
    await journey.close()
  })

  it('lets an administrator add a sign-in provider through the form and see it listed', async () => {
    const journey = await signedInAdmin(browser, server)
    const { page } = journey
    await journey.visit('/admin/settings')
    await journey.follow(() => page.getByRole('link', { name: 'Manage sign-in providers' }).click())
    expect(await page.locator('main').innerText()).toContain('No sign-in providers yet')
    await journey.follow(() => page.getByRole('button', { name: 'Add a sign-in provider' }).click())

    // A mistake first: the error summary and the message beside the field.
    await page.getByLabel('Organisation’s name').fill('Northbridge City Council')
    await page.getByLabel('Issuer').fill('http://login.example.org')
    await journey.follow(() => page.getByRole('button', { name: 'Save sign-in provider' }).click())
    expect(await errorSummary(page)).toContain('Enter the issuer’s web address starting https://')

    await page.getByLabel('Issuer').fill('https://login.microsoftonline.com/tenant/v2.0')
    await page.getByLabel('Client ID').fill('keepsafe-client')
    await page
      .getByLabel('Name of the variable holding the client secret')
      .fill('KEEPSAFE_OIDC_SECRET_NORTHBRIDGE')
    await page.getByLabel('Email domains').fill('northbridge.gov.uk\nschools.northbridge.gov.uk')
    await journey.follow(() => page.getByRole('button', { name: 'Save sign-in provider' }).click())

    expect(location(page)).toBe('/admin/settings/sign-in?notice=added')
    const listed = await page.locator('main').innerText()
    expect(listed).toContain('Northbridge City Council')
    expect(listed).toContain('schools.northbridge.gov.uk')
    expect(listed).toContain('Not set on this server')
    await journey.close()
  })

  it('lets an administrator upload a logo and see it in the header', async () => {
    const journey = await signedInAdmin(browser, server)
    const { page } = journey
    await journey.visit('/admin/settings/logo')
    await page.getByLabel('Upload a logo').setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: PNG,
    })
    await journey.follow(() => page.getByRole('button', { name: 'Upload logo' }).click())
    expect(location(page)).toBe('/admin/settings/logo?notice=saved')
    const logo = page.locator('header img.keepsafe-header__logo')
    expect(await logo.count()).toBe(1)
    expect(await logo.getAttribute('alt')).toBeTruthy()
    expect(
      await logo.evaluate(img => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(1)
    await journey.close()
  })
})
