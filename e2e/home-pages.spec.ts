import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { londonToday } from '../src/platform/calendar.js'
import { addCalendarDays } from '../src/platform/working-days.js'
import {
  launchBrowser,
  location,
  signIn,
  signInWithTwoFactor,
  startJourney,
} from './helpers/browser.js'
import { DEMO_PASSWORD, demoEmail, startTestServer, type TestServer } from './helpers/server.js'

let server: TestServer
let browser: Browser

/** A board meeting next week and the police's quarterly return due in a fortnight. */
async function seedWhatIsDue() {
  const owner = server.database.owner
  const partnership = await owner.selectFrom('partnership').select('id').executeTakeFirstOrThrow()
  const police = await owner
    .selectFrom('agency')
    .select('id')
    .where('name', '=', 'Northbridge Police')
    .executeTakeFirstOrThrow()
  const [body] = await owner
    .insertInto('gov_body')
    .values({
      partnership_id: partnership.id,
      name: 'Home page board',
      kind: 'board',
      active_from: '2024-04-01',
    })
    .returning('id')
    .execute()
  await owner
    .insertInto('gov_meeting')
    .values({
      partnership_id: partnership.id,
      body_id: body?.id,
      held_on: addCalendarDays(londonToday(), 7),
      title: 'Next week’s board',
    })
    .execute()
  await owner
    .insertInto('agency_return')
    .values({
      partnership_id: partnership.id,
      agency_id: police.id,
      period_start: '2026-07-01',
      period_end: '2026-09-30',
      due_on: addCalendarDays(londonToday(), 14),
    })
    .execute()
}

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
  await seedWhatIsDue()
  // Starting the server can take minutes on a busy shared machine.
}, 400_000)

afterAll(async () => {
  await browser.close()
  await server.close()
})

describe('home pages say what is due (issue 19 point 10)', () => {
  it('shows an agency lead their agency’s returns due', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey
    await signInWithTwoFactor(journey, demoEmail('agency-lead'), DEMO_PASSWORD)
    expect(location(page)).toBe('/')
    const panel = page.getByRole('region', { name: 'Your agency’s returns and reviews due' })
    expect(await panel.innerText()).toContain(
      'Quarterly return: Northbridge Police, 1 July 2026 to 30 September 2026',
    )
    expect(await page.getByRole('link', { name: /^Calendar/ }).count()).toBe(0)
    await journey.follow(() => panel.getByRole('link', { name: /^Quarterly return/ }).click())
    expect(location(page)).toMatch(/^\/dataset\/returns\/[0-9a-f-]{36}$/)
    await journey.close()
  })

  it('shows the business officer the calendar coming up, and the year’s calendar a click away', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey
    await signIn(journey, demoEmail('business-officer'), DEMO_PASSWORD)
    expect(location(page)).toBe('/')
    const panel = page.getByRole('region', { name: 'Coming up in the business unit’s calendar' })
    const text = await panel.innerText()
    expect(text).toContain('Next week’s board (Home page board)')
    expect(text).toContain('Agency returns for 1 July 2026 to 30 September 2026')
    await journey.follow(() => panel.getByRole('link', { name: /^The year’s calendar/ }).click())
    expect(location(page)).toBe('/calendar')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(
      /^Calendar \d{4}\/\d{2}$/,
    )
    expect(await page.locator('main').innerText()).toContain('Next week’s board (Home page board)')
    await page.getByLabel('Financial year').fill('2031-32')
    await journey.follow(() => page.getByRole('button', { name: 'Show year' }).click())
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Calendar 2031/32')
    expect(await page.locator('main').innerText()).toContain(
      'Nothing is in the calendar for 2031/32',
    )
    await journey.close()
  })
})
