import { generateSync } from 'otplib'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  errorSummary,
  launchBrowser,
  location,
  signIn,
  startJourney,
  type Journey,
} from './helpers/browser.js'
import { DEMO_PASSWORD, demoEmail, startTestServer, type TestServer } from './helpers/server.js'

let server: TestServer
let browser: Browser

const REFERENCE = 'NSCP-2026-000101'
/** Received a few minutes ago, so that its London date is today's when the test runs. */
const receivedAt = new Date(Date.now() - 5 * 60_000)
const receivedOn = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
}).format(receivedAt)

/**
 * The journey starts from a census record of Amira Khan and a referral from a member of the
 * public who spelt her name "Amirah" and wrote the postcode in lower case.
 */
async function seed(): Promise<void> {
  const owner = server.database.owner
  const { id: partnershipId } = await owner
    .selectFrom('partnership')
    .select('id')
    .where('slug', '=', 'northbridge')
    .executeTakeFirstOrThrow()
  await owner
    .insertInto('child')
    .values({
      partnership_id: partnershipId,
      la_child_id: 'A100',
      given_name: 'Amira',
      family_name: 'Khan',
      birth_date: '2018-04-03',
      sex: 'F',
      postcode: 'NB1 2AB',
    })
    .execute()
  // A second record of the same child, made in error: for the merge.
  await owner
    .insertInto('child')
    .values({
      partnership_id: partnershipId,
      la_child_id: 'KS00000000AB',
      given_name: 'Amira',
      family_name: 'Kahn',
      birth_date: '2018-04-03',
      address: '12 Mill Lane, Northbridge',
      postcode: 'NB1 2AB',
    })
    .execute()
  const referral = await owner
    .insertInto('referral')
    .values({
      partnership_id: partnershipId,
      reference: REFERENCE,
      draft_id: crypto.randomUUID(),
      source: 'public',
      received_at: receivedAt,
      decision_due_at: new Date(receivedAt.getTime() + 24 * 3_600_000),
      household: 'Mother and a brother aged 3',
      parents_carers: 'Sara Khan',
      concern: 'Bruises on her arms on several days.',
      child_says: 'She is scared to go home.',
      child_feels: '',
      consent: 'given',
      reporter_anonymous: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await owner
    .insertInto('referral_child')
    .values({
      partnership_id: partnershipId,
      referral_id: referral.id,
      position: 1,
      given_name: 'Amirah',
      family_name: 'Khan',
      birth_date: '2018-04-03',
      address: '12 Mill Lane, Northbridge',
      postcode: 'nb1 2ab',
    })
    .execute()
}

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
  await seed()
})

afterAll(async () => {
  await browser.close()
  await server.close()
})

/**
 * Signs in a person whose role sees children's records: the first time, they set up two-factor
 * authentication, reading the key from the page as they would type it into their app.
 */
const secrets = new Map<string, string>()

async function signInWithTwoFactor(role: 'front-door-practitioner' | 'front-door-manager') {
  const journey = await startJourney(browser, server.baseUrl)
  const { page } = journey
  await signIn(journey, demoEmail(role), DEMO_PASSWORD)
  const known = secrets.get(role)
  if (known) {
    // A code is accepted once: the next period's code, which the server also accepts.
    const epoch = Math.floor(Date.now() / 1000) + 30
    await page.getByLabel('Enter your security code').fill(generateSync({ secret: known, epoch }))
    await journey.follow(() => page.getByRole('button', { name: 'Continue' }).click())
    expect(location(page)).toBe('/')
    return journey
  }
  expect(location(page)).toBe('/account/two-factor/set-up')
  const secret = (await page.locator('#totp-secret').innerText()).trim()
  secrets.set(role, secret)
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

/** The words of the GOV.UK success banner that says what just happened. */
function banner(page: Journey['page']): Promise<string> {
  return page
    .locator('.govuk-notification-banner--success .govuk-notification-banner__heading')
    .innerText()
}

async function openReferralFromQueue(journey: Journey, reference: string) {
  const { page } = journey
  await journey.follow(() =>
    page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Front door' })
      .click(),
  )
  expect(location(page)).toMatch(/^\/front-door/)
  await journey.follow(() => page.getByRole('link', { name: reference, exact: true }).click())
  expect(location(page)).toMatch(/^\/referrals\/[0-9a-f-]{36}$/)
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`Referral ${reference}`)
}

