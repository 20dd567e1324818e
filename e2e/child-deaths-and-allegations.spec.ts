import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  errorSummary,
  fillDate,
  launchBrowser,
  location,
  signInWithTwoFactor,
  startJourney,
} from './helpers/browser.js'
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

describe('a child death from notification to a completed analysis', () => {
  it('records the notification, the meetings, information from an agency and the panel’s analysis', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey
    // Whoever sees child death records must use two-factor authentication: set up at first sign-in.
    await signInWithTwoFactor(journey, demoEmail('cdop-coordinator'), DEMO_PASSWORD)
    expect(location(page)).toBe('/')

    const navigation = page.getByRole('navigation', { name: 'Menu' })
    await journey.follow(() => navigation.getByRole('link', { name: 'Child deaths' }).click())
    expect(location(page)).toBe('/cdop')
    await journey.follow(() => page.getByRole('link', { name: 'Record a notification' }).click())

    await journey.follow(() => page.getByRole('button', { name: 'Record notification' }).click())
    expect(await errorSummary(page)).toContain('Enter the child’s name')

    await page.getByLabel('Child’s name').fill('Ava Example')
    await fillDate(page, 'dateOfBirth', '2016-10-02')
    await page.getByRole('group', { name: 'Sex' }).getByLabel('Female').check()
    await fillDate(page, 'dateOfDeath', '2017-01-14')
    await page.getByLabel('Place of death').selectOption({ label: 'Hospital' })
    await fillDate(page, 'notifiedOn', '2017-01-16')
    await page.getByLabel('Notifying agency').fill('Northbridge NHS Foundation Trust')
    await page
      .getByRole('group', { name: 'Was the death expected?' })
      .getByLabel('Unexpected')
      .check()
    await page
      .getByRole('group', { name: 'Did the child live in the area?' })
      .getByLabel('Yes')
      .check()
    await page
      .getByRole('group', { name: 'Did the child die in the area?' })
      .getByLabel('Yes')
      .check()
    await journey.follow(() => page.getByRole('button', { name: 'Record notification' }).click())
    expect(location(page)).toMatch(/^\/cdop\/notifications\/[0-9a-f-]{36}$/)
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Ava Example')

    await page.getByLabel('Agency asked for information').fill('Northbridge Police')
    await fillDate(page, 'requestedOn', '2017-01-17')
    await fillDate(page, 'dueOn', '2017-02-07')
    await journey.follow(() => page.getByRole('button', { name: 'Ask for information' }).click())
    const received = page.getByRole('group', { name: 'Date received from Northbridge Police' })
    await received.getByLabel('Day').fill('1')
    await received.getByLabel('Month').fill('2')
    await received.getByLabel('Year').fill('2017')
    await journey.follow(() => page.getByRole('button', { name: 'Record as received' }).click())
    expect(await page.getByRole('cell', { name: '1 February 2017' }).count()).toBe(1)

    await fillDate(page, 'cdrMeetingOn', '2017-01-30')
    await fillDate(page, 'panelMeetingOn', '2017-03-08')
    await journey.follow(() => page.getByRole('button', { name: 'Save meetings' }).click())

    // A category with no reason is refused, next to the field.
    const categories = page.getByRole('group', { name: 'Categories that apply' })
    await categories.getByLabel('3. Trauma and other external factors').check()
    await categories.getByLabel('8. Perinatal/neonatal event').check()
    await journey.follow(() => page.getByRole('button', { name: 'Complete the analysis' }).click())
    expect(await errorSummary(page)).toContain('Enter the reason for the category')

    await page.getByLabel('Reason for the category').fill('Injuries in a road traffic collision')
    await page.getByLabel('Modifiable factors identified', { exact: true }).check()
    await fillDate(page, 'reviewCompletedOn', '2017-03-08')
    await journey.follow(() => page.getByRole('button', { name: 'Complete the analysis' }).click())
    expect(await page.getByText('Review completed 8 March 2017').count()).toBe(1)
    expect(await page.getByText('Trauma and other external factors').count()).toBe(1)

    await page.getByLabel('Category of the recommendation').selectOption({ label: 'Road safety' })
    await page
      .getByLabel('Recommendation', { exact: true })
      .fill('Campaign on fitting child car seats')
    await journey.follow(() => page.getByRole('button', { name: 'Add recommendation' }).click())
    expect(await page.getByText('Campaign on fitting child car seats').count()).toBe(1)

    await journey.follow(() => page.getByRole('link', { name: 'Back' }).click())
    await journey.follow(() => page.getByRole('link', { name: 'Annual figures' }).click())
    await page.getByLabel('Year (1 April to 31 March)').selectOption({ label: '2016/17' })
    await journey.follow(() => page.getByRole('button', { name: 'Show' }).click())
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Child death review figures 2016/17',
    )
    await journey.close()
  }, 240_000)
})

