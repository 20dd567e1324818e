import { sql } from 'kysely'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addQuestion,
  createSurvey,
  setSurveyStatus,
} from '../src/modules/engagement/service/surveys.js'
import { businessOfficer } from './helpers/actors.js'
import { errorSummary, launchBrowser, location, signIn, startJourney } from './helpers/browser.js'
import { DEMO_PASSWORD, demoEmail, startTestServer, type TestServer } from './helpers/server.js'

let server: TestServer
let browser: Browser
let surveyPath = ''

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
  const { ctx, slug } = await businessOfficer(server)
  const db = server.database.db
  const id = await createSurvey(db, ctx, {
    title: 'Looked-after children: your views',
    intro: 'Tell us what you think of the help you get.',
    anonymous: 'yes',
    invitedCount: 518,
  })
  await addQuestion(db, ctx, id, {
    kind: 'scale',
    text: 'How safe do you feel where you live?',
    options: [],
    required: true,
  })
  await addQuestion(db, ctx, id, {
    kind: 'multiple',
    text: 'Who do you talk to when you are worried?',
    options: ['My social worker', 'My carer', 'A teacher'],
    required: false,
  })
  await addQuestion(db, ctx, id, {
    kind: 'yes-no',
    text: 'Do you know your rights?',
    options: [],
    required: true,
  })
  await addQuestion(db, ctx, id, {
    kind: 'text',
    text: 'What would make things better?',
    options: [],
    required: false,
  })
  await setSurveyStatus(db, ctx, id, 'open')
  const survey = await server.database.owner
    .selectFrom('eng_survey')
    .select('link_token')
    .executeTakeFirstOrThrow()
  surveyPath = `/survey/${slug}/${survey.link_token as string}`
})

afterAll(async () => {
  await browser.close()
  await server.close()
})

describe('engagement', () => {
  it('a survey is answered on its public link with JavaScript switched off', async () => {
    const context = await browser.newContext({ baseURL: server.baseUrl, javaScriptEnabled: false })
    context.setDefaultTimeout(10_000)
    const page = await context.newPage()
    await page.goto(surveyPath)
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Looked-after children: your views',
    )
    await page.getByRole('button', { name: 'Send answers' }).click()
    expect(await errorSummary(page)).toContain(
      'Answer the question: How safe do you feel where you live?',
    )
    await page
      .getByRole('group', { name: /How safe do you feel/ })
      .getByLabel('4')
      .check()
    await page.getByLabel('My carer').check()
    await page.getByLabel('A teacher').check()
    await page
      .getByRole('group', { name: /Do you know your rights/ })
      .getByLabel('Yes')
      .check()
    await page.getByLabel(/What would make things better/).fill('More time with my social worker')
    await page.getByRole('button', { name: 'Send answers' }).click()
    expect(location(page)).toBe('/survey/northbridge/thank-you')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Answers sent')
    await context.close()

    const answers = await sql<{
      value: string
    }>`select value from eng_survey_answer order by value`.execute(server.database.owner)
    expect(answers.rows.map(r => r.value)).toEqual([
      '4',
      'A teacher',
      'More time with my social worker',
      'My carer',
      'Yes',
    ])

    // The same pages, with the accessibility checks (axe needs JavaScript to run).
    const checked = await startJourney(browser, server.baseUrl)
    await checked.visit(surveyPath)
    await checked.follow(() => checked.page.getByRole('button', { name: 'Send answers' }).click())
    await checked.visit('/survey/northbridge/thank-you')
    await checked.close()
  }, 300_000)

  it('a bulletin is composed, previewed and published to the public archive', async () => {
    const officer = await startJourney(browser, server.baseUrl)
    const { page } = officer
    await signIn(officer, demoEmail('business-officer'), DEMO_PASSWORD)
    await officer.visit('/engagement')
    await officer.follow(() => page.getByRole('link', { name: 'The bulletin' }).click())
    await officer.follow(() => page.getByRole('link', { name: 'Compose an issue' }).click())
    await officer.follow(() => page.getByRole('button', { name: 'Save and preview' }).click())
    expect(await errorSummary(page)).toContain('Enter the title of the issue')
    await page
      .getByLabel('Title of the issue')
      .fill('Issue 14: peer challenge and shared priorities')
    await page.getByLabel('Heading of section 1 (optional)').fill('Peer challenge')
    await page
      .getByLabel('Text of section 1 (optional)')
      .fill(
        'Our **peer challenge** found strong practice.\n\n- CSE peer review\n- Shared priorities',
      )
    await officer.follow(() => page.getByRole('button', { name: 'Save and preview' }).click())
    expect(await page.locator('main').innerText()).toContain('This is a preview')
    expect(await page.locator('main strong').first().innerText()).toBe('peer challenge')
    await officer.follow(() =>
      page.getByRole('button', { name: 'Publish and send to subscribers' }).click(),
    )
    expect(await page.locator('main').innerText()).toContain('Published')
    await officer.close()

    const reader = await startJourney(browser, server.baseUrl)
    await reader.visit('/bulletin/northbridge')
    await reader.follow(() =>
      reader.page.getByRole('link', { name: /Issue 1: Issue 14: peer challenge/ }).click(),
    )
    expect(
      await reader.page.getByRole('heading', { level: 2, name: 'Peer challenge' }).count(),
    ).toBe(1)
    await reader.follow(() =>
      reader.page.getByRole('link', { name: 'Get the bulletin by email' }).first().click(),
    )
    await reader.close()
  }, 300_000)
})