describe('a front door decision on a child who already has a record', () => {
  it('links the referred child to the record, decides, and the record shows the episode', async () => {
    const practitioner = await signInWithTwoFactor('front-door-practitioner')
    const { page } = practitioner
    await page.setViewportSize({ width: 1280, height: 900 })
    await practitioner.visit('/front-door')
    // The queue names the children with their ages, and its table fits 1280 pixels.
    const queueRow = page.getByRole('row').filter({ hasText: REFERENCE })
    expect(await queueRow.innerText()).toMatch(/Amirah Khan, \d+/)
    const fits = await page
      .locator('.keepsafe-table-scroll')
      .evaluate(box => box.scrollWidth <= box.clientWidth)
    expect(fits, 'the queue table fits without scrolling').toBe(true)
    await openReferralFromQueue(practitioner, REFERENCE)
    const referralPath = location(page)

    // The concern comes first, a summary with every answer a click away; the decision last.
    const headings = await page.locator('main h2').allInnerTexts()
    expect(headings.indexOf('The concern')).toBe(0)
    expect(headings.indexOf('Triage')).toBeGreaterThan(0)
    expect(headings.indexOf('Checks with partner agencies')).toBeGreaterThan(
      headings.indexOf('One child, one record'),
    )
    expect(headings.at(-1)).toBe('Decision')
    const concern = await page.locator('main .govuk-summary-list').first().innerText()
    expect(concern).toContain('Bruises on her arms on several days.')
    expect(concern).toContain('She is scared to go home.')
    expect(concern).toContain('Anonymous member of the public')
    await page.getByText('See every answer in the report').click()
    expect(await page.locator('.govuk-details').innerText()).toContain('Sara Khan')
    // The census referral sources in the guidance's order: 1A first, 10 last.
    const sources = await page
      .getByLabel('Source of the referral')
      .locator('option')
      .allInnerTexts()
    expect(sources[1]).toMatch(/^1A: /)
    expect(sources.at(-1)).toMatch(/^10: /)

    // Allocation offers front door and social work workers only, by team.
    await practitioner.follow(() => page.getByRole('link', { name: 'Allocate it' }).click())
    const workers = await page.getByLabel('Worker').locator('option').allInnerTexts()
    expect(workers).toContain('Front door (MASH): Demo Front Door Practitioner')
    expect(workers).toContain('Child protection team: Demo Social Worker')
    expect(workers.join()).not.toContain('Board Member')
    await practitioner.visit(referralPath)

    // The likely match, and why: the spelling differs, the postcode was typed in lower case.
    const matches = page.getByRole('table', {
      name: 'Likely matches among the partnership’s children’s records',
    })
    const match = matches.getByRole('row').filter({ hasText: 'LA child ID A100' })
    const reasons = await match.innerText()
    expect(reasons).toContain('Same date of birth')
    expect(reasons).toContain('Same family name')
    expect(reasons).toContain('Similar first name (Amira)')
    expect(reasons).toContain('Same postcode (NB1 2AB)')
    // The record made in error matches too: the same address, the family name mistyped.
    const other = await matches.getByRole('row').filter({ hasText: 'KS00000000AB' }).innerText()
    expect(other).toContain('Similar family name (Kahn)')
    expect(other).toContain('Same address (NB1 2AB)')

    // A decision waits until the child is linked.
    await page
      .getByRole('group', { name: 'Decision' })
      .getByLabel('Child and family assessment (section 17)')
      .check()
    await page.getByLabel('Reasons for the decision').fill('Injuries need assessing.')
    await page.getByLabel('Child’s primary need').selectOption('N1')
    await practitioner.follow(() => page.getByRole('button', { name: 'Record decision' }).click())
    expect(await errorSummary(page)).toContain('Link every child')

    await practitioner.follow(() =>
      match.getByRole('button', { name: 'Link child 1 to record A100' }).click(),
    )
    expect(location(page)).toBe(`${referralPath}?notice=referral-linked`)
    expect(await banner(page)).toBe('Child linked to their record')
    expect(await page.locator('main').innerText()).toContain(
      'Linked to Amira Khan (LA child ID A100)',
    )

    await page.getByRole('group', { name: 'RAG rating' }).getByLabel('Amber').check()
    await practitioner.follow(() => page.getByRole('button', { name: 'Set RAG rating' }).click())
    expect(await banner(page)).toBe('RAG rating saved')
    expect(
      await page.getByRole('group', { name: 'RAG rating' }).getByLabel('Amber').isChecked(),
    ).toBe(true)

    await page
      .getByRole('group', { name: 'Decision' })
      .getByLabel('Child and family assessment (section 17)')
      .check()
    await page.getByLabel('Reasons for the decision').fill('Injuries need assessing.')
    await page.getByLabel('Child’s primary need').selectOption('N1')
    await practitioner.follow(() => page.getByRole('button', { name: 'Record decision' }).click())
    expect(await page.locator('main').innerText()).toContain(
      'The decision is waiting for a manager to authorise it.',
    )
    expect(await banner(page)).toBe('Decision recorded: it waits for a manager to authorise it')
    await practitioner.close()

    // The partnership asks a manager to authorise practitioners' decisions.
    const manager = await signInWithTwoFactor('front-door-manager')
    const managerPage = manager.page
    await openReferralFromQueue(manager, REFERENCE)
    await managerPage
      .getByRole('group', { name: 'Authorise the decision' })
      .getByLabel('Authorise: the decision is final and the referrer is told')
      .check()
    await manager.follow(() => managerPage.getByRole('button', { name: 'Continue' }).click())
    expect(await banner(managerPage)).toBe('Decision authorised: the referrer is told the outcome')
    const decided = await managerPage.locator('main').innerText()
    expect(decided).toContain('Child and family assessment (section 17)')
    expect(decided).toMatch(/Authorised by\s+Demo /)
    expect(decided).toContain('Census record: Child in need episode recorded.')

    // The child's record has the new episode, from the referral's date, with its assessment.
    await manager.follow(() =>
      managerPage.getByRole('link', { name: 'Amira Khan (LA child ID A100)' }).click(),
    )
    expect(await managerPage.getByRole('heading', { level: 1 }).innerText()).toBe('Amira Khan')
    const timeline = managerPage.getByRole('table', { name: /Every episode and event/ })
    expect(await timeline.getByRole('caption').innerText()).toContain('(1 episode)')
    expect(await timeline.innerText()).toContain(`${receivedOn}\tReferral`)
    expect(await timeline.innerText()).toContain('Assessment started')
    // The referral gave the child's address: the record has it now.
    expect(await managerPage.locator('main').innerText()).toContain(
      '12 Mill Lane, Northbridge, NB1 2AB',
    )
    await manager.close()
  })

  it('lets a manager merge the duplicate record into the kept one', async () => {
    const manager = await signInWithTwoFactor('front-door-manager')
    const { page } = manager
    await manager.follow(() =>
      page
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Children', exact: true })
        .click(),
    )
    await page.getByLabel('Search by name, LA child ID, UPN or date of birth').fill('A100')
    await manager.follow(() => page.getByRole('button', { name: 'Search' }).click())
    await manager.follow(() => page.getByRole('link', { name: 'Amira Khan' }).click())
    await manager.follow(() =>
      page.getByRole('link', { name: 'Merge a duplicate record into this record' }).click(),
    )
    const likely = page.getByRole('table', { name: /Records that may be the same child/ })
    expect(await likely.innerText()).toContain('Similar family name (Kahn)')
    await manager.follow(() =>
      likely.getByRole('link', { name: 'Compare with record KS00000000AB' }).click(),
    )
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Compare the two records',
    )

    // Nothing chosen: the error summary names each choice and the reason.
    await manager.follow(() => page.getByRole('button', { name: 'Continue' }).click())
    const summary = await errorSummary(page)
    expect(summary).toContain('Select which family name to keep')
    expect(summary).toContain('Enter why these records are the same child')

    await page
      .getByRole('group', { name: 'Which family name should the kept record have?' })
      .getByLabel('Khan (this record, A100)')
      .check()
    await page
      .getByLabel('Why are these records the same child?')
      .fill('Same child: the family name was mistyped when the record was made.')
    await manager.follow(() => page.getByRole('button', { name: 'Continue' }).click())
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Check and merge the records',
    )
    await manager.follow(() => page.getByRole('button', { name: 'Merge the records' }).click())
    expect(location(page)).toMatch(/^\/children\/[0-9a-f-]{36}\?merged=[0-9a-f-]{36}$/)
    const main = await page.locator('main').innerText()
    expect(main).toContain('Record KS00000000AB was merged into this record')
    expect(main).toContain('Records merged')

    // The duplicate is gone from the list.
    await manager.visit('/children?q=khan')
    expect(await page.locator('main').innerText()).not.toContain('KS00000000AB')
    await manager.close()
  })
})
