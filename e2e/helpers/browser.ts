import { AxeBuilder } from '@axe-core/playwright'
import type { Result } from 'axe-core'
import { generateSync } from 'otplib'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { expect } from 'vitest'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Headless Chromium from the Debian package, kept off the network except for the app. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** One line per failing element: rule, impact, what to fix, where, and the element itself. */
export function describeViolations(violations: Result[]): string[] {
  return violations.flatMap(violation =>
    violation.nodes.map(
      node =>
        `${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help} — ${node.target.join(' ')} — ${node.html}`,
    ),
  )
}

/**
 * Runs every axe-core rule (WCAG 2.x A and AA, and best practices) on the page as it is now and
 * fails the test on any violation. Legacy mode runs axe.run() in the page itself instead of
 * finishing each run in a new blank page: Keepsafe pages have no frames, and it halves the time.
 */
export async function checkA11y(page: Page): Promise<void> {
  await page.waitForLoadState('load')
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze()
  expect(describeViolations(results.violations), `accessibility of ${page.url()}`).toEqual([])
}

/**
 * A person's browser session. Every page it loads goes through `visit` or `follow`, which run the
 * axe check on it; `close` fails the test if some page was loaded without one.
 */
export interface Journey {
  page: Page
  /** Opens a path, checks the page it lands on and returns that page's HTTP status. */
  visit(path: string): Promise<number | undefined>
  /** Runs an action that loads a new page (following a link, sending a form) and checks it. */
  follow(action: () => Promise<unknown>): Promise<void>
  /** The paths of the pages checked so far, in order. */
  checkedPages: string[]
  close(): Promise<void>
}

export async function startJourney(browser: Browser, baseUrl: string): Promise<Journey> {
  const context: BrowserContext = await browser.newContext({ baseURL: baseUrl })
  context.setDefaultTimeout(30_000)
  const page = await context.newPage()
  let loads = 0
  page.on('load', () => {
    loads += 1
  })
  const checkedPages: string[] = []
  const check = async () => {
    await checkA11y(page)
    checkedPages.push(new URL(page.url()).pathname)
  }

  return {
    page,
    checkedPages,
    async visit(path) {
      const response = await page.goto(path)
      await check()
      return response?.status()
    },
    async follow(action) {
      const loaded = page.waitForEvent('load')
      await action()
      await loaded
      await check()
    },
    async close() {
      const unchecked = loads - checkedPages.length
      await context.close()
      expect(
        unchecked,
        `pages loaded without an accessibility check (checked: ${checkedPages.join(', ')})`,
      ).toBe(0)
    },
  }
}

/** Fills in and sends the sign-in form; the caller checks where it leads. */
export async function signIn(journey: Journey, email: string, password: string): Promise<void> {
  const { page } = journey
  if (new URL(page.url()).pathname !== '/sign-in') await journey.visit('/sign-in')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await journey.follow(() => page.getByRole('button', { name: 'Sign in' }).click())
}

// Two-factor sign-in (issue 12): every role that can see who a child is must use a second factor.
const TOTP_STEP_SECONDS = 30
const enrolled = new Map<string, { secret: string; lastStep: number }>()

/** A step whose code the server accepts (one step of drift) and that is later than the last used. */
async function freshStep(lastStep: number): Promise<number> {
  const now = () => Math.floor(Date.now() / 1000 / TOTP_STEP_SECONDS)
  const step = Math.max(now(), lastStep + 1)
  while (step > now() + 1) await new Promise(resolve => setTimeout(resolve, 1000))
  return step
}

/**
 * Signs in a person whose role must use two-factor authentication: the first time in this test
 * server, they set it up from the page (reading the key as they would type it into their app) and
 * continue past their recovery codes; later, they answer with a code not used before.
 */
export async function signInWithTwoFactor(
  journey: Journey,
  email: string,
  password: string,
): Promise<void> {
  const { page } = journey
  await signIn(journey, email, password)
  const key = `${new URL(page.url()).origin} ${email}`
  const known = enrolled.get(key)
  if (known) {
    expect(new URL(page.url()).pathname).toBe('/sign-in/two-factor')
    known.lastStep = await freshStep(known.lastStep)
    const epoch = known.lastStep * TOTP_STEP_SECONDS
    await page
      .getByLabel('Enter your security code')
      .fill(generateSync({ secret: known.secret, epoch }))
    await journey.follow(() => page.getByRole('button', { name: 'Continue' }).click())
    return
  }
  expect(new URL(page.url()).pathname).toBe('/account/two-factor/set-up')
  const secret = (await page.locator('#totp-secret').innerText()).trim()
  const step = await freshStep(-1)
  await page
    .getByLabel('Code from your app')
    .fill(generateSync({ secret, epoch: step * TOTP_STEP_SECONDS }))
  await journey.follow(() =>
    page.getByRole('button', { name: 'Turn on two-factor authentication' }).click(),
  )
  enrolled.set(key, { secret, lastStep: step })
  await journey.follow(() =>
    page.getByRole('link', { name: 'I have saved my codes: continue' }).click(),
  )
}

/** The path and query of the page the browser shows. */
export function location(page: Page): string {
  const url = new URL(page.url())
  return `${url.pathname}${url.search}`
}

/** The text of the GOV.UK error summary, which must be on the page. */
export async function errorSummary(page: Page): Promise<string> {
  const summary = page.locator('.govuk-error-summary')
  expect(await summary.count(), 'a GOV.UK error summary on the page').toBe(1)
  return (await summary.innerText()).replace(/\s+/g, ' ').trim()
}

/**
 * Types an ISO date into the GOV.UK date boxes `name`-day, -month and -year, one box after the
 * other: Playwright's fill focuses a box and then types into whatever has the focus, so boxes
 * filled at the same time swap their values.
 */
export async function fillDate(page: Page, name: string, date: string): Promise<void> {
  const [year = '', month = '', day = ''] = date.split('-')
  await page.locator(`#${name}-day`).fill(String(Number(day)))
  await page.locator(`#${name}-month`).fill(String(Number(month)))
  await page.locator(`#${name}-year`).fill(year)
}
