import { generateSync } from 'otplib'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBody } from '../src/modules/governance/service/structures.js'
import { scheduleMeeting } from '../src/modules/governance/service/meetings.js'
import { londonToday } from '../src/platform/calendar.js'
import type { Actor } from '../src/platform/http/types.js'
import { addCalendarDays } from '../src/platform/working-days.js'
import {
  errorSummary,
  fillDate,
  launchBrowser,
  location,
  signIn,
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

type Worker = 'social-worker' | 'front-door-practitioner' | 'conference-chair'

/** A person whose role sees children's records, setting up two-factor authentication from the page. */
async function signedIn(role: Worker) {
  const journey = await startJourney(browser, server.baseUrl)
  const { page } = journey
  await signIn(journey, demoEmail(role), DEMO_PASSWORD)
  expect(location(page)).toBe('/account/two-factor/set-up')
  const secret = (await page.locator('#totp-secret').innerText()).trim()
  await page.getByLabel('Code from your app').fill(generateSync({ secret }))
  await journey.follow(() =>
    page.getByRole('button', { name: 'Turn on two-factor authentication' }).click(),
  )
  await journey.follow(() =>
    page.getByRole('link', { name: 'I have saved my codes: continue' }).click(),
  )
  expect(location(page)).toBe('/')
  return journey
}

/** The business unit's MACE panel, with a meeting today, set up in governance. */
async function maceBodyWithMeeting() {
  const partnership = await server.database.owner
    .selectFrom('partnership')
    .select(['id', 'name'])
    .executeTakeFirstOrThrow()
  const officer = await server.database.owner
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', demoEmail('business-officer'))
    .executeTakeFirstOrThrow()
  const actor: Actor = {
    userId: officer.id as string,
    email: demoEmail('business-officer'),
    displayName: 'Business officer',
    partnershipId: partnership.id as string,
    partnershipName: partnership.name as string,
    roles: ['business-officer'],
    agencyIds: [],
    via: 'session',
  }
  const ctx = { actor, requestId: 'e2e' }
  const body = await createBody(server.database.db, ctx, {
    name: 'MACE panel',
    kind: 'panel',
    parentId: null,
    chairName: null,
    termsOfReference: null,
    termsReviewOn: null,
    activeFrom: '2016-04-01',
    activeTo: null,
    attendanceTarget: 80,
  })
  if (body.kind !== 'saved') throw new Error('No panel body')
  await scheduleMeeting(server.database.db, ctx, body.id, {
    title: 'MACE monthly',
    heldOn: londonToday(),
    status: 'scheduled',
  })
}

describe('children at particular risk', () => {
  it('adds a child to the exploitation cohort and reviews them at a panel meeting with an action', async () => {
    await maceBodyWithMeeting()
    const journey = await signedIn('social-worker')
    const { page } = journey
    await journey.follow(() =>
      page
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Children at risk' })
        .click(),
    )
    await journey.follow(() => page.getByRole('link', { name: 'Exploitation cohort' }).click())
    await journey.follow(() =>
      page.getByRole('link', { name: 'Add a child to the cohort' }).click(),
    )
    await journey.follow(() => page.getByRole('button', { name: 'Add to cohort' }).click())
    expect(await errorSummary(page)).toContain('Select at least one type of exploitation')

    await page.getByLabel('Given name').fill('Kai')
    await page.getByLabel('Family name').fill('Morgan')
    await fillDate(page, 'birthDate', '2011-06-14')
    await page.getByLabel('Child criminal exploitation').check()
    await page.getByLabel('County lines').check()
    await page.getByRole('group', { name: 'Risk level' }).getByLabel('High').check()
    await page.getByLabel('Lead worker').fill('Dana Lee')
    await fillDate(page, 'addedOn', addCalendarDays(londonToday(), -40))
    for (const question of [
      'Goes missing',
      'Associates with older',
      'Has unexplained',
      'Misuses',
      'Has sexual health',
      'Carries drugs',
    ])
      await page.getByRole('group', { name: question }).getByLabel('Yes').check()
    await page.getByLabel('Locations (optional)').fill('The station car park')
    await journey.follow(() => page.getByRole('button', { name: 'Add to cohort' }).click())
    expect(await page.getByText('Child added to the exploitation cohort').count()).toBe(1)

    await journey.follow(() =>
      page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Panels' }).click(),
    )
    await journey.follow(() => page.getByRole('link', { name: 'Add a panel' }).click())
    await page.getByLabel('Governance panel').selectOption({ label: 'MACE panel' })
    await page.getByLabel('Multi-agency child exploitation (MACE)').check()
    await journey.follow(() => page.getByRole('button', { name: 'Add panel' }).click())
    await journey.follow(() => page.getByRole('link', { name: /MACE monthly/ }).click())
    await journey.follow(() =>
      page.getByRole('button', { name: /Add to agenda.*Kai Morgan/ }).click(),
    )
    expect(await page.getByText('Child added to the agenda').count()).toBe(1)
    await journey.follow(() => page.getByRole('link', { name: 'Kai Morgan' }).click())
    await page
      .getByLabel('What the panel said')
      .fill('Still going to the station; new older associate.')
    await page.getByLabel('Risk level after the review').selectOption({ label: 'High' })
    await page
      .getByLabel('Action', { exact: true })
      .fill('Police to serve an abduction warning notice')
    await page.getByLabel('Owner').fill('DS Patel')
    await fillDate(page, 'actionDueOn', addCalendarDays(londonToday(), 14))
    await journey.follow(() => page.getByRole('button', { name: 'Save review' }).click())
    expect(await page.getByText('Review recorded').count()).toBe(1)
    await journey.follow(() =>
      page.getByRole('link', { name: 'the child’s register entry' }).click(),
    )
    expect(
      await page
        .getByRole('cell', { name: 'Police to serve an abduction warning notice', exact: true })
        .count(),
    ).toBe(1)
    await journey.close()
  }, 240_000)

  it('records a missing episode and its return home interview', async () => {
    const journey = await signedIn('front-door-practitioner')
    const { page } = journey
    await journey.visit('/registers/missing')
    await journey.follow(() => page.getByRole('link', { name: 'Record a missing episode' }).click())
    await page.getByLabel('Given name').fill('Tia')
    await fillDate(page, 'birthDate', '2012-02-02')
    await page.getByLabel('Care').check()
    await fillDate(page, 'reportedOn', '2026-11-02')
    await page.getByLabel('Time reported missing').fill('21:30')
    await fillDate(page, 'foundOn', '2026-11-02')
    await page.getByLabel('Time found (if found)').fill('20:00')
    await journey.follow(() => page.getByRole('button', { name: 'Save episode' }).click())
    expect(await errorSummary(page)).toContain(
      'The time the child was found must be after the time they were reported missing',
    )
    await fillDate(page, 'foundOn', '2026-11-03')
    await page.getByLabel('Time found (if found)').fill('08:15')
    await journey.follow(() => page.getByRole('button', { name: 'Save episode' }).click())
    expect(await page.getByText('Missing episode recorded').count()).toBe(1)
    await fillDate(page, 'offeredOn', '2026-11-05')
    await page.getByLabel('Time offered').fill('10:00')
    await page.getByLabel('Outcome').selectOption({ label: 'Completed' })
    await fillDate(page, 'interviewOn', '2026-11-06')
    await journey.follow(() => page.getByRole('button', { name: 'Save interview' }).click())
    expect(await page.getByText('(within 72 hours)').count()).toBe(1)
    await journey.close()
  }, 240_000)

  it('takes a private fostering notification to its first visit', async () => {
    const journey = await signedIn('conference-chair')
    const { page } = journey
    await journey.visit('/registers/private-fostering')
    await journey.follow(() => page.getByRole('link', { name: 'Record a notification' }).click())
    await page.getByLabel('Given name').fill('Sam')
    await fillDate(page, 'birthDate', '2008-01-01')
    await page.getByRole('group', { name: 'Is the child disabled?' }).getByLabel('No').check()
    await fillDate(page, 'notifiedOn', '2026-11-02')
    await fillDate(page, 'arrangementStart', '2026-10-26')
    await page
      .getByRole('group', { name: 'Is the arrangement for 28 days or more?' })
      .getByLabel('Yes')
      .check()
    await page.getByLabel('Private foster carer’s name').fill('Grace Adeyemi')
    await journey.follow(() => page.getByRole('button', { name: 'Save notification' }).click())
    expect(await errorSummary(page)).toContain('The child is 18 or over')
    await fillDate(page, 'birthDate', '2013-05-01')
    await journey.follow(() => page.getByRole('button', { name: 'Save notification' }).click())
    expect(await page.getByText('Next visit due by 11 November 2026').count()).toBe(1)
    await fillDate(page, 'visitedOn', '2026-11-10')
    await page.getByRole('group', { name: 'Was the child seen alone?' }).getByLabel('Yes').check()
    await journey.follow(() => page.getByRole('button', { name: 'Save visit' }).click())
    expect(await page.getByText('Visit recorded').count()).toBe(1)
    const row = page.getByRole('row').filter({ hasText: '10 November 2026' })
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain(
      '10 November 2026 11 November 2026 Yes Yes',
    )
    await journey.close()
  }, 240_000)
})
