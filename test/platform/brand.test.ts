import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { describe, expect, it, vi } from 'vitest'
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

  it('reads no partnership for health checks, metrics and assets, which have no header', async () => {
    const statements = [
      vi.spyOn(PGlite.prototype, 'query'),
      vi.spyOn(PGlite.prototype, 'exec'),
      vi.spyOn(pg.Pool.prototype, 'connect'),
    ]
    const sent = () => statements.reduce((total, spy) => total + spy.mock.calls.length, 0)
    try {
      for (const url of ['/healthz', '/public/keepsafe.css', '/public/init.js']) {
        const before = sent()
        const response = await t.inject({ method: 'GET', url })
        expect(response.statusCode, url).toBe(200)
        expect(sent() - before, url).toBe(0)
      }
      const before = sent()
      await t.inject({ method: 'GET', url: '/sign-in' })
      expect(sent() - before).toBeGreaterThan(0)
    } finally {
      for (const spy of statements) spy.mockRestore()
    }
  })
})
