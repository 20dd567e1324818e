import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorSummary, launchBrowser, location, startJourney } from './helpers/browser.js'
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

describe('report a concern about a child', () => {
  it('takes a member of the public from the start page to a reference number', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey
    const next = () => journey.follow(() => page.getByRole('button', { name: 'Continue' }).click())

    // The demo hosts one partnership, so its start page opens at once.
    await journey.visit('/report-a-concern')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Report a concern about a child',
    )
    expect(await page.locator('main').innerText()).toContain('call 999')
    await journey.follow(() => page.getByRole('button', { name: 'Start now' }).click())
    expect(location(page)).toBe('/report-a-concern/child/1')

    // Nothing filled in: the error summary links to each field.
    await next()
    expect(await page.title()).toMatch(/^Error: About the child/)
    const summary = await errorSummary(page)
    expect(summary).toContain('Enter the child’s first name')
    expect(summary).toContain('Enter the child’s date of birth or their approximate age')

    await page.getByLabel('First name').fill('Amira')
    await page.getByLabel('Last name (optional)').fill('Khan')
    const birth = page.getByRole('group', { name: 'Date of birth' })
    await birth.getByLabel('Day').fill('3')
    await birth.getByLabel('Month').fill('4')
    await birth.getByLabel('Year').fill('2018')
    await page.getByLabel('Postcode (optional)').fill('NB1 2AB')
    await next()
    expect(location(page)).toBe('/report-a-concern/children')
    await page
      .getByRole('group', { name: 'Do you need to tell us about another child?' })
      .getByLabel('No')
      .check()
    await next()

    expect(location(page)).toBe('/report-a-concern/family')
    await page.getByLabel('Who lives with the child?').fill('Mother and a brother aged 3')
    await next()
    await page
      .getByLabel('What are you worried about?')
      .fill('Bruises on her arms on several days.')
    await next()
    await page.getByLabel('What has the child said?').fill('She is scared to go home.')
    await next()

    expect(location(page)).toBe('/report-a-concern/consent')
    await page.getByLabel('No, they refused').check()
    await next()
    expect(await errorSummary(page)).toContain('Enter why the parents or carers refused')
    await page
      .getByLabel('If they refused, why did they refuse?')
      .fill('Her mother said it is nobody’s business')
    await next()

    expect(location(page)).toBe('/report-a-concern/about-you')
    await page.getByLabel('I will give my details').check()
    await page.getByLabel('Full name').fill('Pat Jones')
    await page.getByLabel('How do you know the child?').fill('Neighbour')
    await page.getByLabel('Telephone number').fill('01632 960 001')
    await next()

    expect(location(page)).toBe('/report-a-concern/check-answers')
    const answers = await page.locator('main').innerText()
    expect(answers).toContain('Amira Khan')
    expect(answers).toContain('No, they refused')
    await journey.follow(() => page.getByRole('button', { name: 'Send report' }).click())

    expect(location(page)).toBe('/report-a-concern/confirmation')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Report sent')
    expect(await page.locator('#reference').innerText()).toMatch(/^NSCP-\d{4}-000001$/)
    // The front door's number, a partnership setting (issue 19), wherever a page says to call it.
    expect(await page.locator('main').innerText()).toContain('call the front door on 01632 960 100')

    // Back to the check page and send again: still one report, the same reference.
    await journey.visit('/report-a-concern/check-answers')
    expect(location(page)).toBe('/report-a-concern/confirmation')
    expect(await page.locator('#reference').innerText()).toMatch(/-000001$/)
    await journey.close()
  })
})
