import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorSummary, launchBrowser, location, type Journey } from './helpers/browser.js'
import { signedInAdmin } from './helpers/journey.js'
import { startTestServer, type TestServer } from './helpers/server.js'

let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
})

afterAll(async () => {
  await browser.close()
  await server.close()
})

/** Administration in the service navigation, then a link on the administration page. */
async function openAdministration(journey: Journey, link: string): Promise<void> {
  const { page } = journey
  const navigation = page.getByRole('navigation', { name: 'Menu' })
  await journey.follow(() => navigation.getByRole('link', { name: 'Administration' }).click())
  expect(location(page)).toBe('/admin')
  await journey.follow(() => page.getByRole('main').getByRole('link', { name: link }).click())
}

describe('partnership administration', () => {
  it('invites a person, who is listed as invited and whose invitation is in the outbox', async () => {
    const journey = await signedInAdmin(browser, server)
    const { page } = journey

    await openAdministration(journey, 'People and roles')
    expect(location(page)).toBe('/admin/users')
    await journey.follow(() => page.getByRole('link', { name: 'Invite a person' }).click())
    expect(location(page)).toBe('/admin/users/new')

    await page.getByLabel('Full name').fill('Priya Shah')
    await page.getByLabel('Work email address').fill('priya.shah@northbridge.example')
    await page.getByLabel('Role').selectOption({ label: 'Social worker' })
    await page
      .getByLabel('Agency (optional)')
      .selectOption({ label: 'Northbridge Council Children’s Services' })
    await journey.follow(() => page.getByRole('button', { name: 'Send invitation' }).click())

    expect(location(page)).toMatch(/^\/admin\/users\/[0-9a-f-]{36}\?notice=invited$/)
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Priya Shah')
    expect(await page.getByText('Invitation sent').count()).toBe(1)
    expect(await page.locator('main').innerText()).toContain('Invited: has not set a password')

    await journey.follow(() => page.getByRole('link', { name: 'Back to people and roles' }).click())
    const row = page.getByRole('row').filter({ hasText: 'Priya Shah' })
    expect(await row.count()).toBe(1)
    expect(await row.innerText()).toContain('priya.shah@northbridge.example')
    expect(await row.innerText()).toContain(
      'Social worker (Northbridge Council Children’s Services)',
    )
    expect(await row.locator('.govuk-tag').innerText()).toBe('Invited')

    await openAdministration(journey, 'Outbox')
    expect(location(page)).toBe('/admin/outbox')
    const invitation = page
      .locator('.govuk-summary-card')
      .filter({ hasText: 'priya.shah@northbridge.example' })
    expect(await invitation.count()).toBe(1)
    expect(await invitation.getByRole('heading').innerText()).toBe(
      'You have been invited to Northbridge Safeguarding Children Partnership on Keepsafe',
    )
    // The link in the email points at this service, where the invitee sets a password.
    expect(await invitation.innerText()).toContain(`${server.baseUrl}/set-password/`)
    await journey.close()
  })

  it('adds an agency, which is then listed', async () => {
    const journey = await signedInAdmin(browser, server)
    const { page } = journey

    await openAdministration(journey, 'Agencies')
    expect(location(page)).toBe('/admin/agencies')
    await journey.follow(() => page.getByRole('link', { name: 'Add an agency' }).click())
    expect(location(page)).toBe('/admin/agencies/new')

    await page.getByLabel('Name', { exact: true }).fill('Northbridge Dental Services')
    await page.getByLabel('Sector').selectOption({ label: 'Health' })
    await page.getByRole('group', { name: 'Is the agency active?' }).getByLabel('Yes').check()
    await journey.follow(() => page.getByRole('button', { name: 'Save agency' }).click())

    expect(location(page)).toBe('/admin/agencies')
    const row = page.getByRole('row').filter({ hasText: 'Northbridge Dental Services' })
    expect(await row.count()).toBe(1)
    expect(await row.innerText()).toMatch(/Health\s+Active/)
    await journey.close()
  })

  it('shows the error summary and inline errors for an empty invitation', async () => {
    const journey = await signedInAdmin(browser, server)
    const { page } = journey

    await journey.visit('/admin/users')
    const peopleBefore = await page.getByRole('row').count()
    await journey.visit('/admin/users/new')
    await journey.follow(() => page.getByRole('button', { name: 'Send invitation' }).click())

    expect(location(page)).toBe('/admin/users')
    expect(await page.title()).toMatch(/^Error: Invite a person/)
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Invite a person')
    const summary = await errorSummary(page)
    expect(summary).toContain('There is a problem')
    const expected = {
      displayName: 'Enter the person’s full name',
      email: 'Enter an email address in the correct format, like name@example.org',
      role: 'Select a role',
    }
    for (const [field, message] of Object.entries(expected)) {
      expect(summary).toContain(message)
      // Each summary entry links to its field, which shows the same message inline.
      const link = page.locator('.govuk-error-summary').getByRole('link', { name: message })
      expect(await link.getAttribute('href')).toBe(`#${field}`)
      const inline = await page.locator(`#${field}-error`).innerText()
      expect(inline.replace(/\s+/g, ' ')).toBe(`Error: ${message}`)
      expect(await page.locator(`#${field}`).getAttribute('aria-describedby')).toContain(
        `${field}-error`,
      )
    }
    expect(await page.locator('.govuk-error-message').count()).toBe(3)
    // GOV.UK Frontend moves focus to the summary, so a screen reader announces it first.
    expect(await page.locator('.govuk-error-summary:focus').count()).toBe(1)
    // Nothing was created.
    await journey.visit('/admin/users')
    expect(await page.getByRole('row').count()).toBe(peopleBefore)
    await journey.close()
  })
})
