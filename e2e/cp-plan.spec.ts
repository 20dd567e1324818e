/**
 * Issue 19 point 3: a child protection plan has a plan in it. A social worker records a core group
 * meeting with the people at it, writes the plan's outcomes, actions and contingency as agreed
 * there, and prints it for the family and agencies; every page passes axe.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { londonToday } from '../src/platform/calendar.js'
import { formatDate } from '../src/platform/http/web.js'
import { addCalendarDays, englandAndWales } from '../src/platform/working-days.js'
import { errorSummary, fillDate, launchBrowser, location } from './helpers/browser.js'
import { childOnProtectionPlan, signedInAs } from './helpers/journey.js'
import { startTestServer, type TestServer } from './helpers/server.js'

let browser: Browser
let server: TestServer
const referralOn = addCalendarDays(londonToday(), -60)
const planStartedOn = addCalendarDays(referralOn, 10)
const coreGroupOn = englandAndWales.addWorkingDays(planStartedOn, 5)
const actionDueOn = englandAndWales.addWorkingDays(londonToday(), 20)

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
}, 400_000)

afterAll(async () => {
  await browser.close()
  await server.close()
})

describe('the plan in a child protection plan', () => {
  it('is agreed at a core group, written as outcomes, actions and a contingency, and printed', async () => {
    const { planId } = await childOnProtectionPlan(server, {
      laChildId: 'E2EPLAN1',
      referralOn,
      planStartedOn,
    })
    const worker = await signedInAs(browser, server, 'social-worker')
    const { page } = worker
    await worker.visit(`/protection/plans/${planId}`)
    expect(await page.locator('main').innerText()).toContain('No core group meetings recorded yet')

    // The core group meeting, with the people at it.
    await fillDate(page, 'heldOn', coreGroupOn)
    await page.getByLabel('Person 1: name').fill('Sam Patel')
    await page.getByLabel('Person 1: agency').selectOption({ label: 'Northbridge Police' })
    await worker.follow(() =>
      page.getByRole('button', { name: 'Record core group meeting' }).click(),
    )
    expect(await page.locator('.govuk-error-summary').allInnerTexts()).toEqual([])
    const meetings = page.getByRole('table', { name: /Meetings held/ })
    expect(await meetings.innerText()).toContain('Sam Patel (Northbridge Police): Attended')
    expect(await meetings.innerText()).toContain(formatDate(coreGroupOn))

    // The plan itself: refused empty, with the reasons in the error summary, then written.
    await worker.follow(() => page.getByRole('link', { name: 'Record what the plan says' }).click())
    expect(location(page)).toBe(`/protection/plans/${planId}/contents`)
    await worker.follow(() =>
      page.getByRole('button', { name: 'Save a new version of the plan' }).click(),
    )
    expect(await errorSummary(page)).toContain(
      'Select the conference or core group that agreed this plan',
    )
    await page.getByLabel('Which meeting agreed this version?').selectOption({ index: 1 })
    await page.getByLabel('Outcome 1').fill('Leah goes to school every day, fed and rested.')
    await page
      .getByLabel('Action 1: what will be done')
      .fill('Visit the family at home every week and see Leah alone')
    await page.getByLabel('Action 1: who will do it').fill('Sam Patel')
    await page.getByLabel('Action 1: their agency').selectOption({ label: 'Northbridge Police' })
    await fillDate(page, 'action-0-dueOn', actionDueOn)
    await page
      .getByLabel('Contingency plan')
      .fill('If Leah misses school for two days running, a strategy discussion is held.')
    await worker.follow(() =>
      page.getByRole('button', { name: 'Save a new version of the plan' }).click(),
    )
    expect(location(page)).toMatch(new RegExp(`^/protection/plans/${planId}`))
    const plan = await page.locator('main').innerText()
    expect(plan).toContain('Leah goes to school every day, fed and rested.')
    expect(plan).toContain('Visit the family at home every week and see Leah alone')
    expect(plan).toContain(formatDate(actionDueOn))

    // Printed for the family and the agencies.
    await worker.follow(() => page.getByRole('link', { name: 'Print the plan' }).click())
    expect(location(page)).toBe(`/protection/plans/${planId}/print`)
    const printed = await page.locator('main').innerText()
    expect(printed).toContain('Leah Moss')
    expect(printed).toContain('Sam Patel')
    expect(printed).toContain('If Leah misses school for two days running')
    await worker.close()
  }, 240_000)
})
