import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateSecret, generateSync } from 'otplib'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { DEMO_PASSWORD, demoEmail, seedDemoPartnership } from '../src/demo/platform-data.js'
import { londonToday } from '../src/platform/calendar.js'
import { completeSection47, recordStrategyDiscussion } from '../src/modules/protection/service.js'
import { encryptSecret } from '../src/platform/crypto.js'
import { formatDate } from '../src/platform/http/web.js'
import type { Actor } from '../src/platform/http/types.js'
import { createMailer } from '../src/platform/mail.js'
import type { Role } from '../src/platform/permissions.js'
import {
  addCalendarDays,
  addCalendarMonths,
  englandAndWales,
} from '../src/platform/working-days.js'
import { launchBrowser, location, signIn, startJourney } from './helpers/browser.js'

const SESSION_SECRET = 'e2e-session-secret-that-is-long-enough-0123456789'
const TOTP_SECRET = generateSecret()

let browser: Browser
let baseUrl = ''
let close: () => Promise<void> = () => Promise.resolve()
let childId = ''
/** The conference is held on the last working day before today, so never in the future. */
const heldOn = (() => {
  let day = addCalendarDays(londonToday(), -1)
  while (!englandAndWales.isWorkingDay(day)) day = addCalendarDays(day, -1)
  return day
})()
const strategyOn = addCalendarDays(heldOn, -14)

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => {
        resolve(port)
      })
    })
  })
}

/**
 * The real app with the Northbridge demo partnership, as e2e/helpers/server.ts starts it, plus a
 * child whose Section 47 enquiry ended in a decision to hold an initial conference (seeded
 * through the protection services), and a conference chair with two-factor set up.
 */
