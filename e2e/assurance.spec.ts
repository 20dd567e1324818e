import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addOrganisation, createCycle } from '../src/modules/assurance/cycles/service.js'
import type { Ctx } from '../src/modules/assurance/shared.js'
import { latestVersions, listTemplates } from '../src/modules/assurance/templates/service.js'
import { createMailer } from '../src/platform/mail.js'
import { errorSummary, fillDate, launchBrowser, startJourney } from './helpers/browser.js'
import { startTestServer, type TestServer } from './helpers/server.js'
import { signedInOnHome } from './helpers/journey.js'

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

// Agency leads see children's names in checks and invitations: they must use a second factor.
const signedIn = (role: 'business-officer' | 'agency-lead') =>
  signedInOnHome(browser, server, role, role === 'agency-lead')

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

  it('a case file audit from the sample to each agency’s grading and its moderation', async () => {
    const owner = server.database.owner
    const team = (
      await owner
        .insertInto('team')
        .values({ partnership_id: partnershipId, name: 'Audit Team East' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id as string
    const plans = [
      { la: 'CFA001', category: 'NEG', team },
      { la: 'CFA002', category: 'NEG', team },
      { la: 'CFA003', category: 'EMO', team },
      { la: 'CFA004', category: 'NEG', team: null },
    ]
    for (const plan of plans) {
      const child = await owner
        .insertInto('child')
        .values({
          partnership_id: partnershipId,
          la_child_id: plan.la,
          given_name: `Audited ${plan.la}`,
          family_name: 'Child',
          birth_date: '2017-02-01',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const episode = await owner
        .insertInto('cin_episode')
        .values({ partnership_id: partnershipId, child_id: child.id, referral_date: '2026-04-10' })
        .returning('id')
        .executeTakeFirstOrThrow()
      await owner
        .insertInto('child_protection_plan')
        .values({
          partnership_id: partnershipId,
          episode_id: episode.id,
          start_date: '2026-05-01',
          initial_category: plan.category,
          latest_category: plan.category,
          team_id: plan.team,
        })
        .execute()
    }

    const officer = await signedIn('business-officer')
    let page = officer.page
    expect(await officer.visit('/assurance/case-file-audits/new')).toBe(200)
    await page.getByLabel('Title').fill('Neglect audit 2026')
    await page.getByLabel('Theme').selectOption({ label: 'Neglect' })
    await page
      .getByLabel('Audit questions')
      .fill('Was neglect recognised early?\nDid the plan improve the child’s life?')
    await page.getByRole('checkbox', { name: 'Northbridge Police' }).check()
    await officer.follow(() => page.getByRole('button', { name: 'Start audit' }).click())
    const auditPath = new URL(page.url()).pathname
    await page.getByLabel('Plan category').selectOption({ label: 'Neglect' })
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Audit Team East' })
    await fillDate(page, 'from', '2026-04-01')
    await fillDate(page, 'to', '2026-09-30')
    await page.getByLabel('Number of cases').fill('5')
    await officer.follow(() => page.getByRole('button', { name: 'Draw cases' }).click())
    // Two children have a neglect plan held by the team: both drawn, and no one else.
    expect(await page.getByRole('link', { name: /^Case \d$/ }).count()).toBe(2)
    await officer.follow(() => page.getByRole('button', { name: 'Start auditing' }).click())
    await officer.close()

    const lead = await signedIn('agency-lead')
    page = lead.page
    expect(await lead.visit(auditPath)).toBe(200)
    await lead.follow(() => page.getByRole('link', { name: 'Case 1', exact: true }).click())
    const caseText = await page.locator('main').innerText()
    expect(caseText).toMatch(/Audited CFA00[12] Child/)
    await lead.follow(() =>
      page.getByRole('button', { name: 'Save grading for Northbridge Police' }).click(),
    )
    expect(await errorSummary(page)).toContain('Select a grade')
    await page.getByLabel('Was neglect recognised early?').fill('Yes, at the first school referral')
    await page
      .getByLabel('Did the plan improve the child’s life?')
      .fill('Partly: attendance rose, home conditions did not')
    await page.getByRole('radio', { name: 'Requires improvement' }).check()
    await lead.follow(() =>
      page.getByRole('button', { name: 'Save grading for Northbridge Police' }).click(),
    )
    // Saved: the form gives way to the answers and the grade.
    expect(
      await page.getByRole('button', { name: 'Save grading for Northbridge Police' }).count(),
    ).toBe(0)
    expect(await page.locator('main').innerText()).toContain('Requires improvement')
    await lead.close()

    const moderator = await signedIn('business-officer')
    page = moderator.page
    expect(await moderator.visit(auditPath)).toBe(200)
    await moderator.follow(() => page.getByRole('link', { name: 'Case 1', exact: true }).click())
    await page.getByRole('radio', { name: 'Inadequate' }).check()
    await page.getByLabel('Why the grade changed').fill('Drift in the plan for six months')
    await moderator.follow(() =>
      page.getByRole('button', { name: 'Moderate Northbridge Police' }).click(),
    )
    expect(await page.locator('main').innerText()).toContain(
      'Inadequate: Drift in the plan for six months',
    )
    await moderator.close()
  }, 300_000)
})
