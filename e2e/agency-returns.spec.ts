import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quarterContaining } from '../src/modules/dataset/returns/schema.js'
import { londonToday } from '../src/platform/calendar.js'
import { addCalendarDays, addCalendarMonths } from '../src/platform/working-days.js'
import { errorSummary, launchBrowser, location, type Journey } from './helpers/browser.js'
import { startTestServer, type TestServer } from './helpers/server.js'
import { signedInOnHome } from './helpers/journey.js'

let server: TestServer
let browser: Browser
let folder: string

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
  folder = mkdtempSync(join(tmpdir(), 'keepsafe-returns-'))
  // Starting the server can take minutes on a busy shared machine.
}, 400_000)

afterAll(async () => {
  await browser.close()
  await server.close()
  rmSync(folder, { recursive: true, force: true })
})

// Agency leads see children's names in checks and invitations: they must use a second factor.
const signedIn = (role: 'business-officer' | 'agency-lead') =>
  signedInOnHome(browser, server, role, role === 'agency-lead')

async function addIndicator(journey: Journey, name: string, key: string) {
  const { page } = journey
  await journey.follow(() => page.getByRole('link', { name: 'Add an indicator' }).click())
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Key').fill(key)
  await page.getByLabel('Definition').fill(`${name} in the quarter, from the force's systems`)
  await page.getByLabel('Agency that returns it').selectOption({ label: 'Northbridge Police' })
  await page.getByLabel('Better when').selectOption({ label: 'Lower is better' })
  await journey.follow(() => page.getByRole('button', { name: 'Save indicator' }).click())
  expect(await page.getByText('Indicator added').count()).toBe(1)
}

/** The downloaded template with the Value cells set as given (by spreadsheet row). */
async function editTemplate(page: Page, values: Record<number, ExcelJS.CellValue>, name: string) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /Download the template/ }).click(),
  ])
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(await download.path())
  const sheet = workbook.getWorksheet('Return')
  for (const [row, value] of Object.entries(values))
    if (sheet) sheet.getRow(Number(row)).getCell(5).value = value
  const path = join(folder, name)
  await workbook.xlsx.writeFile(path)
  return path
}

describe('agency returns and report cards', () => {
  it('requests a quarterly return, fills and uploads it, signs it off, chases, and shows it on a report card', async () => {
    const quarter = quarterContaining(addCalendarMonths(quarterContaining(londonToday()).start, -3))
    const due = addCalendarDays(quarter.end, 20)
    const [year, month, day] = due.split('-')

    const officer = await signedIn('business-officer')
    let page = officer.page
    const menu = page.getByRole('navigation', { name: 'Menu' })
    await officer.follow(() => menu.getByRole('link', { name: 'Agency returns' }).click())
    expect(location(page)).toBe('/dataset/returns')
    await officer.follow(() => page.getByRole('link', { name: 'Indicator catalogue' }).click())
    await addIndicator(officer, 'Missing episodes reported', 'missing-episodes')
    await addIndicator(officer, 'Police protection powers used', 'police-protection')

    await officer.visit('/dataset/returns')
    await officer.follow(() =>
      page.getByRole('link', { name: 'Ask agencies for a quarterly return' }).click(),
    )
    await officer.follow(() => page.getByRole('button', { name: 'Ask for returns' }).click())
    expect(await errorSummary(page)).toContain('Select at least one agency')
    await page.getByLabel('Quarter').selectOption({ label: quarter.label })
    await page.getByLabel('Day').fill(day ?? '')
    await page.getByLabel('Month').fill(month ?? '')
    await page.getByLabel('Year').fill(year ?? '')
    await page.getByLabel('Northbridge Police').check()
    await officer.follow(() => page.getByRole('button', { name: 'Ask for returns' }).click())
    expect(await page.getByText('Returns asked for').count()).toBe(1)

    await officer.follow(() =>
      page.getByRole('link', { name: 'Chase list: returns overdue' }).click(),
    )
    await officer.follow(() => page.getByRole('button', { name: /Chase/ }).click())
    expect(await page.getByText('A reminder is on its way').count()).toBe(1)

    const lead = await signedIn('agency-lead')
    page = lead.page
    await lead.follow(() =>
      page
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Agency returns' })
        .click(),
    )
    await lead.follow(() => page.getByRole('link', { name: 'Northbridge Police' }).click())
    await page.getByLabel('Missing episodes reported').fill('41')
    await lead.follow(() => page.getByRole('button', { name: 'Save figures' }).click())
    expect(await page.getByText('Figures saved').count()).toBe(1)

    // Rows are by name: 2 is Missing episodes, 3 is Police protection.
    const bad = await editTemplate(page, { 2: 40, 3: 'twelve' }, 'bad.xlsx')
    await page.getByLabel(/Upload the return/).setInputFiles(bad)
    await lead.follow(() => page.getByRole('button', { name: 'Upload', exact: true }).click())
    expect(await errorSummary(page)).toContain(
      'Row 3, Police protection powers used: enter a whole number, like 12. Nothing was saved',
    )
    expect(await page.locator('#cell-errors').innerText()).toContain(
      'Police protection powers used',
    )

    const good = await editTemplate(page, { 2: 40, 3: 12 }, 'good.xlsx')
    await page.getByLabel(/Upload the return/).setInputFiles(good)
    await lead.follow(() => page.getByRole('button', { name: 'Upload', exact: true }).click())
    expect(await page.getByText('Spreadsheet uploaded and figures saved').count()).toBe(1)
    await lead.follow(() => page.getByRole('button', { name: 'Sign off this return' }).click())
    expect(await page.getByText('Return signed off').count()).toBe(1)
    const history = await page.locator('#history').innerText()
    expect(history).toMatch(/Missing episodes reported\s+2\s+40/)
    expect(history).toMatch(/Missing episodes reported\s+1\s+41/)
    await lead.close()

    page = officer.page
    await officer.follow(() => menu.getByRole('link', { name: 'Report cards' }).click())
    await officer.follow(() => page.getByRole('link', { name: 'Add a report card' }).click())
    await page.getByLabel('Title').fill('Exploitation report card')
    await page.getByLabel(/Theme/).fill('Exploitation')
    await officer.follow(() => page.getByRole('button', { name: 'Add report card' }).click())
    await page
      .getByLabel('Police protection powers used (Northbridge Police)')
      .selectOption({ label: 'How much did we do?' })
    await page
      .getByLabel('Missing episodes reported (Northbridge Police)')
      .selectOption({ label: 'Is anyone better off?' })
    await page
      .getByLabel('Story behind the curve')
      .fill('More powers used after the summer operation.')
    await officer.follow(() => page.getByRole('button', { name: 'Save a new version' }).click())
    expect(await page.getByText('Version 1 saved').count()).toBe(1)
    const chart = page.locator('#chart-indicator-1')
    expect(await chart.locator('svg').count()).toBe(1)
    const table = await page.locator('#chart-indicator-1-table').innerText()
    expect(table).toContain(`${quarter.label.replace(/ \(.*\)$/, '')}\t12`)
    await officer.close()
  }, 300_000)
})
