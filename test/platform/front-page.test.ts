import { describe, expect, it } from 'vitest'
import { expectNothingWritten } from '../helpers/table-counts.js'
import { useTestApp } from '../helpers/test-app.js'

const t = useTestApp()

const SETTINGS = {
  name: 'Northbridge Safeguarding Children Partnership',
  mfaRequiredForAll: 'no',
  outOfHoursPhone: '01632 960 999',
  frontDoorPhone: '01632 960 100',
  frontDoorHours: 'Monday to Friday, 9am to 5pm',
  thresholdDocumentUrl: 'https://northbridge.example.org.uk/threshold.pdf',
}

describe('the public front page', () => {
  it('lets a signed-out visitor choose between the partnerships the instance holds', async () => {
    const response = await t.inject({ method: 'GET', url: '/' })
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('href="/p/northbridge"')
    expect(response.body).toContain('href="/p/southbridge"')
    expect(response.body).toContain('call 999')
  })

  it('shows the front door numbers, hours and threshold document the administrator sets', async () => {
    const admin = await t.signInAs('partnership-admin')
    const saved = await t.postForm('/admin/settings', SETTINGS, admin)
    expect(saved.statusCode).toBe(303)
    const page = await t.inject({ method: 'GET', url: '/p/northbridge' })
    expect(page.statusCode).toBe(200)
    for (const text of [
      'Report a concern about a child',
      '01632 960 100',
      'Monday to Friday, 9am to 5pm',
      '01632 960 999',
      'href="https://northbridge.example.org.uk/threshold.pdf"',
      'href="/p/northbridge/reports"',
      'href="/sign-in"',
    ]) {
      expect(page.body).toContain(text)
    }
    const other = await t.inject({ method: 'GET', url: '/p/southbridge' })
    expect(other.body).not.toContain('01632 960 100')
    expect((await t.inject({ method: 'GET', url: '/p/nowhere' })).statusCode).toBe(404)
  })

  it('refuses a threshold document address that is not a web address, writing nothing', async () => {
    const admin = await t.signInAs('partnership-admin')
    const bad = await expectNothingWritten(t, () =>
      t.postForm('/admin/settings', { ...SETTINGS, thresholdDocumentUrl: 'threshold.pdf' }, admin),
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter a full web address')
  })

  it('still gives a signed-in person their home page at /', async () => {
    const cookie = await t.signInAs('business-officer')
    const home = await t.inject({ method: 'GET', url: '/', headers: { cookie } })
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('Welcome')
  })
})

describe('the front page with a default partnership', () => {
  const withDefault = useTestApp({ DEFAULT_PARTNERSHIP: 'southbridge' })
  it('opens the configured partnership’s front page at /', async () => {
    const page = await withDefault.inject({ method: 'GET', url: '/' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<h1 class="govuk-heading-xl">Southbridge Safeguarding')
  })
})