describe('an allegation from referral to closure', () => {
  it('records the referral, the initial consideration, a meeting, an action and the outcome', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey
    // So must designated officers, who see the child in each allegation.
    await signInWithTwoFactor(journey, demoEmail('lado'), DEMO_PASSWORD)
    expect(location(page)).toBe('/')
    const navigation = page.getByRole('navigation', { name: 'Menu' })
    await journey.follow(() => navigation.getByRole('link', { name: 'Allegations' }).click())
    expect(location(page)).toBe('/lado')
    await journey.follow(() => page.getByRole('link', { name: 'Record an allegation' }).click())

    await fillDate(page, 'receivedOn', '2017-04-13')
    await page.getByLabel('Referred by').fill('Northbridge Primary School')
    await page.getByLabel('Name', { exact: true }).fill('Sam Teacher')
    await page.getByLabel('Role', { exact: true }).fill('Teaching assistant')
    await page.getByLabel('Employer').fill('Northbridge Primary School')
    await page.getByLabel('Sector').selectOption({ label: 'Education (schools and colleges)' })
    await page.getByLabel(/Behaved in a way that has harmed a child/).check()
    await page.getByLabel('Allegation', { exact: true }).fill('Grabbed a pupil by the arm')
    await page.getByLabel('Child’s age (optional)').fill('8')
    await journey.follow(() => page.getByRole('button', { name: 'Record allegation' }).click())
    expect(location(page)).toMatch(/^\/lado\/referrals\/[0-9a-f-]{36}$/)
    // Received the Thursday before Easter 2017: one working day later is Tuesday 18 April.
    expect(await page.getByText('Due 18 April 2017').count()).toBe(1)

    await fillDate(page, 'consideredOn', '2017-04-18')
    await page.getByRole('group', { name: 'Decision' }).getByLabel('Evaluation meeting').check()
    await journey.follow(() =>
      page.getByRole('button', { name: 'Record initial consideration' }).click(),
    )

    await page
      .getByRole('group', { name: 'Kind of meeting' })
      .getByLabel('Evaluation meeting')
      .check()
    await fillDate(page, 'heldOn', '2017-04-20')
    await page.getByLabel('Who attended').fill('Designated officer\nHeadteacher')
    await journey.follow(() => page.getByRole('button', { name: 'Record meeting' }).click())
    expect(await page.getByText('Attended: Designated officer').count()).toBe(1)

    await page
      .getByLabel('Action', { exact: true })
      .selectOption({ label: 'Training or supervision' })
    await fillDate(page, 'takenOn', '2017-05-02')
    await journey.follow(() => page.getByRole('button', { name: 'Record action' }).click())

    // A closing date before the referral is refused.
    await page.getByLabel(/Substantiated: there is sufficient/).check()
    await fillDate(page, 'closedOn', '2017-04-01')
    await journey.follow(() => page.getByRole('button', { name: 'Close the allegation' }).click())
    expect(await errorSummary(page)).toContain(
      'The closing date must be the same as or after the date of the referral',
    )

    await page.getByLabel(/Substantiated: there is sufficient/).check()
    await fillDate(page, 'closedOn', '2017-05-12')
    await journey.follow(() => page.getByRole('button', { name: 'Close the allegation' }).click())
    expect(await page.getByText('Closed 12 May 2017: Substantiated').count()).toBe(1)

    await journey.follow(() => page.getByRole('link', { name: 'Back' }).click())
    await journey.follow(() => page.getByRole('link', { name: 'Annual figures' }).click())
    await page.getByLabel('Year (1 April to 31 March)').selectOption({ label: '2017/18' })
    await journey.follow(() => page.getByRole('button', { name: 'Show' }).click())
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Allegation figures 2017/18',
    )
    await journey.close()
  }, 240_000)
})
