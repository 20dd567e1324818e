import { generateSync } from 'otplib'
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

/** A 6-digit code that the server cannot accept: not valid in this, the last or the next step. */
function wrongCode(secret: string): string {
  const now = Math.floor(Date.now() / 1000)
  const valid = new Set([now - 30, now, now + 30].map(epoch => generateSync({ secret, epoch })))
  return ['000000', '111111', '222222'].find(code => !valid.has(code)) ?? '333333'
}

describe('signing in with two-factor authentication', () => {
  it('refuses a wrong password with a GOV.UK error summary', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey

    await signIn(journey, demoEmail('social-worker'), 'not-the-password')

    expect(location(page)).toBe('/sign-in')
    expect(await page.title()).toMatch(/^Error: Sign in/)
    expect(await errorSummary(page)).toContain('Enter a correct email address and password')
    expect(
      await page
        .getByRole('link', { name: 'Enter a correct email address and password' })
        .getAttribute('href'),
    ).toBe('#email')
    expect(await page.locator('#email-error').innerText()).toContain(
      'Enter a correct email address and password',
    )
    expect(await page.getByLabel('Email address').inputValue()).toBe(demoEmail('social-worker'))
    await journey.close()
  })

  it('makes a social worker set up two-factor at first sign-in, then asks for a code every time', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey

    // First sign-in: sent to set up two-factor before anything else.
    await signIn(journey, demoEmail('social-worker'), DEMO_PASSWORD)
    expect(location(page)).toBe('/account/two-factor/set-up')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Set up two-factor authentication',
    )
    expect(
      await page.getByRole('img', { name: 'QR code for your authenticator app' }).count(),
    ).toBe(1)

    // "Scan" the code: read the key the page shows, as a person would type it into their app.
    const secret = (await page.locator('#totp-secret').innerText()).trim()
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/)
    await page.getByLabel('Code from your app').fill(generateSync({ secret }))
    await journey.follow(() =>
      page.getByRole('button', { name: 'Turn on two-factor authentication' }).click(),
    )

    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Two-factor authentication is on',
    )
    expect(
      await page.getByRole('heading', { level: 2, name: 'Save your recovery codes' }).count(),
    ).toBe(1)
    const codes = await page.locator('#recovery-codes li').allInnerTexts()
    expect(codes).toHaveLength(10)
    for (const code of codes) expect(code.trim()).toMatch(/^[a-z0-9]{10}$/)

    await journey.follow(() =>
      page.getByRole('link', { name: 'I have saved my codes: continue' }).click(),
    )
    expect(location(page)).toBe('/')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Northbridge Safeguarding Children Partnership',
    )
    expect(await page.locator('main').innerText()).toContain('You are signed in as Social worker')

    // Sign out.
    await journey.follow(() => page.getByRole('button', { name: 'Sign out' }).click())
    expect(location(page)).toBe('/sign-in?signedOut=1')
    expect(await page.getByText('You have signed out').count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0)

    // Second sign-in: the password alone is not enough.
    await signIn(journey, demoEmail('social-worker'), DEMO_PASSWORD)
    expect(new URL(page.url()).pathname).toBe('/sign-in/two-factor')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Enter your security code',
    )
    await journey.visit('/')
    expect(location(page), 'no other page until the code is entered').toBe('/sign-in/two-factor')

    // A wrong code is refused with the error summary and an inline error.
    await page.getByLabel('Enter your security code').fill(wrongCode(secret))
    await journey.follow(() => page.getByRole('button', { name: 'Continue' }).click())
    expect(await page.title()).toMatch(/^Error: /)
    expect(await errorSummary(page)).toContain('The code is not right')
    expect(await page.locator('#code-error').innerText()).toContain('The code is not right')

    // The right code gets in. The code used to enrol is spent (no replay), so use the next
    // 30-second step's code, which the one-step drift allowance accepts.
    const nextStep = Math.floor(Date.now() / 1000) + 30
    await page
      .getByLabel('Enter your security code')
      .fill(generateSync({ secret, epoch: nextStep }))
    await journey.follow(() => page.getByRole('button', { name: 'Continue' }).click())
    expect(location(page)).toBe('/')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Northbridge Safeguarding Children Partnership',
    )
    await journey.close()
  })
})
