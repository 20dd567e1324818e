import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { londonToday } from '../src/platform/calendar.js'
import { addCalendarDays } from '../src/platform/working-days.js'
import { errorSummary, fillDate, launchBrowser, location } from './helpers/browser.js'
import { demoPartnershipId, insertDemoChild, signedInAs } from './helpers/journey.js'
import { startTestServer, type TestServer } from './helpers/server.js'

let browser: Browser
let server: TestServer
const referralOn = addCalendarDays(londonToday(), -60)
const notifiedOn = addCalendarDays(referralOn, 1)
const startedThereOn = addCalendarDays(referralOn, -120)

/** A child with the open episode the front door's decision on the notification opened. */
async function childWithOpenEpisode(laChildId: string) {
  const partnershipId = await demoPartnershipId(server)
  const childId = await insertDemoChild(server, {
    laChildId,
    givenName: 'Noor',
    familyName: 'Patel',
    birthDate: '2017-02-11',
  })
  await server.database.owner
    .insertInto('cin_episode')
    .values({
      partnership_id: partnershipId,
      child_id: childId,
      referral_date: referralOn,
      referral_source: '5C',
      primary_need_code: 'N1',
      referral_nfa: false,
    })
    .execute()
  return childId
}

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
}, 400_000)

afterAll(async () => {
  await browser.close()
  await server.close()
})

describe('a child arriving on a child protection plan from another authority', () => {
  it('records the transfer and shows the transfer-in conference with its clock', async () => {
    const childId = await childWithOpenEpisode('E2ETRANSFERIN1')
    const worker = await signedInAs(browser, server, 'social-worker')
    const { page } = worker
    await worker.visit(`/protection/children/${childId}`)
    await worker.follow(() =>
      page.getByRole('button', { name: 'Record a child arriving on a plan' }).click(),
    )
    // Nothing filled in: refused, with the messages next to the fields.
    await worker.follow(() => page.getByRole('button', { name: 'Record the transfer' }).click())
    expect(await errorSummary(page)).toContain('Enter the local authority the child came from')
    await page.getByLabel('The local authority the child came from').fill('Southshire Council')
    await fillDate(page, 'notifiedOn', notifiedOn)
    await page
      .getByLabel('The plan’s category of abuse or neglect there')
      .selectOption({ label: 'Neglect' })
    await fillDate(page, 'startedOn', startedThereOn)
    await worker.follow(() => page.getByRole('button', { name: 'Record the transfer' }).click())
    expect(location(page)).toMatch(/^\/protection\/conferences\//)
    const conference = await page.locator('main').innerText()
    expect(conference).toContain('Transfer-in child protection conference')
    expect(conference).toContain('Southshire Council')

    await worker.visit(`/protection/children/${childId}`)
    const child = await page.locator('#transfer-in').innerText()
    expect(child).toContain('Transfer-in conference to schedule')
    expect(child).toContain('15 working days after we were told')
    await worker.close()
  }, 240_000)
})
