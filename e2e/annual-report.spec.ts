import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBuild } from '../src/modules/reports/service/progress.js'
import { londonToday } from '../src/platform/calendar.js'
import { addCalendarDays } from '../src/platform/working-days.js'
import {
  errorSummary,
  launchBrowser,
  signIn,
  signInWithTwoFactor,
  startJourney,
} from './helpers/browser.js'
import { DEMO_PASSWORD, demoEmail, startTestServer, type TestServer } from './helpers/server.js'

/** A 1 by 1 pixel PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
)

let server: TestServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
})

afterAll(async () => {
  await browser.close()
  await server.close()
})

describe('the annual report', () => {
  it('is built, a section asked for and accepted, signed off, published and read on the public page', async () => {
    const lead = await server.database.owner
      .selectFrom('app_user')
      .select('display_name')
      .where('email', '=', demoEmail('agency-lead'))
      .executeTakeFirstOrThrow()
    const officer = await startJourney(browser, server.baseUrl)
    // The report's figures read DfE's LAIT file (about 200,000 rows) once: allow for it.
    officer.page.setDefaultTimeout(90_000)
    await signIn(officer, demoEmail('business-officer'), DEMO_PASSWORD)
    await officer.follow(() =>
      officer.page
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Annual report' })
        .click(),
    )
    await officer.page.getByLabel('Year the report starts').fill('2016')
    await officer.follow(() => officer.page.getByRole('button', { name: 'Start report' }).click())
    const reportPath = new URL(officer.page.url()).pathname
    expect(await officer.page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Annual report 2016/17',
    )

    await officer.page.getByLabel('Section title').fill('Thames Valley Police')
    await officer.page
      .getByLabel('Who writes it')
      .selectOption({ label: lead.display_name as string })
    const [year, month, day] = addCalendarDays(londonToday(), 14).split('-')
    await officer.page.getByLabel('Day').fill(String(Number(day)))
    await officer.page.getByLabel('Month').fill(String(Number(month)))
    await officer.page.getByLabel('Year', { exact: true }).fill(year ?? '')
    await officer.follow(() =>
      officer.page.getByRole('button', { name: 'Ask for the section' }).click(),
    )

    // An image in a narrative section: a file that lies about its type is refused, a PNG is added.
    await officer.follow(() =>
      officer.page.getByRole('link', { name: 'Edit Local context', exact: true }).click(),
    )
    const image = officer.page.getByLabel('Image (PNG or JPEG, 2 MB at most)')
    await image.setInputFiles({
      name: 'chart.png',
      mimeType: 'image/png',
      buffer: Buffer.from('<svg onload="alert(1)"></svg>'),
    })
    await officer.page.getByLabel('Alt text').fill('Map of the six localities')
    await officer.follow(() => officer.page.getByRole('button', { name: 'Add image' }).click())
    expect(await errorSummary(officer.page)).toContain('The image must be a PNG or JPEG')
    await officer.page.getByLabel('Image (PNG or JPEG, 2 MB at most)').setInputFiles({
      name: 'map.png',
      mimeType: 'image/png',
      buffer: PNG,
    })
    await officer.page.getByLabel('Alt text').fill('Map of the six localities')
    await officer.follow(() => officer.page.getByRole('button', { name: 'Add image' }).click())
    await officer.visit(reportPath)
    const shown = officer.page.getByRole('img', { name: 'Map of the six localities' })
    expect(
      await shown.evaluate(img => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(1)

    // The build progress page: who owes what, and a PDF built in the background.
    await officer.follow(() => officer.page.getByRole('link', { name: /^Build progress/ }).click())
    const owed = await officer.page.locator('main').innerText()
    expect(owed).toContain('Thames Valley Police')
    expect(owed).toContain(lead.display_name as string)
    await officer.follow(() =>
      officer.page.getByRole('button', { name: 'Build the document' }).click(),
    )
    expect(await officer.page.locator('main').innerText()).toContain('Waiting to start')
    const build = await server.database.owner
      .selectFrom('report_build')
      .select(['id', 'partnership_id'])
      .executeTakeFirstOrThrow()
    await runBuild(server.database.db, build.partnership_id, build.id)
    // Looking again (the link goes to the same page, so the browser would only scroll).
    expect(
      await officer.page.getByRole('link', { name: 'Check how it is going' }).getAttribute('href'),
    ).toBe(`${reportPath}/progress#builds`)
    await officer.visit(`${reportPath}/progress`)
    expect(await officer.page.locator('main').innerText()).toContain('Ready')

    const writer = await startJourney(browser, server.baseUrl)
    await signInWithTwoFactor(writer, demoEmail('agency-lead'), DEMO_PASSWORD)
    await writer.visit('/reports/contributions')
    await writer.follow(() =>
      writer.page.getByRole('link', { name: 'Thames Valley Police' }).click(),
    )
    await writer.page
      .getByLabel('Your section')
      .fill('We trained 300 officers in recognising neglect.')
    await writer.follow(() =>
      writer.page.getByRole('button', { name: 'Send to the business unit' }).click(),
    )
    await writer.close()

    await officer.visit(reportPath)
    await officer.follow(() =>
      officer.page
        .locator('a[href^="/reports/contributions/"]', { hasText: 'Thames Valley Police' })
        .click(),
    )
    await officer.page.getByLabel('Accept into the report').check()
    await officer.follow(() => officer.page.getByRole('button', { name: 'Save decision' }).click())
    expect(await officer.page.locator('main').innerText()).toContain('We trained 300 officers')
    await officer.follow(() =>
      officer.page.getByRole('button', { name: 'Submit for approval' }).click(),
    )

    const chair = await startJourney(browser, server.baseUrl)
    chair.page.setDefaultTimeout(60_000)
    await signIn(chair, demoEmail('board-member'), DEMO_PASSWORD)
    await chair.visit(reportPath)
    await chair.follow(() => chair.page.getByRole('button', { name: 'Approve and freeze' }).click())
    await chair.close()

    await officer.visit(reportPath)
    await officer.follow(() => officer.page.getByRole('button', { name: 'Publish' }).click())
    await officer.close()

    const reader = await startJourney(browser, server.baseUrl)
    reader.page.setDefaultTimeout(60_000)
    await reader.visit('/p/northbridge/reports')
    await reader.follow(() =>
      reader.page.getByRole('link', { name: 'Annual report 2016/17' }).click(),
    )
    const text = await reader.page.locator('main').innerText()
    expect(text).toContain('We trained 300 officers in recognising neglect.')
    expect(text).toContain('Appendix B: budget')
    const pdf = await reader.page.request.get(
      (await reader.page
        .getByRole('link', { name: 'Download the report as a PDF' })
        .getAttribute('href')) ?? '',
    )
    expect(pdf.headers()['content-type']).toBe('application/pdf')
    await reader.close()
  }, 300_000)
})