async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'keepsafe-e2e-'))
  const port = await freePort()
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${String(port)}`,
    DATA_DIR: dataDir,
    SESSION_SECRET,
    LOG_LEVEL: 'silent',
  })
  const database = await openDatabase({ dataDir })
  await migrateToLatest(database.owner)
  const partnership = await seedDemoPartnership(database.owner)
  const userId = (role: Role) => partnership.users.find(user => user.role === role)?.id ?? ''
  await database.owner
    .updateTable('app_user')
    .set({
      totp_secret: encryptSecret(TOTP_SECRET, SESSION_SECRET, 'totp-secret'),
      totp_enabled_at: new Date(),
    })
    .where('id', '=', userId('conference-chair'))
    .execute()
  const child = await database.owner
    .insertInto('child')
    .values({
      partnership_id: partnership.id,
      la_child_id: 'E2ECHILD',
      given_name: 'Amira',
      family_name: 'Khan',
      birth_date: '2018-04-03',
      sex: 'F',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  childId = child.id as string
  await database.owner
    .insertInto('cin_episode')
    .values({
      partnership_id: partnership.id,
      child_id: childId,
      referral_date: addCalendarDays(strategyOn, -2),
      referral_source: '5A',
      primary_need_code: 'N1',
      referral_nfa: false,
    })
    .execute()
  const worker: Actor = {
    userId: userId('social-worker'),
    email: demoEmail('social-worker'),
    displayName: 'Demo Social Worker',
    partnershipId: partnership.id,
    partnershipName: partnership.name,
    roles: ['social-worker'],
    agencyIds: [],
    via: 'session',
  }
  const [council, police] = partnership.agencyIds
  const recorded = await recordStrategyDiscussion(database.db, {
    actor: worker,
    childId,
    referralId: undefined,
    input: {
      heldOn: strategyOn,
      reason: 'Bruising seen at school',
      participants: [
        { agencyId: police ?? '', personName: 'DS Pat Officer', roleTitle: null },
        { agencyId: council ?? '', personName: 'Sam Worker', roleTitle: 'Team manager' },
      ],
      outcome: 'section-47',
      outcomeNotes: null,
      leadWorkerId: worker.userId,
    },
    requestId: 'e2e-setup',
  })
  if (recorded.kind !== 'recorded' || !recorded.section47Id) throw new Error('No enquiry started')
  await completeSection47(database.db, {
    actor: worker,
    id: recorded.section47Id,
    input: { completedOn: addCalendarDays(strategyOn, 7), outcome: 'conference' },
    requestId: 'e2e-setup',
  })
  const { app } = await buildApp({
    config,
    database,
    mailer: createMailer({ from: config.mailFrom }),
    logger: false,
  })
  await app.listen({ port, host: config.host })
  baseUrl = config.publicUrl
  close = async () => {
    await app.close()
    await database.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

beforeAll(async () => {
  ;[, browser] = await Promise.all([startServer(), launchBrowser()])
})

afterAll(async () => {
  await browser.close()
  await close()
})

describe('the initial child protection conference', () => {
  it('is scheduled, invited, reported to and held by the chair, and makes a plan', async () => {
    const journey = await startJourney(browser, baseUrl)
    const { page } = journey
    const dateBoxes = async (group: string, date: string) => {
      const [year = '', month = '', day = ''] = date.split('-')
      const fieldset = page.getByRole('group', { name: group })
      await fieldset.getByLabel('Day').fill(String(Number(day)))
      await fieldset.getByLabel('Month').fill(String(Number(month)))
      await fieldset.getByLabel('Year').fill(year)
    }

    await signIn(journey, demoEmail('conference-chair'), DEMO_PASSWORD)
    expect(new URL(page.url()).pathname).toBe('/sign-in/two-factor')
    await page.getByLabel('Enter your security code').fill(generateSync({ secret: TOTP_SECRET }))
    await journey.follow(() => page.getByRole('button', { name: 'Continue' }).click())
    expect(location(page)).toBe('/')

    // From the child's record to the protection summary, and on to the conference.
    await journey.visit(`/children/${childId}`)
    await journey.follow(() =>
      page
        .getByRole('link', { name: /Strategy discussions, enquiries, conferences and plans/ })
        .click(),
    )
    expect(location(page)).toBe(`/protection/children/${childId}`)
    await journey.follow(() => page.getByRole('link', { name: /^Initial conference/ }).click())
    expect(location(page)).toMatch(/^\/protection\/conferences\/[0-9a-f-]{36}$/)
    const conferencePath = location(page)
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Initial child protection conference',
    )
    expect(await page.locator('main').innerText()).toContain('To schedule')

    // A Saturday is refused at scheduling, as recording would refuse it, and nothing is saved.
    const saturday = [1, 2, 3, 4, 5, 6, 7]
      .map(days => addCalendarDays(heldOn, days))
      .find(day => new Date(`${day}T12:00:00Z`).getUTCDay() === 6)
    await dateBoxes('Date of the conference', saturday ?? '')
    await page.getByLabel('Time (UK time)').fill('10:00')
    await page.getByLabel('Venue', { exact: true }).fill('Northbridge Civic Centre, room 2')
    await page.getByLabel('Chair', { exact: true }).selectOption({ label: 'Demo Conference Chair' })
    await journey.follow(() => page.getByRole('button', { name: 'Schedule conference' }).click())
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(
      'An initial conference cannot be held on a Saturday or Sunday',
    )

    // Schedule it.
    await dateBoxes('Date of the conference', heldOn)
    await page.getByLabel('Time (UK time)').fill('10:00')
    await page.getByLabel('Venue', { exact: true }).fill('Northbridge Civic Centre, room 2')
    await page.getByLabel('Chair', { exact: true }).selectOption({ label: 'Demo Conference Chair' })
    await journey.follow(() => page.getByRole('button', { name: 'Schedule conference' }).click())
    expect(location(page)).toBe(`${conferencePath}?notice=conference-scheduled`)
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain(
      'Conference scheduled',
    )
    const summary = await page.locator('.govuk-summary-list').first().innerText()
    expect(summary).toContain('10:00')
    expect(summary).toContain('Demo Conference Chair')

    // Invite two agencies, and send the invitations.
    await page.getByLabel('Invitation 1: agency').selectOption({ label: 'Northbridge Police' })
    await page.getByLabel('Invitation 1: name').fill('DS Pat Officer')
    await page.getByLabel('Invitation 1: email (optional)').fill('pat.officer@police.example')
    await page
      .getByLabel('Invitation 2: agency')
      .selectOption({ label: 'Northbridge NHS Foundation Trust' })
    await page.getByLabel('Invitation 2: name').fill('Jo Nurse')
    await journey.follow(() => page.getByRole('button', { name: 'Add invitations' }).click())
    const invited = page.getByRole('table').filter({ hasText: 'Agencies invited' })
    expect(await invited.getByRole('row').count()).toBe(3)
    await page.getByLabel('Northbridge Police: DS Pat Officer').check()
    await page.getByLabel('Northbridge NHS Foundation Trust: Jo Nurse').check()
    await journey.follow(() => page.getByRole('button', { name: 'Mark as sent' }).click())
    expect(await invited.innerText()).not.toContain('Not sent')

    // The police report arrives.
    await journey.follow(() =>
      page.getByRole('button', { name: 'Record report received from Northbridge Police' }).click(),
    )
    const policeRow = invited.getByRole('row').filter({ hasText: 'Northbridge Police' })
    expect(await policeRow.innerText()).toContain('Received')
    const healthRow = invited.getByRole('row').filter({ hasText: 'Northbridge NHS' })
    expect(await healthRow.innerText()).toContain('Due by')

    // Held: attendance, and a plan under neglect.
    await dateBoxes('Date held', heldOn)
    await page
      .getByRole('group', { name: 'Attendance: Northbridge Police (DS Pat Officer)' })
      .getByLabel('Attended')
      .check()
    await page
      .getByRole('group', { name: 'Attendance: Northbridge NHS Foundation Trust (Jo Nurse)' })
      .getByLabel('Sent apologies')
      .check()
    await page
      .getByRole('group', { name: 'Outcome', exact: true })
      .getByLabel('Child protection plan', { exact: true })
      .check()
    await page.getByLabel('Category of abuse or neglect').selectOption({ label: 'Neglect' })
    await journey.follow(() => page.getByRole('button', { name: 'Record outcome' }).click())

    expect(location(page)).toMatch(
      /^\/protection\/plans\/[0-9a-f-]{36}\?notice=conference-recorded$/,
    )
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain(
      'Conference outcome recorded',
    )
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Child protection plan')
    const plan = await page.locator('.govuk-summary-list').first().innerText()
    expect(plan).toContain('Neglect')
    expect(plan).toContain(formatDate(addCalendarMonths(heldOn, 3)))
    expect(plan).toContain(formatDate(englandAndWales.addWorkingDays(heldOn, 10)))

    // The held conference keeps its attendance, which can still be corrected.
    await journey.follow(() => page.getByRole('link', { name: 'The initial conference' }).click())
    expect(await page.getByRole('button', { name: 'Save attendance' }).count()).toBe(1)
    await journey.follow(() =>
      page.getByRole('link', { name: 'The child protection plan' }).click(),
    )

    // The first review waits to be scheduled; its page offers the review's outcomes.
    await journey.follow(() => page.getByRole('link', { name: 'Review 1' }).click())
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Review child protection conference',
    )
    await journey.follow(() =>
      page.getByRole('link', { name: 'The child protection plan' }).click(),
    )

    // The other pages of the journey pass the same accessibility checks.
    await journey.follow(() => page.getByRole('link', { name: 'Back' }).click())
    expect(location(page)).toBe(`/protection/children/${childId}`)
    await journey.follow(() => page.getByRole('link', { name: /^Section 47 enquiry/ }).click())
    await journey.follow(() =>
      page
        .getByRole('link', { name: strategyOn.slice(0, 4), exact: false })
        .first()
        .click(),
    )
    expect(location(page)).toMatch(/^\/protection\/strategy-discussions\//)
    await journey.visit(`/protection/children/${childId}/strategy-discussions/new`)
    await journey.follow(() =>
      page.getByRole('button', { name: 'Record strategy discussion' }).click(),
    )
    expect(await page.title()).toMatch(/^Error: /)
    await journey.visit('/protection/conferences')
    expect(await page.getByRole('row').count()).toBe(3)
    await journey.visit('/protection/settings')
    await journey.close()
    // The whole journey, the weekend refusal included, on a shared machine.
  }, 120_000)
})
