import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addOrganisation, createCycle } from '../src/modules/assurance/cycles/service.js'
import type { Ctx } from '../src/modules/assurance/shared.js'
import { latestVersions, listTemplates } from '../src/modules/assurance/templates/service.js'
import { createMailer } from '../src/platform/mail.js'
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
let schoolLink = ''
let partnershipId = ''

async function officerCtx(): Promise<Ctx> {
  const row = await server.database.owner
    .selectFrom('role_grant')
    .innerJoin('partnership', 'partnership.id', 'role_grant.partnership_id')
    .select(['role_grant.user_id', 'partnership.id', 'partnership.name'])
    .where('role_grant.role', '=', 'business-officer')
    .executeTakeFirstOrThrow()
  partnershipId = row.id as string
  return {
    actor: {
      userId: row.user_id as string,
      email: 'officer',
      displayName: 'Officer',
      partnershipId,
      partnershipName: row.name as string,
      roles: ['business-officer'],
      agencyIds: [],
      via: 'session',
    },
    requestId: 'e2e',
  }
}

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
  const ctx = await officerCtx()
  const school = await addOrganisation(server.database.db, ctx, {
    kind: 'school',
    agencyId: null,
    urn: '123456',
    name: 'Hillside Primary',
    phase: 'Primary',
    leadEmail: 'dsl@hillside.example',
  })
  if (school.kind !== 'saved') throw new Error('no school')
  const templates = latestVersions(await listTemplates(server.database.db, ctx))
  const opened = await createCycle(
    server.database.db,
    ctx,
    { mailer: createMailer({ from: 'x@example.org' }), publicUrl: server.baseUrl },
    {
      templateId: templates.find(t => t.key === 'section-175-157')!.id,
      title: 'Schools audit 2026/27',
      opensOn: '2026-11-01',
      dueOn: '2027-03-31',
      organisationIds: [school.id],
    },
  )
  if (opened.kind !== 'saved') throw new Error('no cycle')
  schoolLink = `/assurance/respond/${opened.links[school.id]!}`
})

afterAll(async () => {
  await browser.close()
  await server.close()
})

async function signedIn(role: 'business-officer' | 'agency-lead'): Promise<Journey> {
  const journey = await startJourney(browser, server.baseUrl)
  await signIn(journey, demoEmail(role), DEMO_PASSWORD)
  expect(location(journey.page)).toBe('/')
  return journey
}

describe('assurance', () => {
  it('a school lead completes and submits a return through their link', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    const { page } = journey
    expect(await journey.visit(schoolLink)).toBe(200)
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Hillside Primary')

    await journey.follow(() => page.getByRole('button', { name: 'Submit return' }).click())
    expect(await errorSummary(page)).toContain('Answer every required question before you submit')

    const titles = await page.locator('.govuk-task-list__link').allInnerTexts()
    expect(titles).toHaveLength(9)
    for (const [index, title] of titles.entries()) {
      await journey.follow(() => page.getByRole('link', { name: title, exact: true }).click())
      await page.getByRole('radio', { name: index === 2 ? 'Partly' : 'Yes', exact: true }).check()
      await page
        .getByLabel('What evidence shows this? (optional)')
        .fill('Minutes of the governors’ meeting')
      await journey.follow(() =>
        page.getByRole('button', { name: 'Save and return to the task list' }).click(),
      )
    }
    expect(
      await page.getByText('Every required question is answered.', { exact: true }).count(),
    ).toBe(1)
    await journey.follow(() => page.getByRole('button', { name: 'Submit return' }).click())
    expect(await page.locator('.govuk-summary-list').first().innerText()).toContain('Submitted')
    await journey.close()
  }, 300_000)

  it('the business unit moderates the return and an action is created', async () => {
    const journey = await signedIn('business-officer')
    const { page } = journey
    await journey.follow(() =>
      page
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Assurance' })
        .click(),
    )
    await journey.follow(() => page.getByRole('link', { name: 'Schools audit 2026/27' }).click())
    expect(await page.getByText('1 of 1 (100%) against a target of 95%: met').count()).toBe(1)
    await journey.follow(() => page.getByRole('link', { name: 'Hillside Primary' }).click())
    await journey.follow(() =>
      page.getByRole('link', { name: 'The single central record is complete' }).click(),
    )
    await page.getByRole('radio', { name: 'Regrade' }).check()
    await journey.follow(() => page.getByRole('button', { name: 'Save moderation' }).click())
    expect(await errorSummary(page)).toContain('Enter the moderated score')
    await page.getByRole('radio', { name: 'Regrade' }).check()
    await page.getByLabel('Moderated score (regrade only)').fill('50')
    await page.getByLabel('Comment').fill('Two gaps in the single central record')
    await journey.follow(() => page.getByRole('button', { name: 'Save moderation' }).click())
    await journey.follow(() => page.getByRole('button', { name: 'Complete moderation' }).click())
    const actions = page.getByRole('table').filter({ hasText: 'Signed off' })
    const text = (await actions.innerText()).replace(/\s+/g, ' ')
    expect(text).toContain(
      'Hillside Primary: bring “The DSL and deputies are trained every two years” up to 100%',
    )
    expect(text).toContain(
      'Hillside Primary: bring “The single central record is complete” up to 100% (moderated score 50%)',
    )
    await journey.close()
  }, 300_000)
})
