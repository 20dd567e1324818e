import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/test-app.js'

const t = useTestApp()

describe('brand: a partnership’s service, not GOV.UK', () => {
  it('serves GOV.UK Frontend’s CSS compiled with Arial, never loading GDS Transport', async () => {
    const css = await t.inject({ method: 'GET', url: '/public/govuk/govuk-frontend.min.css' })
    expect(css.statusCode).toBe(200)
    expect(css.headers['content-type']).toContain('text/css')
    expect(css.body).toContain('arial')
    expect(css.body).not.toMatch(/GDS Transport|@font-face|\.woff2?/i)
  }, 60_000)

  it('shows no crown or royal coat of arms in the header, footer or icons', async () => {
    const page = await t.inject({ method: 'GET', url: '/sign-in' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('govuk-footer')
    expect(page.body).not.toMatch(
      /govuk-logo|__crown|copyright-logo|crest|favicon|govuk-icon|<svg/i,
    )
  })

  it('names the signed-in person’s partnership in the header', async () => {
    const cookie = await t.signInAs('business-officer')
    const page = await t.inject({ method: 'GET', url: '/', headers: { cookie } })
    expect(page.body).toMatch(
      /<span class="keepsafe-header__name">Northbridge Safeguarding Children Partnership<\/span>/,
    )
  })
})
