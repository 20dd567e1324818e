import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { TEST_PASSWORD, useTestApp } from '../helpers/test-app.js'

const t = useTestApp({ SIGN_IN_ATTEMPTS_PER_MINUTE: '3' })

describe('bad input gets a clear response and changes nothing', () => {
  it('shows the GOV.UK 404 page for an unknown address', async () => {
    const response = await t.inject({
      method: 'GET',
      url: '/no-such-page',
      headers: { accept: 'text/html' },
    })
    expect(response.statusCode).toBe(404)
    expect(response.body).toContain('Page not found')
    expect(response.body).toContain('govuk-template')
  })

  it('answers JSON for an unknown API address', async () => {
    const response = await t.inject({ method: 'GET', url: '/api/v1/nothing-here' })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ error: 'Page not found' })
  })

  it('refuses malformed JSON', async () => {
    const cookie = await t.signInAs('partnership-admin')
    const { cookie: jar, token } = await t.csrf(cookie)
    const response = await t.inject({
      method: 'POST',
      url: '/admin/agencies',
      headers: { cookie: jar, 'content-type': 'application/json', 'x-csrf-token': token },
      payload: '{"name": "Broken',
    })
    expect(response.statusCode).toBe(400)
    const agencies = await t.database.owner
      .selectFrom('agency')
      .select('name')
      .where('partnership_id', '=', t.northbridge.id)
      .execute()
    expect(agencies).toHaveLength(t.northbridge.agencyIds.length)
  })

  it('refuses a body over 1 MB', async () => {
    const cookie = await t.signInAs('partnership-admin')
    const { cookie: jar, token } = await t.csrf(cookie)
    const response = await t.inject({
      method: 'POST',
      url: '/admin/agencies',
      headers: {
        cookie: jar,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
      },
      payload: `_csrf=${encodeURIComponent(token)}&name=${'x'.repeat(1_100_000)}&sector=police`,
    })
    expect(response.statusCode).toBe(413)
    expect(response.body).toContain('What you sent is too large')
  })

  it('refuses a form value that is not what the field expects', async () => {
    const cookie = await t.signInAs('partnership-admin')
    const response = await t.postForm(
      '/admin/agencies',
      { name: 'A new agency', sector: 'martians' },
      cookie,
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Select the agency’s sector')
    expect(response.body).toContain('value="A new agency"')
  })

  it('escapes what people type when showing it back', async () => {
    const cookie = await t.signInAs('partnership-admin')
    const response = await t.postForm(
      '/admin/agencies',
      { name: '<script>alert(1)</script>', sector: '' },
      cookie,
    )
    expect(response.body).not.toContain('<script>alert(1)</script>')
    expect(response.body).toContain('&lt;script&gt;')
  })

  it('rate-limits sign-in attempts from one address', async () => {
    const statuses: number[] = []
    for (let attempt = 0; attempt < 4; attempt++) {
      const response = await t.postForm('/sign-in', {
        email: 'partnership-admin@northbridge.example',
        password: `${TEST_PASSWORD}-wrong`,
      })
      statuses.push(response.statusCode)
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401])
    expect(statuses[3]).toBe(429)
  })

  it('sends security headers and a strict Content-Security-Policy', async () => {
    const response = await t.inject({ method: 'GET', url: '/sign-in' })
    const csp = String(response.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toMatch(/script-src 'self' 'nonce-[0-9a-f]+'/)
    expect(csp).not.toContain('unsafe-inline')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN')
    const nonce = /'nonce-([0-9a-f]+)'/.exec(csp)?.[1]
    expect(response.body).toContain(`nonce="${nonce}"`)
  })

  it('reports health, readiness and metrics', async () => {
    expect((await t.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' })
    expect((await t.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({
      status: 'ok',
    })
    const metrics = await t.inject({ method: 'GET', url: '/metrics' })
    expect(metrics.headers['content-type']).toContain('text/plain')
    expect(metrics.body).toContain('keepsafe_http_requests_total')
    expect(metrics.body).toMatch(/route="\/healthz"/)
  })
})

describe('download names', () => {
  it('never put a person’s quotes, line breaks or slashes into the header', async () => {
    const { attachment } = await import('../../src/platform/csv.js')
    const header = attachment('Board "minutes"\r\n../Jan 2026 – final.pdf')
    expect(header).not.toMatch(/[\r\n]/)
    expect(header).toMatch(/^attachment; filename="[\w.-]+"; filename\*=UTF-8''/)
    expect(decodeURIComponent(header.split("UTF-8''")[1] ?? '')).toBe(
      'Board "minutes"\r\n../Jan 2026 – final.pdf',
    )
  })
})

describe('metrics access', () => {
  const token = 'metrics-token-for-the-scraper-only'
  const guarded = useTestApp({ METRICS_TOKEN: token })

  it('asks for the bearer token when one is set', async () => {
    expect((await guarded.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404)
    const wrong = await guarded.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer metrics-token-for-the-scraper-onlx' },
    })
    expect(wrong.statusCode).toBe(404)
    const right = await guarded.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(right.statusCode).toBe(200)
    expect(right.body).toContain('keepsafe_http_requests_total')
  })

  it('is switched off in production when no token is set', async () => {
    const { mayReadMetrics } = await import('../../src/platform/routes/health.js')
    const request = { headers: {} } as Parameters<typeof mayReadMetrics>[0]
    const production = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'a-production-secret-of-at-least-32-chars',
      PUBLIC_URL: 'https://keepsafe.example.org',
    })
    expect(mayReadMetrics(request, production)).toBe(false)
    expect(mayReadMetrics(request, loadConfig({}))).toBe(true)
  })
})
