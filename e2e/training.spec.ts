import { sql } from 'kysely'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCourse, createEvent } from '../src/modules/training/catalogue/service.js'
import { londonToday } from '../src/platform/calendar.js'
import { addCalendarDays } from '../src/platform/working-days.js'
import { businessOfficer } from './helpers/actors.js'
import { errorSummary, launchBrowser, location, signIn, startJourney } from './helpers/browser.js'
import { DEMO_PASSWORD, demoEmail, startTestServer, type TestServer } from './helpers/server.js'

let server: TestServer
let browser: Browser
let eventId = ''

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
  // The business unit has put a course on the programme.
  const { ctx } = await businessOfficer(server)
  const course = await createCourse(server.database.db, ctx, {
    title: 'Recognising and responding to neglect',
    level: '2',
    audience: 'Practitioners in every agency',
    outcomes: 'Use the graded care profile with families',
    competencies: null,
    durationMinutes: 180,
    trainerRequirements: null,
    needsApproval: false,
  })
  if (course.kind !== 'saved') throw new Error(course.message)
  const event = await createEvent(server.database.db, ctx, {
    courseId: course.id,
    startsOn: addCalendarDays(londonToday(), 10),
    startTime: '09:30',
    venue: 'Northbridge Civic Centre',
    online: false,
    capacity: 20,
    trainers: null,
  })
  if (event.kind !== 'saved') throw new Error(event.message)
  eventId = event.id
})

afterAll(async () => {
  await browser.close()
  await server.close()
})

/** The path of the last link of a kind emailed to the address (from the outbox). */
async function emailedLink(to: string, kind: string): Promise<string> {
  const rows = await sql<{ body_text: string }>`
    select body_text from outbox_message where to_address = ${to} order by created_at desc`.execute(
    server.database.owner,
  )
  for (const row of rows.rows) {
    const match = new RegExp(`/programme/[a-z0-9-]+/${kind}/[\\w-]+`).exec(row.body_text)
    if (match) return match[0]
  }
  throw new Error(`No ${kind} link emailed to ${to}`)
}

describe('multi-agency training', () => {
  it('a practitioner books, attends (the trainer marks the register) and evaluates', async () => {
    const email = 'sam.practitioner@school.example'
    const practitioner = await startJourney(browser, server.baseUrl)
    const { page } = practitioner
    await practitioner.visit('/programme/northbridge')
    await practitioner.follow(() =>
      page.getByRole('link', { name: 'Recognising and responding to neglect' }).click(),
    )
    await practitioner.follow(() => page.getByRole('button', { name: 'Book a place' }).click())
    expect(await errorSummary(page)).toContain('Enter your full name')
    await page.getByLabel('Full name').fill('Sam Practitioner')
    await page.getByLabel('Work email address').fill(email)
    await page.getByLabel('Agency').selectOption({ label: 'Northbridge Schools and Colleges' })
    await page.getByLabel('Job title or role').fill('Designated safeguarding lead')
    await practitioner.follow(() => page.getByRole('button', { name: 'Book a place' }).click())
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Check your email')

    await practitioner.visit(await emailedLink(email, 'confirm'))
    await practitioner.follow(() =>
      page.getByRole('button', { name: 'Confirm my booking' }).click(),
    )
    expect(await page.locator('main').innerText()).toContain('Your place is booked')

    // The day of the course comes.
    await sql`update trn_event set starts_on = ${londonToday()} where id = ${eventId}`.execute(
      server.database.owner,
    )
    const trainer = await startJourney(browser, server.baseUrl)
    await signIn(trainer, demoEmail('trainer'), DEMO_PASSWORD)
    expect(location(trainer.page)).toBe('/')
    const navigation = trainer.page.getByRole('navigation', { name: 'Menu' })
    await trainer.follow(() => navigation.getByRole('link', { name: 'Training' }).click())
    await trainer.follow(() => trainer.page.getByRole('link', { name: 'Show past events' }).click())
    await trainer.visit('/training')
    await trainer.follow(() =>
      trainer.page.getByRole('link', { name: 'Recognising and responding to neglect' }).click(),
    )
    await trainer.follow(() => trainer.page.getByRole('link', { name: 'Register' }).click())
    await trainer.page
      .getByRole('group', { name: /Sam Practitioner/ })
      .getByLabel('Attended')
      .check()
    await trainer.follow(() => trainer.page.getByRole('button', { name: 'Save register' }).click())
    expect(await trainer.page.getByText('Register saved').count()).toBe(1)
    await trainer.close()

    await practitioner.visit(await emailedLink(email, 'evaluation'))
    await practitioner.follow(() => page.getByRole('button', { name: 'Send evaluation' }).click())
    expect(await errorSummary(page)).toContain('Select how useful the course was')
    await page.getByLabel('4', { exact: true }).check()
    await page.getByLabel('What will you do differently? (optional)').fill('Use the profile')
    await practitioner.follow(() => page.getByRole('button', { name: 'Send evaluation' }).click())
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Thank you')
    await practitioner.close()
    // The machine running the browser is shared: a journey of three people takes a while.
  }, 300_000)

  it('passes the accessibility checks on the business unit’s training pages', async () => {
    const journey = await startJourney(browser, server.baseUrl)
    await signIn(journey, demoEmail('business-officer'), DEMO_PASSWORD)
    for (const path of [
      '/training',
      '/training/courses',
      '/training/courses/new',
      '/training/events/new',
      `/training/events/${eventId}`,
      '/training/settings',
      '/training/charges',
      '/training/impact',
      '/training/approvals',
      '/training/trainers',
      '/training/trainers/new',
      '/training/deliveries',
      '/training/deliveries/new',
      '/training/figures',
    ]) {
      expect(await journey.visit(path), path).toBe(200)
    }
    await journey.close()
  }, 300_000)
})
