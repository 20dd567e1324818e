import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { londonToday } from '../src/platform/calendar.js'
import { addCalendarDays } from '../src/platform/working-days.js'
import { errorSummary, fillDate, launchBrowser, location } from './helpers/browser.js'
import { childOnProtectionPlan, signedInAs } from './helpers/journey.js'
import { startTestServer, type TestServer } from './helpers/server.js'

let browser: Browser
let server: TestServer
const referralOn = addCalendarDays(londonToday(), -60)
const planStartedOn = addCalendarDays(referralOn, 10)
const planEndedOn = addCalendarDays(referralOn, 40)

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
}, 400_000)

afterAll(async () => {
  await browser.close()
  await server.close()
})

describe('a child protection plan stepped down to a child in need plan', () => {
  it('ends the plan with the step-down, starts the CIN plan and lists the step', async () => {
    const { childId, planId } = await childOnProtectionPlan(server, {
      laChildId: 'E2ESTEPDOWN1',
      referralOn,
      planStartedOn,
    })
    const worker = await signedInAs(browser, server, 'social-worker')
    const { page } = worker
    await worker.visit(`/protection/plans/${planId}`)
    await page.getByText('End the plan outside a conference').click()
    await fillDate(page, 'endedOn', planEndedOn)
    // Without a reason: refused, with the message next to the reasons.
    await worker.follow(() => page.getByRole('button', { name: 'End the plan' }).click())
    expect(await errorSummary(page)).toContain('Select why the plan ended')
    await page.getByLabel('No longer at risk: stepped down to a child in need plan').check()
    await worker.follow(() => page.getByRole('button', { name: 'End the plan' }).click())
    expect(location(page)).toMatch(/^\/protection\/plans\//)
    expect(await page.locator('main').innerText()).toContain(
      'No longer at risk: stepped down to a child in need plan',
    )

    await worker.visit(`/protection/children/${childId}/journey`)
    const cinPlans = page.getByRole('table', { name: /Child in need plans/ })
    expect(await cinPlans.getByRole('row').count()).toBe(2)
    expect(await cinPlans.innerText()).toContain('Open')
    const steps = await page.locator('#steps + ul').innerText()
    expect(steps).toContain('Stepped down from a child protection plan to a child in need plan')

    await worker.follow(() => cinPlans.getByRole('link', { name: /child in need plan/ }).click())
    expect(location(page)).toMatch(/^\/protection\/cin-plans\//)
    await worker.close()

    const row = await server.database.owner
      .selectFrom('cin_plan')
      .select(['start_date', 'end_date', 'started_from_plan_id'])
      .where('started_from_plan_id', '=', planId)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ start_date: planEndedOn, end_date: null, started_from_plan_id: planId })
  }, 240_000)
})
